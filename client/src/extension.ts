/**
 * The Bias Lens VS Code client (dist/extension.js): starts the language server,
 * registers the commands, the language status item and the report webview.
 * Everything about linting lives in the server; this file only wires VS Code up.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  State,
  TransportKind,
  type DocumentSelector,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node.js';
import {
  AuditRequest,
  Commands,
  asAuditBlockRef,
  LintWorkspaceRequest,
  ProgressNotification,
  ReportRequest,
  StatusNotification,
  TrustChangedNotification,
  serverNodeArgs,
  type InitializationOptions,
  type ProgressParams,
  type StatusParams,
} from '../../server/src/lsp/protocol.js';
import { ReportPanel } from './report.js';
import { withoutVerboseTrace } from './trace.js';
import type { AuditReport } from '../../server/src/audit/types.js';

const API_KEY_SECRET = 'biaslens.audit.apiKey';
const CONFIG_FILES = '**/.biaslens.{json,jsonc,yaml,yml}';
/** Settings whose change needs a new document selector, hence a client restart. */
const RESTART_SETTINGS = ['biaslens.enable', 'biaslens.include'];

let client: LanguageClient | undefined;
let statusItem: vscode.LanguageStatusItem | undefined;
let lastStatus: StatusParams | undefined;
const progressListeners = new Map<string, (p: ProgressParams) => void>();

export interface BiasLensApi {
  /** Milliseconds `activate` took (also written to the output channel). */
  activationMs: number;
}

function documentSelector(): DocumentSelector {
  const config = vscode.workspace.getConfiguration('biaslens');
  const include = config.get<string[]>('include', []);
  return [
    // `.prompty` has its own language: VS Code's built-in `prompt` language (chat prompt files)
    // validates front matter in its own format and would flag Prompty's YAML.
    { language: 'prompt' },
    { language: 'prompty' },
    ...include.map((pattern) => ({ scheme: 'file', pattern })),
    { scheme: 'file', pattern: CONFIG_FILES },
  ];
}

function statusSelector(): vscode.DocumentSelector {
  return documentSelector() as vscode.DocumentSelector;
}

function updateStatus(params?: StatusParams): void {
  if (params) lastStatus = params;
  if (!statusItem) return;
  const state = client?.state;
  const s = lastStatus;
  if (state === State.Stopped || state === undefined) {
    statusItem.text = '$(circle-slash) Bias Lens stopped';
    statusItem.detail = 'The language server is not running';
    statusItem.severity = vscode.LanguageStatusSeverity.Warning;
    statusItem.command = { title: 'Restart', command: Commands.restartServer };
    return;
  }
  if (state === State.Starting || !s) {
    statusItem.text = '$(sync~spin) Bias Lens';
    statusItem.detail = 'Starting…';
    statusItem.severity = vscode.LanguageStatusSeverity.Information;
    statusItem.busy = true;
    return;
  }
  statusItem.busy = s.state === 'linting';
  const findings = s.findings === 1 ? '1 finding' : `${s.findings} findings`;
  statusItem.text = s.state === 'error' ? '$(error) Bias Lens' : `${s.findings ? '$(warning)' : '$(check)'} Bias Lens: ${findings}`;
  statusItem.detail = s.message ?? (s.state === 'linting' ? 'Linting…' : s.files ? `in ${s.files} file${s.files === 1 ? '' : 's'}` : 'No findings');
  statusItem.severity = s.state === 'error' || s.message ? vscode.LanguageStatusSeverity.Error : vscode.LanguageStatusSeverity.Information;
  statusItem.command = { title: 'Show Report', command: Commands.showReport };
}

function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  // The pool flag only where the server runs on plain Node (code-server, remote extension hosts), where it was measured.
  // VS Code desktop runs it on Electron's Node, where neither its effect nor its acceptance was checked.
  const nodeArgs = process.versions.electron ? [] : serverNodeArgs(os.availableParallelism());
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: nodeArgs } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...nodeArgs, '--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(),
    outputChannel: output,
    initializationOptions: { trusted: vscode.workspace.isTrusted } satisfies InitializationOptions,
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher(CONFIG_FILES) },
    // Hovers carry document text: never trusted, no HTML, no command links.
    markdown: { isTrusted: false, supportHtml: false },
    diagnosticPullOptions: { onChange: true, onSave: true },
  };
  const c = new LanguageClient('biaslens', 'Bias Lens', serverOptions, clientOptions);
  c.onNotification(StatusNotification, (p) => updateStatus(p));
  c.onNotification(ProgressNotification, (p) => progressListeners.get(p.token)?.(p));
  c.onDidChangeState(() => updateStatus());
  return c;
}

async function startClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<void> {
  if (!vscode.workspace.getConfiguration('biaslens').get<boolean>('enable', true)) {
    updateStatus();
    return;
  }
  try {
    client = createClient(context, output);
    await client.start();
  } catch (error) {
    output.error(`Bias Lens: the language server failed to start: ${error instanceof Error ? error.message : String(error)}`);
  }
  updateStatus();
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  lastStatus = undefined;
  if (c && c.state !== State.Stopped) await c.stop().catch(() => undefined);
}

function requireClient(): LanguageClient | undefined {
  if (client && client.state === State.Running) return client;
  void vscode.window.showWarningMessage('Bias Lens: the language server is not running. Check that "biaslens.enable" is on, or run "Bias Lens: Restart Server".');
  return undefined;
}

/** Runs a server operation under a notification with progress and a cancel button. */
function withServerProgress<T>(title: string, run: (token: string, cancel: vscode.CancellationToken) => Thenable<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, cancel) => {
    const token = `biaslens-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    let reported = 0;
    progressListeners.set(token, (p) => {
      if (p.kind === 'report' && p.total) {
        const pct = (100 * (p.done ?? 0)) / p.total;
        progress.report({ message: p.message, increment: Math.max(0, pct - reported) });
        reported = pct;
      } else if (p.message) progress.report({ message: p.message });
    });
    return Promise.resolve(run(token, cancel)).finally(() => progressListeners.delete(token));
  });
}

async function lintWorkspace(): Promise<void> {
  const c = requireClient();
  if (!c) return;
  const result = await withServerProgress('Bias Lens: linting workspace', (token, cancel) => c.sendRequest(LintWorkspaceRequest, { token }, cancel));
  const summary = result.cancelled
    ? `Bias Lens: workspace lint cancelled.`
    : `Bias Lens: ${result.findings} finding${result.findings === 1 ? '' : 's'} in ${result.filesWithFindings} of ${result.files} file${result.files === 1 ? '' : 's'}.`;
  const failed = result.failed.length ? ` ${result.failed.length} file(s) could not be read.` : '';
  const choice = await vscode.window.showInformationMessage(summary + failed, 'Open Problems');
  if (choice === 'Open Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
}

/**
 * The audit command. From a CodeLens: `(uri, index, block)`, where `block` names the block the
 * lens was shown above (the server audits that block, found again by its text, or refuses if the
 * document changed and it is gone). From the palette: no arguments, the active editor's file.
 * The plan answer names the block it planned, and the run is sent for that block.
 */
async function runAudit(context: vscode.ExtensionContext, uriArg?: unknown, setIndex?: unknown, blockArg?: unknown): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Bias Lens: audits send prompts to a model endpoint and are disabled in Restricted Mode. Trust this workspace to run them.');
    return;
  }
  const uri = typeof uriArg === 'string' ? uriArg : uriArg instanceof vscode.Uri ? uriArg.toString() : vscode.window.activeTextEditor?.document.uri.toString();
  if (!uri) {
    void vscode.window.showInformationMessage('Bias Lens: open a prompt file to audit it.');
    return;
  }
  const c = requireClient();
  if (!c) return;
  const exemplarSet = typeof setIndex === 'number' ? setIndex : undefined;
  const lensBlock = asAuditBlockRef(blockArg);
  // First the plan (nothing is sent), then the user's go-ahead, then the run.
  const plan = await c.sendRequest(AuditRequest, { uri, token: 'plan', exemplarSet, block: lensBlock, planOnly: true });
  if (plan.status !== 'planned') {
    void vscode.window.showWarningMessage(`Bias Lens: ${plan.message}`);
    return;
  }
  const go = await vscode.window.showInformationMessage(
    `Bias Lens: run a counterfactual audit? ${plan.message}`,
    { modal: true, detail: `Checks: ${plan.plan.checks.map((k) => (k.skipped ? `${k.id} (skipped)` : `${k.id} (${k.calls})`)).join(', ')}. Responses are cached, so a re-run costs nothing.` },
    'Run Audit',
  );
  if (go !== 'Run Audit') return;
  const apiKey = await context.secrets.get(API_KEY_SECRET);
  const cacheDir = vscode.Uri.joinPath(context.globalStorageUri, 'audit-cache').fsPath;
  // The block the user confirmed, even if the document changes before the run reaches the server.
  const block = plan.plan.block ?? lensBlock;
  const result = await withServerProgress('Bias Lens: counterfactual audit', (token, cancel) =>
    withoutVerboseTrace(
      c,
      () => vscode.workspace.getConfiguration('biaslens').get<string>('trace.server'),
      () => c.sendRequest(AuditRequest, { uri, token, exemplarSet, block, apiKey, cacheDir }, cancel),
    ),
  );
  if (result.status !== 'done') {
    void vscode.window.showWarningMessage(`Bias Lens: ${result.message}`);
    return;
  }
  ReportPanel.recordAudit(uri, result.report as AuditReport);
  const choice = await vscode.window.showInformationMessage(`Bias Lens audit: ${result.message}`, 'Show Charts', 'Open Text Report');
  if (choice === 'Show Charts') {
    ReportPanel.show(context, () => requireClient()?.sendRequest(ReportRequest));
  } else if (choice === 'Open Text Report') {
    const doc = await vscode.workspace.openTextDocument({ content: result.text, language: 'plaintext' });
    await vscode.window.showTextDocument(doc, { preview: true });
  }
}

async function setApiKey(context: vscode.ExtensionContext): Promise<void> {
  const value = await vscode.window.showInputBox({
    title: 'Bias Lens: API key for audits',
    prompt: 'Stored in VS Code Secret Storage, never in settings or files. Leave empty to remove the stored key.',
    password: true,
    ignoreFocusOut: true,
  });
  if (value === undefined) return;
  if (value.trim() === '') {
    await context.secrets.delete(API_KEY_SECRET);
    void vscode.window.showInformationMessage('Bias Lens: API key removed.');
  } else {
    await context.secrets.store(API_KEY_SECRET, value.trim());
    void vscode.window.showInformationMessage('Bias Lens: API key stored in Secret Storage.');
  }
}

async function restartServer(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<void> {
  await stopClient();
  updateStatus();
  await startClient(context, output);
}

async function openRuleDocumentation(context: vscode.ExtensionContext, ruleArg?: unknown): Promise<void> {
  const docsDir = vscode.Uri.file(context.asAbsolutePath(path.join('docs', 'rules')));
  let ruleId = typeof ruleArg === 'string' && /^[a-z][a-z0-9-]*$/.test(ruleArg) ? ruleArg : undefined;
  if (!ruleId) {
    let entries: [string, vscode.FileType][] = [];
    try {
      entries = await vscode.workspace.fs.readDirectory(docsDir);
    } catch {
      // no docs folder: the pick list is empty
    }
    const ids = entries.filter(([name]) => name.endsWith('.md')).map(([name]) => name.slice(0, -3)).sort();
    ruleId = await vscode.window.showQuickPick(ids, { title: 'Bias Lens: rule documentation', placeHolder: 'Pick a rule' });
    if (!ruleId) return;
  }
  const page = vscode.Uri.joinPath(docsDir, `${ruleId}.md`);
  try {
    await vscode.workspace.fs.stat(page);
  } catch {
    void vscode.window.showWarningMessage(`Bias Lens: there is no documentation page for "${ruleId}".`);
    return;
  }
  await vscode.commands.executeCommand('markdown.showPreview', page).then(undefined, () => vscode.window.showTextDocument(page));
}

export function activate(context: vscode.ExtensionContext): BiasLensApi {
  const started = performance.now();
  // A log channel: VS Code also writes it to a log file (the E2E test reads the activation time there).
  const output = vscode.window.createOutputChannel('Bias Lens', { log: true });
  context.subscriptions.push(output);

  statusItem = vscode.languages.createLanguageStatusItem('biaslens.status', statusSelector());
  statusItem.name = 'Bias Lens';
  context.subscriptions.push(statusItem);

  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.lintWorkspace, () => lintWorkspace()),
    vscode.commands.registerCommand(Commands.runAudit, (uri?: unknown, setIndex?: unknown, block?: unknown) => runAudit(context, uri, setIndex, block)),
    vscode.commands.registerCommand(Commands.showReport, () => ReportPanel.show(context, () => requireClient()?.sendRequest(ReportRequest))),
    vscode.commands.registerCommand(Commands.setApiKey, () => setApiKey(context)),
    vscode.commands.registerCommand(Commands.restartServer, () => restartServer(context, output)),
    vscode.commands.registerCommand(Commands.openRuleDocumentation, (rule?: unknown) => openRuleDocumentation(context, rule)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (RESTART_SETTINGS.some((s) => e.affectsConfiguration(s))) {
        if (statusItem) statusItem.selector = statusSelector();
        void restartServer(context, output);
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      void client?.sendNotification(TrustChangedNotification, { trusted: true });
    }),
    { dispose: () => void stopClient() },
  );

  updateStatus();
  // Not awaited: the server starts in the background so activation stays fast.
  void startClient(context, output);

  const activationMs = performance.now() - started;
  output.info(`Bias Lens activated in ${activationMs.toFixed(1)} ms`);
  return { activationMs };
}

export function deactivate(): Thenable<void> | undefined {
  return stopClient();
}
