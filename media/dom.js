// Bias Lens report webview: DOM helpers shared by audit.js and report.js, which
// the page loads after this file. Text only ever goes through textContent (never
// innerHTML); SVG attributes are set one by one with setAttribute.
// @ts-check
(function () {
  const SVG = 'http://www.w3.org/2000/svg';

  /** @param {string} tag @param {string} [className] @param {string} [text] */
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** @param {string} tag @param {Record<string, string | number>} attrs @param {string} [text] */
  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /**
   * How a file is named on the page: as the extension labels it (relative to the workspace,
   * as VS Code names files elsewhere), else the path of its URI.
   * @param {string} uri @param {unknown} labels what the extension posted: { [uri]: label }
   */
  function displayPath(uri, labels) {
    if (labels && typeof labels === 'object' && Object.prototype.hasOwnProperty.call(labels, uri)) {
      const label = /** @type {Record<string, unknown>} */ (labels)[uri];
      if (typeof label === 'string' && label) return label;
    }
    try {
      return decodeURIComponent(new URL(uri).pathname);
    } catch {
      return String(uri);
    }
  }

  /** @type {any} */ (window).biasLensDom = Object.freeze({ el, svg, displayPath });
})();
