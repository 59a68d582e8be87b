// Bias Lens report webview. Renders the report the extension posts; every string
// goes through textContent (never innerHTML), and charts are SVG built with DOM calls.
// @ts-check
(function () {
  // @ts-ignore acquireVsCodeApi is provided by the webview host
  const vscode = acquireVsCodeApi();
  // el() and svg() come from media/dom.js, loaded first.
  const { el, svg, displayPath } = /** @type {any} */ (window).biasLensDom;

  /**
   * A horizontal bar chart: one row per entry, with its label and count.
   * @param {string} title @param {[string, number][]} entries
   */
  function barChart(title, entries) {
    const figure = el('figure', 'chart');
    figure.appendChild(el('figcaption', undefined, title));
    const rowHeight = 20;
    const labelWidth = Math.min(160, 16 + 8 * Math.max(1, ...entries.map((e) => Math.min(22, e[0].length))));
    const barWidth = 220;
    const max = Math.max(1, ...entries.map((e) => e[1]));
    const chart = svg('svg', { width: labelWidth + barWidth + 90, height: entries.length * rowHeight + 4, role: 'img' });
    const total = entries.reduce((sum, e) => sum + e[1], 0);
    chart.setAttribute('aria-label', `${title}: ${entries.map((e) => `${e[0]} ${e[1]}`).join(', ')}`);
    entries.forEach(([label, count], i) => {
      const y = i * rowHeight + 2;
      const text = svg('text', { x: labelWidth - 6, y: y + 14, 'text-anchor': 'end', class: 'label' });
      text.textContent = label.length > 22 ? `${label.slice(0, 21)}…` : label;
      chart.appendChild(text);
      const width = Math.round((count / max) * barWidth);
      chart.appendChild(svg('rect', { x: labelWidth, y: y + 2, width: Math.max(width, count ? 2 : 0), height: rowHeight - 6, class: 'bar' }));
      const value = svg('text', { x: labelWidth + width + 6, y: y + 14, class: 'value' });
      value.textContent = total ? `${count} (${Math.round((100 * count) / total)}%)` : String(count);
      chart.appendChild(value);
    });
    figure.appendChild(chart);
    return figure;
  }

  /** @param {any} report @param {unknown} labels the extension's names of files (see displayPath in dom.js) */
  function render(report, labels) {
    const filesNode = /** @type {HTMLElement} */ (document.getElementById('files'));
    const summary = /** @type {HTMLElement} */ (document.getElementById('summary'));
    filesNode.replaceChildren();
    const files = Array.isArray(report.files) ? report.files : [];
    const findings = files.reduce((/** @type {number} */ n, /** @type {any} */ f) => n + f.findings.length, 0);
    summary.textContent = files.length
      ? `${findings} finding${findings === 1 ? '' : 's'} in ${files.length} file${files.length === 1 ? '' : 's'} (open files and the last workspace lint).`
      : 'No files yet: open a prompt file or run "Bias Lens: Lint Workspace".';
    for (const file of files) {
      const section = el('section', 'file');
      const heading = el('h2');
      const link = el('a', undefined, displayPath(file.uri, labels));
      link.setAttribute('href', '#');
      link.addEventListener('click', (e) => {
        e.preventDefault();
        vscode.postMessage({ type: 'open', uri: file.uri, line: 0, character: 0 });
      });
      heading.appendChild(link);
      heading.appendChild(el('span', 'muted', ` ${file.format ?? 'unknown format'} · ${file.findings.length} finding${file.findings.length === 1 ? '' : 's'}`));
      section.appendChild(heading);

      if (file.findings.length) {
        const list = el('ul', 'findings');
        for (const f of file.findings) {
          const item = el('li', `finding ${f.severity}`);
          const where = el('a', 'where', `${f.line + 1}:${f.character + 1}`);
          where.setAttribute('href', '#');
          where.addEventListener('click', (e) => {
            e.preventDefault();
            vscode.postMessage({ type: 'open', uri: file.uri, line: f.line, character: f.character });
          });
          item.appendChild(where);
          item.appendChild(el('span', 'severity', f.severity));
          item.appendChild(el('span', 'message', f.message));
          item.appendChild(el('code', 'rule', f.ruleId));
          list.appendChild(item);
        }
        section.appendChild(list);
      }

      file.exemplarSets.forEach((/** @type {any} */ set, /** @type {number} */ i) => {
        const block = el('div', 'set');
        block.appendChild(el('h3', undefined, `Few-shot block ${i + 1} (line ${set.line + 1}): ${set.exemplars} exemplar${set.exemplars === 1 ? '' : 's'}, ${set.shape} format`));
        const charts = el('div', 'charts');
        const letters = Object.entries(set.letterHistogram);
        if (letters.length) charts.appendChild(barChart('Gold answer letters', /** @type {[string, number][]} */ (letters)));
        const labels = Object.entries(set.labelDistribution).sort((a, b) => Number(b[1]) - Number(a[1]));
        if (labels.length) charts.appendChild(barChart('Gold labels', /** @type {[string, number][]} */ (labels)));
        if (!letters.length && !labels.length) charts.appendChild(el('p', 'muted', 'No gold answers found in this block.'));
        block.appendChild(charts);
        section.appendChild(block);
      });
      filesNode.appendChild(section);
    }
  }

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (!message || typeof message !== 'object') return;
    if (message.type === 'report') render(message.report, message.labels);
    if (message.type === 'error') {
      const summary = /** @type {HTMLElement} */ (document.getElementById('summary'));
      summary.textContent = `Could not build the report: ${String(message.message)}`;
    }
  });
  /** @type {HTMLElement} */ (document.getElementById('refresh')).addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
  vscode.postMessage({ type: 'ready' });
})();
