// Types for lspClient.mjs (used from the TypeScript tests).
import type { ChildProcess } from 'node:child_process';
import type { MessageConnection } from 'vscode-jsonrpc/node.js';

export const serverPath: string;
/** The Node flags the harness starts the server with on `cores` cores (the extension's `serverNodeArgs`). */
export function serverNodeArgs(cores: number): string[];

export interface Published {
  uri: string;
  version?: number;
  diagnostics: any[];
  receivedAt: number;
}

export interface LspTestServer {
  conn: MessageConnection;
  child: ChildProcess;
  init: any;
  published: Map<string, Published[]>;
  statuses: any[];
  progress: any[];
  configurationRequests: any[];
  readonly refreshes: number;
  /** workspace/codeLens/refresh requests received (only with `codeLensRefresh`). */
  readonly lensRefreshes: number;
  readonly stderr: string;
  setSettings(next: Record<string, unknown>): Promise<void>;
  afterNextConfigurationRequest(hook: () => void): void;
  open(uri: string, text: string, languageId?: string, version?: number): Promise<void>;
  change(uri: string, version: number, text: string): Promise<void>;
  edit(uri: string, version: number, range: any, text: string): Promise<void>;
  close(uri: string): Promise<void>;
  diagnostics(uri: string, opts?: { version?: number; since?: number; timeoutMs?: number }): Promise<Published>;
  pushCount(uri: string): number;
  pull(uri: string): Promise<any>;
  waitFor<T>(check: () => T, timeoutMs?: number, what?: string): Promise<T>;
  shutdown(): Promise<void>;
}

export function startLspServer(options?: {
  rootUri?: string | null;
  pull?: boolean;
  trusted?: boolean;
  settings?: Record<string, unknown>;
  configuration?: boolean;
  /** Declare `workspace.codeLens.refreshSupport`. */
  codeLensRefresh?: boolean;
}): Promise<LspTestServer>;

export function applyLspEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string;
