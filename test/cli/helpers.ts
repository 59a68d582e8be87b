/**
 * CLI test helpers: build dist/ once (test/support/build.ts), then spawn
 * `node dist/cli.js` in temp folders.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureBuilt, repoRoot } from '../support/build.js';

export { ensureBuilt, repoRoot };

export const cliPath = path.join(repoRoot, 'dist', 'cli.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI's V8 code cache (see server/src/cli/codeCache.ts) goes to a temp folder, not the user's ~/.cache. */
let cacheHome: string | undefined;

/** `timeout` (ms): the process is killed after it, and `code` is null (for runs that could hang). */
export function runCli(args: string[], options: { cwd: string; env?: Record<string, string | undefined>; timeout?: number }): CliRun {
  const env: Record<string, string | undefined> = { ...process.env };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  env.XDG_CACHE_HOME = cacheHome ??= fs.mkdtempSync(path.join(os.tmpdir(), 'biaslens-cli-cache-'));
  Object.assign(env, options.env ?? {});
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd: options.cwd, env: env as NodeJS.ProcessEnv, encoding: 'utf8', timeout: options.timeout });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const madeProjects: string[] = [];

/** Removes every folder made by makeProject (call from afterAll). */
export function removeProjects(): void {
  for (const dir of madeProjects.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  if (cacheHome) fs.rmSync(cacheHome, { recursive: true, force: true });
  cacheHome = undefined;
}

/** A fresh temp folder with a root config so nothing above it leaks in. */
export function makeProject(files: Record<string, string | Buffer> = {}, rootConfig: string | null = '{ "root": true }'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'biaslens-cli-')));
  madeProjects.push(dir);
  if (rootConfig !== null) fs.writeFileSync(path.join(dir, '.biaslens.json'), rootConfig);
  for (const [rel, content] of Object.entries(files)) writeFile(dir, rel, content);
  return dir;
}

export function writeFile(dir: string, rel: string, content: string | Buffer): string {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

/** 0-based LSP position of the `nth` occurrence of `needle`. */
export function lspPosition(text: string, needle: string, nth = 0): { line: number; character: number } {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
  if (offset < 0) throw new Error(`"${needle}" not found`);
  const before = text.slice(0, offset);
  return { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };
}
