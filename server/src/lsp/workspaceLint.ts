/**
 * "Lint Workspace": every file in the workspace folders that `biaslens.include`
 * selects (minus excludes), linted from disk, findings pushed to the Problems
 * panel. Open documents are skipped: their findings come from the editor text.
 */
import { promises as fs } from 'node:fs';
import { pathToFileURL } from 'node:url';
// `require` form: esbuild then bundles tinyglobby's CommonJS build (its ESM build needs import.meta).
import tinyglobby = require('tinyglobby');
import type { CancellationToken, Connection } from 'vscode-languageserver';
import { fileTooLargeResult, type LintResult } from '../engine/lint.js';
import { decodeFileText } from '../engine/fileText.js';
import { DEFAULT_EXCLUDE } from '../config/schema.js';
import { detectFormat } from '../parse/index.js';
import { type ConfigService, uriToPath } from './config.js';
import { editorDiagnostics } from './diagnostics.js';
import { ProgressNotification, type LintWorkspaceResult } from './protocol.js';
import { lintYielding } from './validation.js';
import type { LintWorkerPool } from './lintWorker.js';

export class WorkspaceLinter {
  private readonly lastResults = new Map<string, LintResult>();
  /** URIs whose findings were pushed by the last workspace lint. */
  private readonly pushed = new Set<string>();
  running = false;

  constructor(
    private readonly connection: Connection,
    private readonly configs: ConfigService,
    private readonly worker?: LintWorkerPool,
    /** Whether a document is open in the editor now: its findings come from the editor text, never from disk. */
    private readonly isOpen: (uri: string) => boolean = () => false,
  ) {}

  results(): Iterable<[string, LintResult]> {
    return this.lastResults.entries();
  }

  /** A file was opened: its editor findings take over (pull diagnostics live in another collection, so clear the pushed ones). */
  forgetPushed(uri: string, pullDiagnostics: boolean): void {
    this.lastResults.delete(uri);
    if (pullDiagnostics && this.pushed.delete(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** A file was closed: if the workspace lint covered it, lint it again from disk and keep its findings. */
  async restoreAfterClose(uri: string): Promise<boolean> {
    if (!this.pushed.has(uri)) return false;
    const outcome = await this.lintFile(uri);
    return outcome === 'ok';
  }

  /** Lets go of a file's disk findings; clears them in the editor unless the file is open (its diagnostics are then the editor text's). */
  private clear(uri: string): void {
    this.lastResults.delete(uri);
    if (this.pushed.delete(uri) && !this.isOpen(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private async lintFile(uri: string): Promise<'ok' | 'open' | string> {
    const file = uriToPath(uri);
    if (!file) return 'not a file';
    const { config, excluded } = await this.configs.forDocumentWithExclusion(uri);
    // Workspace lint reads only files that are not open: their configs need not stay cached.
    this.configs.forget(uri);
    if (excluded) return 'excluded';
    // Read as the CLI reads a file: a file over maxFileSize is refused without being read, and the
    // rest is decoded by its byte order mark (so positions match the editor's, which leaves the mark out).
    let text: string | undefined;
    let refused: LintResult | undefined;
    try {
      const { size } = await fs.stat(file);
      if (size > config.maxFileSize) refused = fileTooLargeResult(uri, size, config.maxFileSize);
      else {
        const decoded = decodeFileText(uri, await fs.readFile(file));
        if (decoded.kind === 'text') text = decoded.text;
        else refused = decoded.result;
      }
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
    const result = refused ?? (await lintYielding({ uri, text: text!, format: detectFormat(uri, text!.slice(0, 4096)) }, config, () => false, this.worker));
    if (!result) return 'cancelled';
    // Opened while it was read or linted (a close and a quick reopen): the editor text's findings stand.
    if (this.isOpen(uri)) return 'open';
    this.lastResults.set(uri, result);
    this.pushed.add(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: editorDiagnostics(result.diagnostics) });
    return 'ok';
  }

  /**
   * @param openFindings findings of an open document (linted from the editor text), by URI
   */
  async lintAll(
    folderUris: string[],
    token: string,
    openFindings: (uri: string) => Promise<number | undefined>,
    cancel: CancellationToken,
  ): Promise<LintWorkspaceResult> {
    const progress = (kind: 'begin' | 'report' | 'end', extra: { message?: string; done?: number; total?: number } = {}) =>
      void this.connection.sendNotification(ProgressNotification, { token, kind, title: 'Bias Lens: linting workspace', ...extra });
    this.running = true;
    progress('begin', { message: 'Finding files…' });
    const outcome: LintWorkspaceResult = { files: 0, filesWithFindings: 0, findings: 0, failed: [], cancelled: false };
    try {
      const uris = new Set<string>();
      for (const folder of folderUris) {
        const cwd = uriToPath(folder);
        if (!cwd) continue;
        const settings = await this.configs.settings(folder);
        if (!settings.enable) continue;
        // Excludes that start with **/ prune the walk; every file is checked against all excludes when linted.
        const prune = [...settings.exclude, ...DEFAULT_EXCLUDE].filter((g) => g.startsWith('**/'));
        const files = await tinyglobby.glob(settings.include, { cwd, absolute: true, ignore: prune, dot: false, followSymbolicLinks: false });
        for (const f of files) uris.add(pathToFileURL(f).href);
      }
      // Files that were linted before but are gone or no longer included: clear them.
      for (const uri of [...this.pushed]) if (!uris.has(uri)) this.clear(uri);
      const list = [...uris].sort();
      let done = 0;
      for (const uri of list) {
        if (cancel.isCancellationRequested) {
          outcome.cancelled = true;
          break;
        }
        done++;
        const fromEditor = await openFindings(uri);
        if (fromEditor !== undefined) {
          // The editor's own diagnostics cover an open file.
          outcome.findings += fromEditor;
          if (fromEditor) outcome.filesWithFindings++;
          continue;
        }
        const result = await this.lintFile(uri);
        if (result === 'excluded') {
          this.clear(uri);
        } else if (result !== 'ok' && result !== 'open') outcome.failed.push({ uri, message: result });
        if (done % 10 === 0 || done === list.length) progress('report', { message: `${done} of ${list.length} files`, done, total: list.length });
      }
      outcome.files = list.length;
      for (const uri of list) {
        const r = this.pushed.has(uri) ? this.lastResults.get(uri) : undefined;
        if (r && r.diagnostics.length) {
          outcome.filesWithFindings++;
          outcome.findings += r.diagnostics.length;
        }
      }
      return outcome;
    } finally {
      this.running = false;
      progress('end');
    }
  }
}
