/**
 * Matching files against a config's `include` / `exclude` globs. Globs are
 * relative to the folder of the config file that set them; the built-in
 * defaults are relative to a fallback folder the caller chooses (the folder the
 * CLI walks, or the workspace folder in the editor).
 */
import * as path from 'node:path';
import picomatch from 'picomatch';
import type { LoadedConfig } from './load.js';

const matchers = new Map<string, (p: string) => boolean>();

function matcher(patterns: readonly string[]): (p: string) => boolean {
  const key = patterns.join('\u0000');
  let m = matchers.get(key);
  if (!m) {
    m = patterns.length === 0 ? () => false : picomatch([...patterns], { dot: true });
    matchers.set(key, m);
  }
  return m;
}

/** `file` relative to `base` with forward slashes, or null when it lies outside `base`. */
export function relativeGlobPath(base: string, file: string): string | null {
  const rel = path.relative(path.resolve(base), path.resolve(file));
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return rel.split(path.sep).join('/');
}

export function isExcluded(file: string, config: LoadedConfig, fallbackBase: string): boolean {
  const rel = relativeGlobPath(config.excludeBase ?? fallbackBase, file);
  return rel !== null && matcher(config.exclude)(rel);
}

export function isIncluded(file: string, config: LoadedConfig, fallbackBase: string): boolean {
  const rel = relativeGlobPath(config.includeBase ?? fallbackBase, file);
  return rel !== null && matcher(config.include)(rel);
}

/** Whether a file found by walking a folder should be linted: included and not excluded. */
export function shouldLint(file: string, config: LoadedConfig, fallbackBase: string): boolean {
  return isIncluded(file, config, fallbackBase) && !isExcluded(file, config, fallbackBase);
}

/**
 * Exclude globs that can prune a folder walk from `walkRoot`: those starting with
 * `** /` match the same paths relative to any folder below their base, so they
 * are safe to hand to the crawler as ignore patterns.
 */
export function prunableExcludes(config: LoadedConfig): string[] {
  return config.exclude.filter((g) => g.startsWith('**/'));
}
