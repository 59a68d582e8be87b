#!/usr/bin/env node
// Installs promptfoo for the comparison in bench/promptfoo.bench.mjs. Opt-in and
// benchmark-only: never part of `npm ci` or `npm test`, and not in package.json.
//
// Idempotent and cached: everything lives under .cache/promptfoo/ (git-ignored) and
// a marker file records a completed install (with how long it took), so a second
// run returns at once. promptfoo 0.121.20 is the last version that runs on Node 20.
//
// Dependencies' install scripts do not run (npm 11 skips them unless approved; we
// pass --ignore-scripts so the result does not depend on that). The only native
// module an eval loads is libsql (promptfoo's results database), which ships
// prebuilt N-API binaries as platform packages; the install is checked by loading
// it and opening an in-memory database, and by `promptfoo --version`.
//
// Usage: node bench/setup-promptfoo.mjs       (prints the promptfoo entry path)
// Import: import { ensurePromptfoo, isPromptfooInstalled, offlineEnv } from './setup-promptfoo.mjs'
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROMPTFOO_VERSION = '0.121.20';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// BIASLENS_PROMPTFOO_DIR moves the cache (e.g. to a CI cache volume).
export const cacheDir = path.resolve(process.env.BIASLENS_PROMPTFOO_DIR ?? path.join(root, '.cache', 'promptfoo'));
export const promptfooDir = path.join(cacheDir, 'node_modules', 'promptfoo');
export const promptfooEntry = path.join(promptfooDir, 'dist', 'src', 'entrypoint.js');
const marker = path.join(cacheDir, `.complete-${PROMPTFOO_VERSION}`);

/**
 * Environment for running promptfoo with nothing leaving the machine: no telemetry,
 * no update check, no sharing, and its config/database folder in `configDir`.
 */
export function offlineEnv(configDir) {
  return {
    PROMPTFOO_DISABLE_TELEMETRY: '1',
    PROMPTFOO_DISABLE_UPDATE: '1',
    PROMPTFOO_DISABLE_SHARING: '1',
    PROMPTFOO_DISABLE_REMOTE_GENERATION: '1',
    PROMPTFOO_CONFIG_DIR: configDir,
  };
}

function log(message) {
  process.stderr.write(`[setup-promptfoo] ${message}\n`);
}

function run(cmd, args, cwd) {
  log(`${path.relative(root, cwd) || '.'}$ ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd} (exit ${result.status})`);
}

/** Loads promptfoo's database driver (a native module) the way promptfoo resolves it, and runs a query. */
function checkNativeModules() {
  const fromPromptfoo = createRequire(path.join(promptfooDir, 'package.json'));
  const libsqlClient = fromPromptfoo.resolve('@libsql/client');
  const libsql = createRequire(libsqlClient)('libsql');
  const db = new libsql(':memory:');
  const row = db.prepare('select 41 + 1 as answer').get();
  db.close();
  if (row?.answer !== 42) throw new Error(`libsql loaded but a test query returned ${JSON.stringify(row)}`);
}

function checkCli() {
  const result = spawnSync(process.execPath, [promptfooEntry, '--version'], { encoding: 'utf8', env: { ...process.env, ...offlineEnv(path.join(cacheDir, 'config-check')) } });
  const version = result.stdout?.trim().split('\n').pop();
  if (result.status !== 0 || version !== PROMPTFOO_VERSION) {
    throw new Error(`promptfoo --version exited ${result.status} and printed "${version}" (expected ${PROMPTFOO_VERSION}): ${result.stderr?.slice(0, 500)}`);
  }
}

export function isPromptfooInstalled() {
  return existsSync(marker) && existsSync(promptfooEntry);
}

export function installInfo() {
  return existsSync(marker) ? JSON.parse(readFileSync(marker, 'utf8')) : undefined;
}

/** Installs promptfoo if needed; returns its entry script and the install time. */
export function ensurePromptfoo() {
  if (isPromptfooInstalled()) return { entry: promptfooEntry, cached: true, seconds: installInfo()?.seconds };
  const started = Date.now();
  mkdirSync(cacheDir, { recursive: true });
  // Own package.json so npm does not walk up into the project.
  writeFileSync(path.join(cacheDir, 'package.json'), JSON.stringify({ name: 'biaslens-promptfoo-cache', private: true }, null, 2) + '\n');
  run('npm', ['install', `promptfoo@${PROMPTFOO_VERSION}`, '--ignore-scripts', '--no-save', '--no-package-lock', '--no-audit', '--no-fund'], cacheDir);
  checkNativeModules();
  checkCli();
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  writeFileSync(marker, JSON.stringify({ version: PROMPTFOO_VERSION, seconds, node: process.version, completedAt: new Date().toISOString() }) + '\n');
  log(`promptfoo ${PROMPTFOO_VERSION} installed in ${seconds} s`);
  return { entry: promptfooEntry, cached: false, seconds };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const result = ensurePromptfoo();
    log(result.cached ? `already installed (cached; the install took ${result.seconds} s)` : `done in ${result.seconds} s`);
    console.log(result.entry);
  } catch (error) {
    log(`failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
