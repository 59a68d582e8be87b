/**
 * Config discovery: `.biaslens.json`, `.biaslens.yaml` or `.biaslens.yml`, found
 * upward from a file's folder and merged parent-to-child (nearest wins) until a
 * file with `"root": true` or the filesystem root. Results are cached per folder,
 * because the language server asks for every document; `clearCache()` forgets them
 * (call it when a config file changes).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultConfig, mergeConfig, type ConfigFile, type ResolvedConfig } from './schema.js';
import { parseConfigText, type ConfigError } from './parse.js';
import { decodeFileText } from '../engine/fileText.js';

export { parseConfigText, formatKeyPath, configSyntax } from './parse.js';
export type { ConfigError, ParsedConfigText } from './parse.js';

/** Looked for in this order; the first one present in a folder is used. */
export const CONFIG_FILE_NAMES = ['.biaslens.json', '.biaslens.yaml', '.biaslens.yml'] as const;

export interface ConfigFileError extends ConfigError {
  /** Absolute path of the config file. */
  file: string;
}

export interface LoadedConfig extends ResolvedConfig {
  /** Folder the `include` globs are relative to (the config file that set them); absent for the defaults. */
  includeBase?: string;
  /** Folder the `exclude` globs are relative to; absent for the defaults. */
  excludeBase?: string;
}

export interface ConfigResolution {
  config: LoadedConfig;
  /** Errors in every config file that contributed (or failed to). */
  errors: ConfigFileError[];
}

export interface LoadedConfigFile {
  file: string;
  /** The valid part of the file (null when it could not be read or parsed). */
  config: ConfigFile | null;
  errors: ConfigFileError[];
}

/** Reads and validates one config file. Never throws. */
export function loadConfigFile(file: string): LoadedConfigFile {
  const abs = path.resolve(file);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(abs);
  } catch (err) {
    return {
      file: abs,
      config: null,
      errors: [
        { file: abs, message: `Cannot read config file: ${describeFsError(err)}`, keyPath: '', span: { start: 0, end: 0 }, line: 1, column: 1 },
      ],
    };
  }
  // Decoded as prompt files are (a UTF-16 file, as Windows PowerShell writes, reads as its text).
  const decoded = decodeFileText(pathToFileURL(abs).href, bytes);
  if (decoded.kind === 'refused') {
    const d = decoded.result.diagnostics[0]!;
    const at = d.range.start;
    return { file: abs, config: null, errors: [{ file: abs, message: `${decoded.problem}.`, keyPath: '', span: d.span, line: at.line + 1, column: at.character + 1 }] };
  }
  const parsed = parseConfigText(decoded.text, abs);
  return { file: abs, config: parsed.config, errors: parsed.errors.map((e) => ({ ...e, file: abs })) };
}

/** `ENOENT: no such file or directory, open '/x'` -> `no such file or directory (ENOENT)`. */
export function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const m = /^(E[A-Z]+): ([^,]+)/.exec(e?.message ?? '');
  if (m) return `${m[2]} (${m[1]})`;
  return e?.message ?? String(err);
}

function applyFile(base: LoadedConfig, loaded: LoadedConfigFile): LoadedConfig {
  if (!loaded.config) return { ...base, sources: [...base.sources, loaded.file] };
  const dir = path.dirname(loaded.file);
  const merged: LoadedConfig = mergeConfig(base, loaded.config, loaded.file);
  merged.includeBase = loaded.config.include ? dir : base.includeBase;
  merged.excludeBase = loaded.config.exclude ? dir : base.excludeBase;
  return merged;
}

export interface ConfigResolverOptions {
  /** Use only this config file (the CLI's `--config`); no discovery. */
  configFile?: string;
}

export class ConfigResolver {
  private readonly byFolder = new Map<string, ConfigResolution>();
  private readonly files = new Map<string, LoadedConfigFile>();
  private readonly fixedFile?: string;

  constructor(options: ConfigResolverOptions = {}) {
    this.fixedFile = options.configFile ? path.resolve(options.configFile) : undefined;
  }

  /** The config for a file (from its folder). */
  forFile(file: string): ConfigResolution {
    return this.forFolder(path.dirname(path.resolve(file)));
  }

  /** The config for a folder: its own config file merged over its parents'. */
  forFolder(folder: string): ConfigResolution {
    const dir = path.resolve(folder);
    const cached = this.byFolder.get(dir);
    if (cached) return cached;
    let result: ConfigResolution;
    if (this.fixedFile) {
      const loaded = this.load(this.fixedFile);
      result = { config: applyFile(defaultConfig(), loaded), errors: loaded.errors };
    } else {
      const own = this.findConfigFile(dir);
      const parentDir = path.dirname(dir);
      const loaded = own.file ? this.load(own.file) : undefined;
      const stop = loaded?.config?.root === true || parentDir === dir;
      const parent: ConfigResolution = stop ? { config: defaultConfig(), errors: [] } : this.forFolder(parentDir);
      result = {
        config: loaded ? applyFile(parent.config, loaded) : parent.config,
        errors: [...parent.errors, ...own.errors, ...(loaded?.errors ?? [])],
      };
    }
    this.byFolder.set(dir, result);
    return result;
  }

  /** Forget everything (call when a config file is created, changed or deleted). */
  clearCache(): void {
    this.byFolder.clear();
    this.files.clear();
  }

  private load(file: string): LoadedConfigFile {
    let loaded = this.files.get(file);
    if (!loaded) {
      loaded = loadConfigFile(file);
      this.files.set(file, loaded);
    }
    return loaded;
  }

  private findConfigFile(dir: string): { file?: string; errors: ConfigFileError[] } {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      try {
        const st = fs.statSync(candidate, { throwIfNoEntry: false });
        if (st?.isFile()) return { file: candidate, errors: [] };
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOTDIR' || code === 'ENOENT') continue;
        return {
          errors: [
            { file: candidate, message: `Cannot read config file: ${describeFsError(err)}`, keyPath: '', span: { start: 0, end: 0 }, line: 1, column: 1 },
          ],
        };
      }
    }
    return { errors: [] };
  }
}

const sharedResolver = new ConfigResolver();

/** The config for a file, from the shared per-folder cache. */
export function resolveConfigForFile(file: string): ConfigResolution {
  return sharedResolver.forFile(file);
}

/** Clears the shared cache used by `resolveConfigForFile`. */
export function clearConfigCache(): void {
  sharedResolver.clearCache();
}

/** `file:line:col: keyPath: message`, the form the CLI prints. */
export function formatConfigError(e: ConfigFileError, displayPath = e.file): string {
  const where = `${displayPath}:${e.line}:${e.column}`;
  return e.keyPath ? `${where}: ${e.keyPath}: ${e.message}` : `${where}: ${e.message}`;
}
