/**
 * The set-up the language server's test files share: a temporary workspace folder, and the
 * servers (and anything else with a `close`, such as model stand-ins) started for a test,
 * shut down after it, servers first. dist/server.js is built first if stale, and not read while
 * another test file's build writes it (a server given by BIASLENS_SERVER_PATH is taken as it is).
 * Call at the top level of a test file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { ensureBuilt } from '../support/build.js';
import { startLspServer, type LspTestServer } from './lspClient.mjs';

export interface LspWorkspace {
  /** The workspace folder (made before the file's first test). */
  readonly dir: string;
  /** The file URI of `name` in the workspace folder. */
  fileUri(name: string): string;
  /** A server with the workspace folder as its root (and `options`), shut down after the test. */
  start(options?: Parameters<typeof startLspServer>[0]): Promise<LspTestServer>;
  /** Shuts `s` (a server started otherwise) down after the test. */
  track(s: LspTestServer): LspTestServer;
  /** Closes `c` after the test, after the servers. */
  closeAfter<T extends { close(): Promise<void> }>(c: T): T;
}

export function useLspWorkspace(name: string): LspWorkspace {
  let dir = '';
  const servers: LspTestServer[] = [];
  const others: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    if (!process.env.BIASLENS_SERVER_PATH) await ensureBuilt();
    dir = mkdtempSync(path.join(os.tmpdir(), `biaslens-${name}-`));
  }, 180_000);
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.shutdown()));
    await Promise.all(others.splice(0).map((c) => c.close()));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    get dir() {
      return dir;
    },
    fileUri: (file) => pathToFileURL(path.join(dir, file)).href,
    async start(options = {}) {
      const s = await startLspServer({ rootUri: pathToFileURL(dir).href, ...options });
      servers.push(s);
      return s;
    },
    track(s) {
      servers.push(s);
      return s;
    },
    closeAfter(c) {
      others.push(c);
      return c;
    },
  };
}
