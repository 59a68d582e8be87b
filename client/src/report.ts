/**
 * The report webview: a findings overview per file with an answer-letter
 * histogram and a label distribution per few-shot block, and the charts of the
 * last counterfactual audit of each file in this session (media/audit.js).
 *
 * Security: a strict CSP (no remote content, scripts only with a per-load nonce,
 * styles only from the extension's media/ folder); the page is static and gets
 * its data by postMessage, and media/report.js renders every string with
 * textContent, so nothing from a prompt file is ever parsed as HTML.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ReportResult } from '../../server/src/lsp/protocol.js';
import type { AuditReport } from '../../server/src/audit/types.js';

type Fetch = () => Thenable<ReportResult> | undefined;

export class ReportPanel {
  private static current: ReportPanel | undefined;
  /** The last audit of each file in this session, newest first. */
  private static readonly audits = new Map<string, AuditReport>();
  private lastReport: ReportResult | undefined;

  /** Keep a finished audit's report for the charts (shown now if the panel is open, else when it opens). */
  static recordAudit(uri: string, report: AuditReport): void {
    ReportPanel.audits.delete(uri);
    ReportPanel.audits.set(uri, report);
    void ReportPanel.current?.refresh();
  }

  private static auditList(): { uri: string; report: AuditReport }[] {
    return [...ReportPanel.audits].reverse().map(([uri, report]) => ({ uri, report }));
  }

  static show(context: vscode.ExtensionContext, fetch: Fetch): void {
    if (ReportPanel.current) {
      ReportPanel.current.panel.reveal();
      void ReportPanel.current.refresh();
      return;
    }
    const panel = vscode.window.createWebviewPanel('biaslens.report', 'Bias Lens Report', vscode.ViewColumn.Beside, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'media')],
      retainContextWhenHidden: false,
    });
    ReportPanel.current = new ReportPanel(panel, context.extensionUri, fetch);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly fetch: Fetch,
  ) {
    panel.webview.html = reportHtml(panel.webview, extensionUri, randomBytes(16).toString('base64'));
    panel.onDidDispose(() => {
      if (ReportPanel.current === this) ReportPanel.current = undefined;
    });
    panel.webview.onDidReceiveMessage((message: unknown) => this.onMessage(message));
  }

  private async refresh(): Promise<void> {
    const pending = this.fetch();
    if (!pending) return;
    try {
      this.lastReport = await pending;
      const audits = ReportPanel.auditList();
      const labels = fileLabels([...this.lastReport.files.map((f) => f.uri), ...audits.map((a) => a.uri)]);
      await this.panel.webview.postMessage({ type: 'report', report: this.lastReport, audits, labels });
    } catch (error) {
      await this.panel.webview.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  private onMessage(message: unknown): void {
    if (!message || typeof message !== 'object') return;
    const m = message as { type?: unknown; uri?: unknown; line?: unknown; character?: unknown };
    if (m.type === 'ready' || m.type === 'refresh') {
      void this.refresh();
      return;
    }
    // Only open files the report listed; the webview is not trusted to name arbitrary URIs.
    if (m.type === 'open' && typeof m.uri === 'string' && this.lastReport?.files.some((f) => f.uri === m.uri)) {
      const line = typeof m.line === 'number' ? m.line : 0;
      const character = typeof m.character === 'number' ? m.character : 0;
      const position = new vscode.Position(line, character);
      void vscode.window.showTextDocument(vscode.Uri.parse(m.uri), { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.One });
    }
  }
}

/**
 * The names the page shows for files: relative to their workspace folder (with the folder's name
 * in a multi-root workspace), as VS Code names files elsewhere; a file outside the workspace keeps its path.
 */
function fileLabels(uris: string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const uri of uris) {
    try {
      labels[uri] = vscode.workspace.asRelativePath(vscode.Uri.parse(uri));
    } catch {
      // An unparsable URI: the page shows it as it is.
    }
  }
  return labels;
}

export function reportHtml(webview: vscode.Webview, extensionUri: vscode.Uri, nonce: string): string {
  const media = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', file)).toString();
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${media('report.css')}">
<link rel="stylesheet" href="${media('audit.css')}">
<title>Bias Lens Report</title>
</head>
<body>
<header><h1>Bias Lens Report</h1><button id="refresh" type="button">Refresh</button></header>
<p id="summary" class="muted">Loading…</p>
<div id="audits"></div>
<main id="files"></main>
<script nonce="${nonce}" src="${media('dom.js')}"></script>
<script nonce="${nonce}" src="${media('audit.js')}"></script>
<script nonce="${nonce}" src="${media('report.js')}"></script>
</body>
</html>`;
}
