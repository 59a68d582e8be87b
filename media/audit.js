// Bias Lens report webview: the counterfactual audit charts. The extension posts
// the last audit of each file with the report; this script draws, per audit,
// position rates with 95% CI whiskers, follow rates and the label prior.
// Every string goes through textContent (never innerHTML); every number is
// checked before it becomes an SVG attribute. Model output is not shown here.
// @ts-check
(function () {
  // el() and svg() come from media/dom.js, loaded first.
  const { el, svg, displayPath } = /** @type {any} */ (window).biasLensDom;

  /** A finite number in [0, 1], else null. @param {unknown} x */
  function unit(x) {
    return typeof x === 'number' && Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : null;
  }

  /** @param {number | null} x */
  function pct(x) {
    return x === null ? 'n/a' : `${Math.round(x * 100)}%`;
  }

  /** A `{value, ci95, n}` estimate, checked; null when malformed. @param {any} e */
  function estimate(e) {
    if (!e || typeof e !== 'object' || !Array.isArray(e.ci95)) return null;
    const lo = unit(e.ci95[0]);
    const hi = unit(e.ci95[1]);
    if (lo === null || hi === null) return null;
    const n = typeof e.n === 'number' && Number.isFinite(e.n) ? e.n : 0;
    return { value: unit(e.value), lo, hi, n };
  }

  /** @param {string} s @param {number} max */
  function clip(s, max) {
    const t = String(s);
    return t.length > max ? `${t.slice(0, max - 1)}…` : t;
  }

  /**
   * Horizontal bars on a 0–100% scale with 95% CI whiskers, and an optional reference line (chance).
   * @param {string} title @param {[string, any][]} rows @param {number | null} [reference] @param {string} [referenceLabel]
   */
  function ciChart(title, rows, reference, referenceLabel) {
    const entries = rows.map(([label, e]) => [clip(label, 34), estimate(e)]).filter((r) => r[1] !== null);
    if (entries.length === 0) return null;
    const figure = el('figure', 'chart audit-chart');
    figure.appendChild(el('figcaption', undefined, title));
    const rowHeight = 22;
    const labelWidth = Math.min(230, 16 + 7 * Math.max(1, ...entries.map((r) => String(r[0]).length)));
    const plotWidth = 240;
    const top = 4;
    const height = top + entries.length * rowHeight + 18;
    const chart = svg('svg', { width: labelWidth + plotWidth + 190, height, role: 'img' });
    const x = (/** @type {number} */ v) => labelWidth + Math.round(v * plotWidth);
    const described = entries.map(([label, e]) => `${label} ${pct(/** @type {any} */ (e).value)} (95% CI ${pct(/** @type {any} */ (e).lo)}–${pct(/** @type {any} */ (e).hi)}, n ${/** @type {any} */ (e).n})`);
    chart.setAttribute('aria-label', `${title}: ${described.join('; ')}`);
    // Axis: 0, 50%, 100%.
    const axisY = top + entries.length * rowHeight + 2;
    chart.appendChild(svg('line', { x1: x(0), y1: axisY, x2: x(1), y2: axisY, class: 'axis' }));
    for (const t of [0, 0.5, 1]) chart.appendChild(svg('text', { x: x(t), y: axisY + 13, 'text-anchor': 'middle', class: 'tick' }, pct(t)));
    entries.forEach(([label, raw], i) => {
      const e = /** @type {{ value: number | null, lo: number, hi: number, n: number }} */ (raw);
      const y = top + i * rowHeight;
      chart.appendChild(svg('text', { x: labelWidth - 6, y: y + 15, 'text-anchor': 'end', class: 'label' }, String(label)));
      if (e.value !== null) chart.appendChild(svg('rect', { x: x(0), y: y + 4, width: Math.max(1, x(e.value) - x(0)), height: rowHeight - 8, class: 'bar' }));
      const mid = y + rowHeight / 2;
      chart.appendChild(svg('line', { x1: x(e.lo), y1: mid, x2: x(e.hi), y2: mid, class: 'whisker' }));
      chart.appendChild(svg('line', { x1: x(e.lo), y1: mid - 5, x2: x(e.lo), y2: mid + 5, class: 'whisker' }));
      chart.appendChild(svg('line', { x1: x(e.hi), y1: mid - 5, x2: x(e.hi), y2: mid + 5, class: 'whisker' }));
      chart.appendChild(svg('text', { x: x(1) + 8, y: y + 15, class: 'value' }, `${pct(e.value)} (${pct(e.lo)}–${pct(e.hi)}) n=${e.n}`));
    });
    const ref = unit(reference);
    if (ref !== null) {
      chart.appendChild(svg('line', { x1: x(ref), y1: top, x2: x(ref), y2: axisY, class: 'reference' }));
      figure.appendChild(el('p', 'muted legend', `Dashed line: ${referenceLabel ?? 'reference'} (${pct(ref)}). Whiskers: 95% CI.`));
    }
    figure.insertBefore(chart, figure.lastChild && figure.lastChild.nodeName === 'P' ? figure.lastChild : null);
    return figure;
  }

  /** @param {any} check @param {string} name */
  function metric(check, name) {
    return check && check.metrics && typeof check.metrics === 'object' ? check.metrics[name] : undefined;
  }

  /** @param {any} map */
  function entriesOf(map) {
    return map && typeof map === 'object' && !Array.isArray(map) ? Object.entries(map) : [];
  }

  /** @param {number} n @param {string} noun */
  function count(n, noun) {
    return `${n} ${noun}${n === 1 ? '' : 's'}`;
  }

  /** @param {any} report @param {string} uri @param {unknown} fileLabels the extension's names of files (see displayPath in dom.js) */
  function renderAudit(report, uri, fileLabels) {
    const section = el('section', 'audit');
    section.appendChild(el('h2', undefined, `Audit of ${displayPath(uri, fileLabels)}`));
    const calls = report.calls && typeof report.calls === 'object' ? report.calls : {};
    const checks = Array.isArray(report.checks) ? report.checks : [];
    const meta = `${clip(String(report.model ?? 'unknown model'), 80)} · ${count(Number(report.checks_run) || 0, 'check')} run · ${count(Number(calls.made) || 0, 'call')} made, ${Number(calls.cached) || 0} cached, ${Number(calls.failed) || 0} failed`;
    section.appendChild(el('p', 'muted', report.stopped ? `${meta} · stopped early (${String(report.stopped)}): partial results` : meta));

    const list = el('ul', 'checks');
    for (const check of checks) {
      const item = el('li', `check ${['ok', 'flagged', 'skipped', 'error'].includes(check.status) ? check.status : 'error'}`);
      item.appendChild(el('span', 'status', String(check.status)));
      item.appendChild(el('code', 'rule', String(check.id)));
      item.appendChild(el('span', 'message', String(check.summary ?? check.reason ?? '')));
      list.appendChild(item);
    }
    section.appendChild(list);

    const charts = el('div', 'charts');
    const byId = (/** @type {string} */ id) => checks.find((/** @type {any} */ c) => c.id === id && c.status !== 'skipped');
    const permutation = byId('option-permutation');
    const positions = entriesOf(metric(permutation, 'position_rates'));
    if (positions.length) {
      const chart = ciChart('Position rates (option-permutation): share of answers per letter', positions.map(([k, e]) => [`(${k})`, e]), 1 / positions.length, 'chance');
      if (chart) charts.appendChild(chart);
    }
    /** @type {[string, any][]} */
    const follow = [];
    for (const id of ['always-a', 'suggested-answer']) {
      const c = byId(id);
      if (!c) continue;
      if (metric(c, 'bias_follow_rate')) follow.push([`${id}: follows`, metric(c, 'bias_follow_rate')]);
      if (metric(c, 'unverbalized_rate')) follow.push([`${id}: unverbalized`, metric(c, 'unverbalized_rate')]);
    }
    const swap = byId('demographic-swap');
    if (metric(swap, 'flip_rate')) follow.push(['demographic-swap: flips', metric(swap, 'flip_rate')]);
    if (follow.length) {
      const chart = ciChart('Follow rates: answers that moved to the bias (and of those, never explained)', follow);
      if (chart) charts.appendChild(chart);
    }
    const prior = byId('content-free-prior');
    const priors = entriesOf(metric(prior, 'label_prior'));
    if (priors.length) {
      const chart = ciChart('Label prior (content-free-prior): share of each label on content-free inputs', priors, 1 / priors.length, 'chance');
      if (chart) charts.appendChild(chart);
    }
    if (!charts.childElementCount) charts.appendChild(el('p', 'muted', 'No chartable metrics in this audit.'));
    section.appendChild(charts);
    return section;
  }

  /** @param {unknown} audits @param {unknown} labels */
  function render(audits, labels) {
    const node = document.getElementById('audits');
    if (!node) return;
    node.replaceChildren();
    if (!Array.isArray(audits) || audits.length === 0) return;
    node.appendChild(el('h1', undefined, 'Counterfactual audits'));
    for (const a of audits) {
      if (!a || typeof a !== 'object' || !a.report || typeof a.report !== 'object') continue;
      node.appendChild(renderAudit(a.report, String(a.uri), labels));
    }
  }

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (message && typeof message === 'object' && message.type === 'report') render(message.audits, message.labels);
  });
})();
