// A minimal LSP client for tests and benchmarks: spawns `node dist/server.js --stdio`
// and talks to it with vscode-jsonrpc. Plain JS so bench/lsp.bench.mjs can use it too.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// BIASLENS_SERVER_PATH: another server bundle (an A/B bench of two builds).
export const serverPath = process.env.BIASLENS_SERVER_PATH ? path.resolve(process.env.BIASLENS_SERVER_PATH) : path.join(root, 'dist', 'server.js');

/**
 * The Node flags the extension starts the server with on a machine with `cores` cores
 * (`serverNodeArgs` in server/src/lsp/protocol.ts; test/lsp/server.test.ts checks the two
 * agree), so tests and benchmarks run the server as users do.
 * @param {number} cores
 */
export function serverNodeArgs(cores) {
  return [`--v8-pool-size=${Math.min(4, Math.max(1, Math.floor(cores) - 1))}`];
}

/**
 * @param {{ rootUri?: string | null, pull?: boolean, trusted?: boolean, settings?: Record<string, unknown>, configuration?: boolean }} [options]
 */
export async function startLspServer(options = {}) {
  const { rootUri = null, pull = false, trusted = true, configuration = true, codeLensRefresh = false } = options;
  let settings = options.settings ?? {};
  // BIASLENS_SERVER_NODE_ARGS: extra Node flags for the server (e.g. `--cpu-prof --cpu-prof-dir=/tmp/p` to profile a bench run).
  const nodeArgs = (process.env.BIASLENS_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...serverNodeArgs(os.availableParallelism()), ...nodeArgs, serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));

  /** @type {Map<string, any[]>} */
  const published = new Map();
  /** @type {Set<() => void>} */
  const waiters = new Set();
  const notify = () => {
    for (const w of [...waiters]) w();
  };
  /** @type {any[]} */
  const statuses = [];
  /** @type {any[]} */
  const progress = [];
  /** @type {any[]} */
  const configurationRequests = [];

  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    if (!published.has(p.uri)) published.set(p.uri, []);
    published.get(p.uri).push({ ...p, receivedAt: performance.now() });
    notify();
  });
  conn.onNotification('biaslens/status', (p) => {
    statuses.push(p);
    notify();
  });
  conn.onNotification('biaslens/progress', (p) => progress.push(p));
  conn.onNotification('window/logMessage', () => undefined);
  /** @type {(() => void)[]} */
  const afterConfiguration = [];
  conn.onRequest('workspace/configuration', (p) => {
    configurationRequests.push(p);
    // Hooks run once the reply is on its way (tests use this to change settings mid-lint).
    for (const hook of afterConfiguration.splice(0)) setImmediate(hook);
    return p.items.map((/** @type {any} */ item) => (item.section === 'biaslens' ? settings : null));
  });
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('workspace/diagnostic/refresh', () => {
    refreshes++;
    notify();
    return null;
  });
  conn.onRequest('workspace/codeLens/refresh', () => {
    lensRefreshes++;
    notify();
    return null;
  });
  conn.onRequest('window/workDoneProgress/create', () => null);
  let refreshes = 0;
  let lensRefreshes = 0;
  conn.listen();

  const capabilities = {
    workspace: {
      configuration,
      didChangeConfiguration: { dynamicRegistration: true },
      workspaceFolders: true,
      diagnostics: { refreshSupport: true },
      ...(codeLensRefresh ? { codeLens: { refreshSupport: true } } : {}),
    },
    textDocument: {
      synchronization: { dynamicRegistration: false },
      hover: { contentFormat: ['markdown', 'plaintext'] },
      codeAction: {
        codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
        resolveSupport: { properties: ['edit'] },
        dataSupport: true,
        isPreferredSupport: true,
      },
      publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
      ...(pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
    },
  };
  const init = await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: rootUri ? [{ uri: rootUri, name: 'ws' }] : null,
    capabilities,
    initializationOptions: { trusted },
  });
  await conn.sendNotification('initialized', {});

  /** Resolves when `check()` returns a truthy value (checked on every message). */
  function waitFor(/** @type {() => any} */ check, timeoutMs = 10_000, what = 'condition') {
    return new Promise((resolve, reject) => {
      const first = check();
      if (first) return resolve(first);
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`timed out waiting for ${what}; server stderr: ${stderr.slice(-2000)}`));
      }, timeoutMs);
      const waiter = () => {
        const v = check();
        if (v) {
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(v);
        }
      };
      waiters.add(waiter);
    });
  }

  return {
    conn,
    child,
    init,
    published,
    statuses,
    progress,
    configurationRequests,
    get refreshes() {
      return refreshes;
    },
    /** workspace/codeLens/refresh requests received (only sent to clients that declare codeLensRefresh). */
    get lensRefreshes() {
      return lensRefreshes;
    },
    get stderr() {
      return stderr;
    },
    /** Runs `hook` right after the server's next workspace/configuration request is answered. */
    afterNextConfigurationRequest(/** @type {() => void} */ hook) {
      afterConfiguration.push(hook);
    },
    setSettings(/** @type {Record<string, unknown>} */ next) {
      settings = next;
      return conn.sendNotification('workspace/didChangeConfiguration', { settings: { biaslens: next } });
    },
    open(/** @type {string} */ uri, /** @type {string} */ text, languageId = 'prompt', version = 1) {
      return conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    },
    /** Replaces the whole text (a change without a range). */
    change(/** @type {string} */ uri, /** @type {number} */ version, /** @type {string} */ text) {
      return conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    },
    /** Incremental change of one range. */
    edit(/** @type {string} */ uri, /** @type {number} */ version, /** @type {any} */ range, /** @type {string} */ text) {
      return conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    },
    close(/** @type {string} */ uri) {
      return conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    },
    /** The next push of diagnostics for `uri` (optionally for one version) after `since` (a count of earlier pushes). */
    diagnostics(/** @type {string} */ uri, /** @type {{ version?: number, since?: number, timeoutMs?: number }} */ opts = {}) {
      const since = opts.since ?? 0;
      return waitFor(
        () => {
          const list = (published.get(uri) ?? []).slice(since);
          return list.find((p) => opts.version === undefined || p.version === opts.version);
        },
        opts.timeoutMs ?? 10_000,
        `diagnostics for ${uri}${opts.version !== undefined ? ` v${opts.version}` : ''}`,
      );
    },
    pushCount(/** @type {string} */ uri) {
      return (published.get(uri) ?? []).length;
    },
    pull(/** @type {string} */ uri) {
      return conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
    },
    waitFor,
    async shutdown() {
      try {
        await conn.sendRequest('shutdown');
        await conn.sendNotification('exit');
      } catch {
        // already gone
      }
      conn.dispose();
      if (child.exitCode === null) {
        await new Promise((resolve) => {
          const t = setTimeout(() => {
            child.kill();
            resolve(undefined);
          }, 2000);
          child.once('exit', () => {
            clearTimeout(t);
            resolve(undefined);
          });
        });
      }
    },
  };
}

/**
 * Applies LSP text edits (non-overlapping) to a text.
 * @param {string} text @param {{ range: { start: { line: number, character: number }, end: { line: number, character: number } }, newText: string }[]} edits
 */
export function applyLspEdits(text, edits) {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const offset = (/** @type {{ line: number, character: number }} */ p) => (p.line >= starts.length ? text.length : Math.min(starts[p.line] + p.character, text.length));
  const sorted = edits.map((e) => ({ start: offset(e.range.start), end: offset(e.range.end), newText: e.newText })).sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
