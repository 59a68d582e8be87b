#!/usr/bin/env node
// Installs code-server (a real VS Code served to a browser) for the end-to-end tests.
//
// Idempotent and cached: everything lives under .cache/code-server/ (git-ignored) and a
// marker file records a completed install, so the second run returns at once.
// VS Code itself cannot be downloaded in CI; code-server comes from npm. Only versions whose
// engines.node is 20 run on Node 20, hence the pinned version (VS Code 1.100).
//
// Usage: node scripts/setup-code-server.mjs        (prints the code-server entry path)
// Import: import { ensureCodeServer } from './setup-code-server.mjs'
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync, lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
const APT_PACKAGES = ['libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'pkg-config', 'ripgrep', 'chromium'];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// BIASLENS_CODE_SERVER_DIR moves the cache (e.g. to a CI cache volume).
export const cacheDir = path.resolve(process.env.BIASLENS_CODE_SERVER_DIR ?? path.join(root, '.cache', 'code-server'));
export const codeServerDir = path.join(cacheDir, 'node_modules', 'code-server');
export const codeServerEntry = path.join(codeServerDir, 'out', 'node', 'entry.js');
const marker = path.join(cacheDir, `.complete-${CODE_SERVER_VERSION}`);

function log(message) {
  process.stderr.write(`[setup-code-server] ${message}\n`);
}

function run(cmd, args, cwd, extraEnv = {}) {
  log(`${path.relative(root, cwd) || '.'}$ ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...extraEnv } });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd} (exit ${result.status})`);
}

function aptPackagesMissing() {
  if (spawnSync('dpkg-query', ['--version']).status !== 0) return []; // not Debian-like: nothing we can do
  return APT_PACKAGES.filter((name) => {
    const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return result.status !== 0 || !result.stdout.includes('install ok installed');
  });
}

function installAptPackages() {
  const missing = aptPackagesMissing();
  if (missing.length === 0) return;
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const prefix = asRoot ? [] : ['sudo', '-n'];
  log(`installing system packages: ${missing.join(' ')}`);
  const [cmd, ...pre] = prefix.length ? prefix : ['apt-get'];
  const aptArgs = (args) => (prefix.length ? [...pre, 'apt-get', ...args] : args);
  run(cmd, aptArgs(['update']), root, { DEBIAN_FRONTEND: 'noninteractive' });
  run(cmd, aptArgs(['install', '-y', '--no-install-recommends', ...missing]), root, { DEBIAN_FRONTEND: 'noninteractive' });
}

/** npm's bundled node-gyp (no extra dependency). */
function nodeGypPath() {
  const fromEnv = process.env.npm_config_node_gyp;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const globalRoot = execFileSync('npm', ['root', '-g'], { encoding: 'utf8' }).trim();
  const candidate = path.join(globalRoot, 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  if (existsSync(candidate)) return candidate;
  throw new Error('cannot find npm\'s bundled node-gyp');
}

/** Node headers: npm's nodedir setting if any, else the distro headers, else node-gyp downloads them. */
function nodeDirArgs() {
  const configured = spawnSync('npm', ['config', 'get', 'nodedir'], { encoding: 'utf8' }).stdout?.trim();
  if (configured && configured !== 'undefined' && configured !== 'null') return [`--nodedir=${configured}`];
  if (existsSync('/usr/include/node/node_version.h')) return ['--nodedir=/usr'];
  return [];
}

/** Top-level and scoped packages under node_modules that carry a binding.gyp. */
function nativePackages(nodeModules) {
  if (!existsSync(nodeModules)) return [];
  const found = [];
  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith('.')) continue;
    const dirs = entry.startsWith('@')
      ? readdirSync(path.join(nodeModules, entry)).map((sub) => path.join(nodeModules, entry, sub))
      : [path.join(nodeModules, entry)];
    for (const dir of dirs) if (existsSync(path.join(dir, 'binding.gyp'))) found.push(dir);
  }
  return found;
}

/**
 * Packages built with node-pre-gyp (a `binary` field, e.g. argon2) expect the gyp variables
 * node-pre-gyp would pass; give them the same values so the binary lands where `find` looks.
 */
function preGypArgs(dir) {
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const binary = pkg.binary;
  if (!binary || !binary.module_name || !binary.module_path) return [];
  const napiBuildVersion = Math.max(...(binary.napi_versions ?? [3]).filter((v) => v <= Number(process.versions.napi)));
  const vars = {
    napi_build_version: String(napiBuildVersion),
    node_napi_label: `napi-v${napiBuildVersion}`,
    node_abi: `node-v${process.versions.modules}`,
    platform: process.platform,
    arch: process.arch,
    libc: 'glibc',
    configuration: 'Release',
    module_name: binary.module_name,
    version: pkg.version,
  };
  const fill = (template) => template.replace(/\{(\w+)\}/g, (m, key) => vars[key] ?? m);
  const modulePath = path.resolve(dir, fill(binary.module_path));
  return [
    `--module_name=${binary.module_name}`,
    `--module_path=${modulePath}`,
    `--napi_build_version=${napiBuildVersion}`,
    `--node_napi_label=napi-v${napiBuildVersion}`,
  ];
}

function forceSymlink(target, linkPath) {
  try {
    lstatSync(linkPath);
    rmSync(linkPath, { recursive: true, force: true });
  } catch {
    // absent
  }
  mkdirSync(path.dirname(linkPath), { recursive: true });
  symlinkSync(target, linkPath);
}

export function isCodeServerInstalled() {
  return existsSync(marker) && existsSync(codeServerEntry);
}

/** Installs code-server if needed; returns the paths the E2E test needs. */
export function ensureCodeServer() {
  if (isCodeServerInstalled()) return { entry: codeServerEntry, cached: true, seconds: 0 };
  const started = Date.now();
  installAptPackages();
  mkdirSync(cacheDir, { recursive: true });
  // Own package.json so npm does not walk up into the project.
  writeFileSync(path.join(cacheDir, 'package.json'), JSON.stringify({ name: 'biaslens-code-server-cache', private: true }, null, 2) + '\n');

  run('npm', ['install', `code-server@${CODE_SERVER_VERSION}`, '--ignore-scripts', '--no-save', '--no-package-lock'], cacheDir);
  const vscodeDir = path.join(codeServerDir, 'lib', 'vscode');
  run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-package-lock'], vscodeDir);

  const gyp = nodeGypPath();
  const natives = [
    ...nativePackages(path.join(codeServerDir, 'node_modules')),
    ...nativePackages(path.join(cacheDir, 'node_modules')),
    ...nativePackages(path.join(vscodeDir, 'node_modules')),
  ].filter((dir) => path.basename(dir) !== 'code-server');
  for (const dir of natives) run(process.execPath, [gyp, 'rebuild', ...nodeDirArgs(), ...preGypArgs(dir)], dir);

  const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim() || '/usr/bin/rg';
  forceSymlink(rg, path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'));
  forceSymlink('node_modules', path.join(vscodeDir, 'node_modules.asar'));

  run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-package-lock'], path.join(vscodeDir, 'extensions'));

  const seconds = Math.round((Date.now() - started) / 1000);
  writeFileSync(marker, JSON.stringify({ version: CODE_SERVER_VERSION, seconds, completedAt: new Date().toISOString() }) + '\n');
  log(`code-server ${CODE_SERVER_VERSION} installed in ${seconds} s`);
  return { entry: codeServerEntry, cached: false, seconds };
}

export function installInfo() {
  return existsSync(marker) ? JSON.parse(readFileSync(marker, 'utf8')) : undefined;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const result = ensureCodeServer();
    log(result.cached ? 'already installed (cached)' : `done in ${result.seconds} s`);
    console.log(result.entry);
  } catch (error) {
    log(`failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
