/**
 * Builds `dist/` for tests that run the bundles (the CLI's `dist/cli.js`, the language
 * server's `dist/server.js`), once: only when a bundle is missing or older than the
 * sources, and under a lock, so parallel test files neither build twice nor read a
 * bundle while another file's build is writing it. (`npm test` builds first, so there
 * it finds the bundles fresh; a run of vitest alone after editing a source builds here.)
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../..');
const bundles = ['cli.js', 'server.js'].map((f) => path.join(repoRoot, 'dist', f));
const sources = ['server/src', 'package.json', 'scripts'].map((p) => path.join(repoRoot, p));

function newestMtime(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

/** Whether a bundle is missing or older than the newest source. */
function bundlesStale(): boolean {
  if (!bundles.every((b) => fs.existsSync(b))) return true;
  const oldest = Math.min(...bundles.map((b) => fs.statSync(b).mtimeMs));
  return sources.some((p) => newestMtime(p) > oldest);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Builds when a bundle is stale; returns once the bundles are fresh and no build of this repo is writing them. */
export async function ensureBuilt(): Promise<void> {
  const lock = path.join(os.tmpdir(), `biaslens-build-${Buffer.from(repoRoot).toString('hex').slice(-24)}.lock`);
  // The lock is taken even when nothing looks stale: another file's build may be writing the bundles right now.
  for (let waited = 0; ; waited += 200) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (waited > 120_000) fs.rmSync(lock, { recursive: true, force: true }); // stale lock
      await sleep(200);
    }
  }
  try {
    if (bundlesStale()) execFileSync(process.execPath, [path.join(repoRoot, 'scripts/build.mjs')], { cwd: repoRoot, stdio: 'pipe' });
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}
