/**
 * The Bias Lens extensions to LSP, declared once and imported by both the
 * language server (server/src/lsp) and the VS Code client (client/src).
 * Everything else is standard LSP.
 */
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';

/** Settings the client reads from `biaslens.*` and the server asks for per resource. */
export interface ClientSettings {
  enable: boolean;
  /** Globs of files to lint besides the `prompt` language (also the workspace lint set). */
  include: string[];
  exclude: string[];
  /** Rule settings merged over `.biaslens.*` config files: `{ "<rule>": "warning" | ["error", {...}] }`. */
  rules: Record<string, unknown>;
  codeLens: { enable: boolean };
  audit: {
    baseUrl: string;
    model: string;
    temperature?: number;
    maxCalls?: number;
    concurrency?: number;
    checks?: string[];
  };
}

/**
 * Node flags the client starts the server with on a machine with `cores` logical cores,
 * when the server runs on plain Node (client/src/extension.ts; the test harness,
 * test/lsp/lspClient.mjs, uses the same ones). V8 compiles hot
 * functions and runs parts of its garbage collection on a pool of background threads,
 * four by default; on a two-core machine four of them at once took the cores from the
 * thread that answers the editor (docs/benchmarks.md, "a V8 thread pool sized to the
 * machine"). The pool gets the cores less one, at least one and never more than Node's
 * four. The size is given as a number: `--v8-pool-size=0` sizes the pool to the machine
 * in Node 20, but started no threads at all (a hang) in Node versions before
 * nodejs/node#45513, and the editor picks the runtime.
 */
export function serverNodeArgs(cores: number): string[] {
  return [`--v8-pool-size=${Math.min(4, Math.max(1, Math.floor(cores) - 1))}`];
}

export interface InitializationOptions {
  /** Whether the workspace is trusted; in restricted mode nothing may send data anywhere. */
  trusted: boolean;
}

// ---- server -> client ----------------------------------------------------------------

export type ServerState = 'starting' | 'ready' | 'linting' | 'error';

export interface StatusParams {
  state: ServerState;
  /** Findings in the documents the server currently knows (open documents and the last workspace lint). */
  findings: number;
  /** Findings at error severity among those. */
  errors: number;
  /** Files with findings. */
  files: number;
  /** Human-readable detail, e.g. a config error. */
  message?: string;
}

/** Sent whenever the state or the findings count changes. */
export const StatusNotification = new NotificationType<StatusParams>('biaslens/status');

export interface ProgressParams {
  /** Identifies one long-running operation (a workspace lint, an audit). */
  token: string;
  kind: 'begin' | 'report' | 'end';
  title?: string;
  message?: string;
  done?: number;
  total?: number;
}

export const ProgressNotification = new NotificationType<ProgressParams>('biaslens/progress');

// ---- client -> server ----------------------------------------------------------------

/** The user granted workspace trust after the server started. */
export const TrustChangedNotification = new NotificationType<{ trusted: boolean }>('biaslens/trustChanged');

export interface LintWorkspaceParams {
  /** Progress token the server reports under. */
  token: string;
}

export interface LintWorkspaceResult {
  files: number;
  filesWithFindings: number;
  findings: number;
  /** Files that could not be read (with the reason). */
  failed: { uri: string; message: string }[];
  cancelled: boolean;
}

/** Lints every file in the workspace folders that `include` selects; results go to the Problems panel. */
export const LintWorkspaceRequest = new RequestType<LintWorkspaceParams, LintWorkspaceResult, void>('biaslens/lintWorkspace');

export interface ReportFinding {
  ruleId: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
  line: number;
  character: number;
}

export interface ReportExemplarSet {
  /** 0-based line of the block. */
  line: number;
  shape: string;
  exemplars: number;
  /** Gold-answer letters counted over the block, every offered letter present (0 when unused). */
  letterHistogram: Record<string, number>;
  /** Gold labels (non-letter answers) counted over the block. */
  labelDistribution: Record<string, number>;
}

export interface ReportFile {
  uri: string;
  format: string | null;
  findings: ReportFinding[];
  exemplarSets: ReportExemplarSet[];
}

export interface ReportResult {
  generatedAt: string;
  files: ReportFile[];
}

/** Per-file overview for the report webview: open documents plus the last workspace lint. */
export const ReportRequest = new RequestType0<ReportResult, void>('biaslens/report');

/**
 * The few-shot block an audit is for, as a CodeLens or a plan saw it: the document version,
 * the block's index among the exemplar sets of that version, and a hash of its text (see
 * server/src/lsp/auditBlock.ts). The server audits the block at `index` while the document is
 * still that version; after an edit, the one block whose text has that hash, wherever it now
 * is; and refuses when no block, or more than one, has it.
 */
export interface AuditBlockRef {
  version: number;
  index: number;
  hash: string;
  /** What named the block (a CodeLens, or the plan of an audit started without one): for the refusal's wording. */
  from: 'lens' | 'plan';
  /**
   * A lens's ref only: how many few-shot blocks (exemplar sets) the document had in `version`. An
   * edit that leaves as many is one inside blocks (a quick fix, typing), so the block at `index` is
   * still the one under the lens (see `locateBlock`). A plan's ref has none: the run takes exactly
   * the block the user confirmed.
   */
  blocks?: number;
}

/** `value` as an AuditBlockRef when it is one (command arguments and requests come from outside). */
export function asAuditBlockRef(value: unknown): AuditBlockRef | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (!Number.isInteger(v.version) || !Number.isInteger(v.index) || (v.index as number) < 0) return undefined;
  if (typeof v.hash !== 'string' || v.hash.length === 0 || (v.from !== 'lens' && v.from !== 'plan')) return undefined;
  const ref: AuditBlockRef = { version: v.version as number, index: v.index as number, hash: v.hash, from: v.from };
  if (Number.isInteger(v.blocks) && (v.blocks as number) > (v.index as number)) ref.blocks = v.blocks as number;
  return ref;
}

export interface AuditParams {
  uri: string;
  /** Index of the exemplar set to audit in the document as it is now; absent means the engine's default (the largest). */
  exemplarSet?: number;
  /**
   * The block to audit as a CodeLens or the plan named it (third argument of the lens's command,
   * or `plan.block` of the plan answer); it wins over `exemplarSet`.
   */
  block?: AuditBlockRef;
  /** Progress token the server reports under. */
  token: string;
  /** Only plan: count calls and tokens, send nothing. */
  planOnly?: boolean;
  /** Folder for the response cache (the extension's global storage); absent means no cache. */
  cacheDir?: string;
  /** The API key from SecretStorage; never logged, cached or echoed. */
  apiKey?: string;
}

export interface AuditPlanSummary {
  calls: number;
  tokens: number;
  checks: { id: string; calls: number; skipped?: string }[];
  model: string;
  baseUrl: string;
  /** The planned block (undefined when the audit has no exemplar set): send it with the run so that it audits this block. */
  block?: AuditBlockRef;
}

export type AuditResult =
  | { status: 'refused'; message: string }
  | { status: 'planned'; message: string; plan: AuditPlanSummary }
  /** `report` is the engine's AuditReport (the CLI's JSON format); `text` its human-readable form. */
  | { status: 'done'; message: string; report: unknown; text: string };

export const AuditRequest = new RequestType<AuditParams, AuditResult, void>('biaslens/audit');

/** Command ids the server puts into CodeLenses and code actions; the client registers them. */
export const Commands = {
  lintWorkspace: 'biaslens.lintWorkspace',
  runAudit: 'biaslens.runAudit',
  showReport: 'biaslens.showReport',
  setApiKey: 'biaslens.setApiKey',
  restartServer: 'biaslens.restartServer',
  openRuleDocumentation: 'biaslens.openRuleDocumentation',
} as const;

/** The code action kind of "fix all Bias Lens findings" (also run by editor.codeActionsOnSave). */
export const FIX_ALL_KIND = 'source.fixAll.biaslens';
