/**
 * The Bias Lens language server: a thin adapter from LSP to the lint engine.
 * Works over stdio and node IPC (vscode-languageserver picks the transport from
 * the command line: --stdio, --node-ipc, --socket=N).
 */
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { AbstractMessageWriter, createConnection, type Message, type MessageWriter } from 'vscode-languageserver/node.js';
import { inspect } from 'node:util';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { detectFormat } from '../parse/index.js';
import type { DocumentFormat } from '../model/types.js';
import { codeActions, fixAllEdit, type ActionContext, type ResolveData } from './codeActions.js';
import { codeLenses } from './codeLens.js';
import { ConfigService, isConfigFile } from './config.js';
import { editorDiagnostics } from './diagnostics.js';
import { hoverMarkdown } from './hover.js';
import {
  AuditRequest,
  FIX_ALL_KIND,
  LintWorkspaceRequest,
  ReportRequest,
  StatusNotification,
  TrustChangedNotification,
  type InitializationOptions,
  type ReportFile,
  type StatusParams,
} from './protocol.js';
import { reportFile } from './report.js';
import { Superseded, Validator, type VersionedFindings, type VersionedResult } from './validation.js';
import { WorkspaceLinter } from './workspaceLint.js';
import { LintWorkerPool, type TextEdit } from './lintWorker.js';
import { runAuditRequest } from './audit.js';
import { traceMark, traceStart } from './trace.js';
import { AuditResults, type RecordOutcome } from './auditResults.js';

const LANGUAGE_FORMATS: Record<string, DocumentFormat> = {
  jsonl: 'jsonl',
  yaml: 'yaml',
  json: 'json',
  jsonc: 'json',
  markdown: 'markdown',
  prompty: 'prompty',
};

export function documentFormat(doc: { uri: string; languageId: string; getText(): string }): DocumentFormat {
  const byName = detectFormat(doc.uri, '');
  // A file name that says what it is wins; otherwise the language, then sniffing.
  if (/\.(prompty|jsonl|ndjson|ya?ml|jsonc?|md|markdown|prompt|txt)$/i.test(doc.uri.replace(/[?#].*$/, ''))) return byName;
  return LANGUAGE_FORMATS[doc.languageId] ?? detectFormat(doc.uri, doc.getText().slice(0, 4096));
}

/**
 * TextDocument.update, one change at a time, recording each as an offset edit of the text
 * before it (as update applies it: a reversed range is taken in order) for the lint worker.
 */
function updateRecordingEdits(doc: TextDocument, changes: TextDocumentContentChangeEvent[], version: number, worker: LintWorkerPool): TextDocument {
  const edits: TextEdit[] = [];
  for (const change of changes) {
    if ('range' in change && change.range !== undefined) {
      const a = doc.offsetAt(change.range.start);
      const b = doc.offsetAt(change.range.end);
      edits.push({ start: Math.min(a, b), end: Math.max(a, b), text: change.text });
    } else {
      edits.push({ start: 0, end: doc.getText().length, text: change.text });
    }
    doc = TextDocument.update(doc, [change], version);
  }
  worker.recordEdits(doc.uri, version, edits);
  return doc;
}

/**
 * Writes each JSON-RPC message to stdout in one write (header and body in one buffer).
 * The library's writer makes two writes per message, the second after the first has
 * completed; stdout pipes are synchronous on Linux, so that was two system calls (and two
 * wake-ups of the editor's reader) per message.
 */
class FramedMessageWriter extends AbstractMessageWriter implements MessageWriter {
  private errorCount = 0;

  constructor(private readonly out: NodeJS.WritableStream) {
    super();
    out.on('error', (error: Error) => this.fireError(error));
    out.on('close', () => this.fireClose());
  }

  write(msg: Message): Promise<void> {
    // What the library's encoder writes: JSON.stringify(msg, undefined, 0) in UTF-8 after a Content-Length header.
    const body = JSON.stringify(msg, undefined, 0);
    const length = Buffer.byteLength(body, 'utf8');
    const header = `Content-Length: ${length}\r\n\r\n`;
    const frame = Buffer.allocUnsafe(header.length + length);
    frame.write(header, 0, 'ascii');
    frame.write(body, header.length, 'utf8');
    return new Promise((resolve, reject) => {
      this.out.write(frame, (error?: Error | null) => {
        if (!error) return resolve();
        this.errorCount++;
        this.fireError(error, msg, this.errorCount);
        reject(error);
      });
    });
  }

  end(): void {
    this.out.end();
  }
}

/**
 * The connection the command line asks for (--stdio, --node-ipc, --socket=N), writing each
 * message in one write for --stdio. stdin stays a stream, so the library still exits when it closes.
 */
function defaultConnection(): Connection {
  if (!process.argv.slice(2).includes('--stdio')) return createConnection(ProposedFeatures.all);
  const writer = new FramedMessageWriter(process.stdout);
  // The library wraps a stream argument and takes a writer as it is, though its overloads want both of one kind.
  const connection = createConnection(ProposedFeatures.all, process.stdin, writer as unknown as NodeJS.WritableStream);
  // stdout carries the protocol: console output goes to the client's log (the library does this itself for --stdio).
  const to = (write: (message: string) => void) => (...args: unknown[]) => write(args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' '));
  console.log = to((m) => connection.console.log(m));
  console.info = to((m) => connection.console.info(m));
  console.debug = to((m) => connection.console.log(m));
  console.warn = to((m) => connection.console.warn(m));
  console.error = to((m) => connection.console.error(m));
  console.trace = to((m) => connection.console.log(m));
  console.dir = to((m) => connection.console.log(m));
  return connection;
}

export interface ServerOptions {
  /** The server bundle, started again as a worker thread for large documents; absent means no worker. */
  workerScript?: string;
}

export function startServer(options: ServerOptions = {}, connection: Connection = defaultConnection()): void {
  // A failed notification (e.g. while the client disconnects) must not take the server down.
  process.on('unhandledRejection', (reason) => {
    connection.console.error(`Bias Lens: unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
  });
  const worker = options.workerScript ? new LintWorkerPool(options.workerScript) : undefined;
  const documents = new TextDocuments({
    create: TextDocument.create,
    // The lint worker keeps a copy of a large open document: it is sent the edits, not the text.
    update: (doc, changes, version) => (worker?.holds(doc.uri) ? updateRecordingEdits(doc, changes, version, worker) : TextDocument.update(doc, changes, version)),
  });
  let pullDiagnostics = false;
  let canRefreshDiagnostics = false;
  let canRefreshCodeLens = false;
  let trusted = false;
  let folders: string[] = [];
  let lastStatus = '';

  const configs = new ConfigService(connection, () => folders, () => trusted);
  const workspace = new WorkspaceLinter(connection, configs, worker, (uri) => documents.get(uri) !== undefined);
  /** Flagged checks of each document's last audit, shown as diagnostics on the audited block. */
  const audits = new AuditResults();

  const validator = new Validator({
    document: (uri) => documents.get(uri),
    config: (uri) => configs.forDocumentWithExclusion(uri),
    format: (doc) => documentFormat(doc),
    worker,
    // Diagnostics are pushed as soon as they are known; a worker run's document (for hovers,
    // lenses and actions) follows.
    onFindings: (f) => {
      if (!pullDiagnostics) publish(f);
    },
    onResult: (r) => {
      refreshCodeLensIfStale(r);
      sendStatus();
    },
    onError: (uri, error) => {
      connection.console.error(`Bias Lens: linting ${uri} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      sendStatus('error', `Linting failed: ${error instanceof Error ? error.message : String(error)}`);
    },
  });

  /** What the last CodeLens request of each document got, so a later result that changes them can ask the client to ask again. */
  const servedLenses = new Map<string, string>();

  /**
   * A CodeLens request can be answered before the document's first result exists (or while a
   * config change restarts its lint); the client only asks again on an edit. When a fresh
   * result would give other lenses than the client has, ask it to refresh them.
   */
  /** Titles only: the editor moves lens ranges with edits itself, so only new or changed lenses need a refresh. */
  function lensKey(lenses: { command?: { title: string } }[]): string {
    return JSON.stringify(lenses.map((l) => l.command?.title ?? ''));
  }

  function refreshCodeLensIfStale(r: VersionedResult): void {
    const served = servedLenses.get(r.uri);
    if (served === undefined || !canRefreshCodeLens) return;
    if (served === lensKey(codeLenses(r.uri, r.result))) return;
    servedLenses.delete(r.uri);
    connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }

  function publish(f: VersionedFindings): void {
    // Never publish findings for a version the editor no longer has.
    if (documents.get(f.uri)?.version !== f.version) return;
    traceMark('publish');
    connection.sendDiagnostics({ uri: f.uri, version: f.version, diagnostics: withAuditDiagnostics(f) });
    traceMark('published');
  }

  /** Lint findings plus the document's audit diagnostics (the findings are for the current version). */
  function withAuditDiagnostics(f: VersionedFindings) {
    return [...editorDiagnostics(f.diagnostics), ...audits.diagnostics(documents.get(f.uri))];
  }

  /** The audit diagnostics of a document changed: push them with the current lint result, or ask the client to pull. */
  function refreshDiagnostics(uri: string): void {
    const doc = documents.get(uri);
    if (!doc) return;
    if (pullDiagnostics) {
      if (canRefreshDiagnostics) Promise.resolve(connection.languages.diagnostics.refresh() as unknown).catch(() => undefined);
      return;
    }
    const known = validator.cachedFindings(uri, doc.version);
    if (known) publish(known);
    else validator.schedule(uri);
  }

  function isLinted(uri: string): boolean {
    return !isConfigFile(uri);
  }

  function sendStatus(state?: StatusParams['state'], message?: string): void {
    const counted = new Map<string, { findings: number; errors: number }>();
    for (const [uri, r] of workspace.results()) counted.set(uri, count(r.diagnostics));
    for (const r of validator.all()) if (documents.get(r.uri)) counted.set(r.uri, count(r.result.diagnostics));
    let findings = 0;
    let errors = 0;
    let files = 0;
    for (const c of counted.values()) {
      findings += c.findings;
      errors += c.errors;
      if (c.findings) files++;
    }
    const status: StatusParams = { state: state ?? (workspace.running ? 'linting' : 'ready'), findings, errors, files, message: message ?? configs.problemSummary() };
    const key = JSON.stringify(status);
    if (key === lastStatus) return;
    lastStatus = key;
    void connection.sendNotification(StatusNotification, status);
  }

  function count(diagnostics: { severity: string }[]) {
    return { findings: diagnostics.length, errors: diagnostics.filter((d) => d.severity === 'error').length };
  }

  function revalidateAll(): void {
    validator.invalidateAll();
    // Typed void, but it is a request: catch its rejection.
    if (pullDiagnostics && canRefreshDiagnostics) Promise.resolve(connection.languages.diagnostics.refresh() as unknown).catch(() => undefined);
    if (canRefreshCodeLens) connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    for (const doc of documents.all()) {
      if (isConfigFile(doc.uri)) configs.validateConfigDocument(doc);
      else if (!pullDiagnostics) validator.schedule(doc.uri);
    }
    sendStatus();
  }

  /**
   * The document a request is about, read as it arrives: the open document and its version.
   * The version alone does not name a text: a document closed and opened again (in the editor,
   * or by a language mode change) starts at a version it had before, perhaps with other text.
   * TextDocuments keeps one object per opening (edits update it in place), so the two together do.
   */
  interface Asked {
    doc: TextDocument;
    version: number;
  }

  function askedAbout(uri: string): Asked | undefined {
    const doc = documents.get(uri);
    return doc && { doc, version: doc.version };
  }

  /**
   * The result for the document a request was made for (see `current`); without `asked`, the
   * result for whatever version the document has when it is ready.
   */
  function resultFor(uri: string, asked?: Asked, isCancelled: () => boolean = () => false): Promise<VersionedResult | undefined> {
    return current(uri, (u, c) => validator.validate(u, c), isCancelled, asked);
  }

  /** The findings for the document a request was made for (as resultFor; they may come before the result). */
  function findingsFor(uri: string, asked: Asked | undefined, isCancelled: () => boolean): Promise<VersionedFindings | undefined> {
    return current(uri, (u, c) => validator.findings(u, c), isCancelled, asked);
  }

  /**
   * What `get` gives for a version of the document. With `asked` (the document a request is about,
   * read when it arrived), undefined unless the same opening of the document is still that version
   * when the answer is ready: positions in a request, and ranges in an answer, are in that text, so
   * an answer built from another text's findings would point at the wrong text. Without it, whatever
   * version the document has by then. A run abandoned because the config changed (same version)
   * is simply run again. A current result is answered at once: no waiting on the fast path.
   */
  async function current<T extends { version: number }>(
    uri: string,
    get: (uri: string, isCancelled: () => boolean) => Promise<T>,
    isCancelled: () => boolean,
    asked?: Asked,
  ): Promise<T | undefined> {
    if (!isLinted(uri)) return undefined;
    const isCurrent = () => {
      const now = documents.get(uri);
      return now !== undefined && (asked === undefined || (now === asked.doc && now.version === asked.version)) && !isCancelled();
    };
    for (let attempt = 0; attempt < 5 && isCurrent(); attempt++) {
      try {
        const r = await get(uri, isCancelled);
        // Checked again as it is handed over, not trusted from the run (a newer version: as Superseded).
        if (isCurrent() && r.version === documents.get(uri)!.version) return r;
      } catch (error) {
        if (!(error instanceof Superseded)) throw error;
      }
    }
    return undefined;
  }

  connection.onInitialize((params): InitializeResult => {
    const options = (params.initializationOptions ?? {}) as Partial<InitializationOptions>;
    trusted = options.trusted === true;
    pullDiagnostics = !!params.capabilities.textDocument?.diagnostic;
    canRefreshDiagnostics = !!params.capabilities.workspace?.diagnostics?.refreshSupport;
    canRefreshCodeLens = !!params.capabilities.workspace?.codeLens?.refreshSupport;
    configs.setCanPullSettings(!!params.capabilities.workspace?.configuration);
    folders = (params.workspaceFolders ?? []).map((f) => f.uri);
    if (folders.length === 0 && params.rootUri) folders = [params.rootUri];
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: true },
        codeLensProvider: { resolveProvider: false },
        diagnosticProvider: pullDiagnostics ? { identifier: 'biaslens', interFileDependencies: false, workspaceDiagnostics: false } : undefined,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'biaslens', version: process.env.BIASLENS_VERSION },
    };
  });

  connection.onInitialized(() => {
    if (configs.canPullSettings) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'biaslens' }).catch(() => undefined);
    }
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      folders = folders.filter((f) => !e.removed.some((r) => r.uri === f)).concat(e.added.map((a) => a.uri));
      configs.clear();
      revalidateAll();
    });
    sendStatus('ready');
  });

  connection.onDidChangeConfiguration((change) => {
    configs.clear(change.settings?.biaslens);
    revalidateAll();
  });

  connection.onDidChangeWatchedFiles((params) => {
    if (params.changes.some((c) => isConfigFile(c.uri))) {
      configs.clear();
      revalidateAll();
    }
  });

  connection.onNotification(TrustChangedNotification, (params) => {
    trusted = params.trusted === true;
    configs.clear();
    revalidateAll();
  });

  documents.onDidOpen((e) => {
    if (isConfigFile(e.document.uri)) {
      configs.validateConfigDocument(e.document);
      return;
    }
    workspace.forgetPushed(e.document.uri, pullDiagnostics);
    if (!pullDiagnostics) validator.schedule(e.document.uri);
  });

  documents.onDidChangeContent((e) => {
    traceStart();
    audits.update(e.document);
    if (isConfigFile(e.document.uri)) {
      // An edited (unsaved) config file only gets its own diagnostics; linting follows the saved file.
      configs.validateConfigDocument(e.document);
      return;
    }
    if (!pullDiagnostics) validator.schedule(e.document.uri);
  });

  documents.onDidSave((e) => {
    if (isConfigFile(e.document.uri)) {
      configs.clear();
      revalidateAll();
    }
  });

  documents.onDidClose((e) => {
    const uri = e.document.uri;
    servedLenses.delete(uri);
    validator.forget(uri);
    worker?.forget(uri);
    audits.forget(uri);
    configs.forget(uri);
    if (isConfigFile(uri)) {
      configs.closeConfigDocument(uri);
      return;
    }
    // A file from the last workspace lint keeps its findings (from disk); others are cleared.
    void workspace.restoreAfterClose(uri).then((kept) => {
      // Not when it was opened again meanwhile: its diagnostics are then the editor text's.
      if (!kept && documents.get(uri) === undefined) connection.sendDiagnostics({ uri, diagnostics: [] });
      sendStatus();
    });
  });

  // Every request about a document is answered for the version it was made for, read as it
  // arrives (`current`): once the document has changed, a stale request gets nothing (a pull is
  // asked to retry), never an answer built from another version's findings. (Read then, not
  // later from the document object: TextDocuments updates that object in place on each edit.)

  connection.languages.diagnostics.on(async (params, token) => {
    const uri = params.textDocument.uri;
    const doc = documents.get(uri);
    if (!isLinted(uri) || !doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const f = await findingsFor(uri, askedAbout(uri), () => token.isCancellationRequested);
    if (!f) {
      // The document changed while linting: ask the client to pull again rather than answer with stale findings.
      throw new ResponseError(LSPErrorCodes.ServerCancelled, 'The document changed; diagnostics are being recomputed.', { retriggerRequest: true });
    }
    return { kind: DocumentDiagnosticReportKind.Full, items: withAuditDiagnostics(f) };
  });

  connection.onHover(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    const r = await resultFor(doc.uri, askedAbout(doc.uri));
    // Undefined also when the document changed meanwhile: the position is in text it no longer has.
    if (!r) return null;
    const offset = doc.offsetAt(params.position);
    const value = [hoverMarkdown(r.result, offset), audits.hover(doc.uri, offset)].filter(Boolean).join('\n\n---\n\n');
    // `kind: markdown` is rendered untrusted by the client (see client/src/extension.ts middleware).
    return value ? { contents: { kind: 'markdown', value } } : null;
  });

  /** What code actions for the document a request is about are built from; undefined once it is another version or opening. */
  async function actionContext(uri: string, asked: Asked | undefined): Promise<ActionContext | undefined> {
    if (!asked) return undefined;
    const { doc, version } = asked;
    const format = documentFormat(doc);
    const r = await resultFor(uri, asked);
    if (!r?.result.document) return undefined;
    const config = await configs.forDocument(uri);
    if (documents.get(uri) !== doc || doc.version !== version) return undefined;
    return { uri, version, result: r.result, config, format };
  }

  connection.onCodeAction(async (params) => {
    const uri = params.textDocument.uri;
    const ctx = await actionContext(uri, askedAbout(uri));
    if (!ctx) return [];
    return codeActions(ctx, params.range, params.context.only);
  });

  connection.onCodeActionResolve(async (action: CodeAction) => {
    const data = action.data as ResolveData | undefined;
    if (data?.kind !== 'fixAllRule') return action;
    const asked = askedAbout(data.uri);
    const ctx = await actionContext(data.uri, asked?.version === data.version ? asked : undefined);
    if (!ctx) return action; // the document changed: apply nothing rather than a stale edit
    const edit = fixAllEdit(ctx, data.ruleId);
    return edit ? { ...action, edit } : action;
  });

  connection.onCodeLens(async (params) => {
    const uri = params.textDocument.uri;
    const asked = askedAbout(uri);
    const settings = await configs.settings(uri);
    if (!settings.enable || !settings.codeLens.enable) return [];
    const r = asked ? await resultFor(uri, asked) : undefined;
    const lenses = r ? codeLenses(uri, r.result, r.version) : [];
    // A stale request's [] is recorded too: the next result then asks the client to refresh.
    servedLenses.set(uri, lensKey(lenses));
    return lenses;
  });

  connection.onRequest(LintWorkspaceRequest, async (params, token) => {
    sendStatus('linting');
    const openFindings = async (uri: string) => (documents.get(uri) ? ((await resultFor(uri))?.result.diagnostics.length ?? 0) : undefined);
    try {
      return await workspace.lintAll(folders, params.token, openFindings, token);
    } finally {
      sendStatus();
    }
  });

  connection.onRequest(ReportRequest, async () => {
    const files = new Map<string, ReportFile>();
    for (const [uri, r] of workspace.results()) files.set(uri, reportFile(uri, r));
    for (const doc of documents.all()) {
      if (!isLinted(doc.uri)) continue;
      const r = await resultFor(doc.uri);
      if (r) files.set(doc.uri, reportFile(doc.uri, r.result));
    }
    return { generatedAt: new Date().toISOString(), files: [...files.values()].sort((a, b) => a.uri.localeCompare(b.uri)) };
  });

  connection.onRequest(AuditRequest, async (params, token) => {
    if (!trusted) return { status: 'refused', message: 'Audits are disabled in Restricted Mode: trust this workspace to run them.' };
    const doc = documents.get(params.uri);
    if (!doc) return { status: 'refused', message: 'Open the file in the editor to audit it.' };
    const [config, settings] = await Promise.all([configs.forDocument(doc.uri), configs.settings(doc.uri)]);
    // The audit reads the text as it is now (a block named by a lens or plan of an older version is
    // found again in it, or the audit is refused); its diagnostics are only recorded if the document
    // is still this version when it ends.
    const version = doc.version;
    const text = doc.getText();
    let recorded: RecordOutcome | undefined;
    const result = await runAuditRequest({
      connection,
      params,
      doc,
      version,
      text,
      format: documentFormat(doc),
      config,
      settings: settings.audit,
      token,
      onReport: (report, block) => {
        const hadResults = audits.has(doc.uri);
        recorded = audits.record(documents.get(doc.uri), version, text, block, report);
        if (!recorded.stale && (hadResults || recorded.diagnostics > 0)) refreshDiagnostics(doc.uri);
      },
    });
    if (result.status === 'done' && recorded) {
      const note = recorded.stale
        ? ' The file changed while the audit ran, so no diagnostics were added: run it again to see them on the block.'
        : recorded.diagnostics > 0
          ? ` ${recorded.diagnostics} diagnostic${recorded.diagnostics === 1 ? '' : 's'} added to the audited block.`
          : '';
      return { ...result, message: result.message + note };
    }
    return result;
  });

  connection.onExit(() => worker?.dispose());
  documents.listen(connection);
  connection.listen();
}

