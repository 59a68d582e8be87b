/**
 * Configuration for the language server: `.biaslens.*` files discovered upward
 * from each document (server/src/config/load.ts), with the `biaslens.*` editor
 * settings of the document's folder merged over them. Problems in config files
 * become diagnostics on those files at the right line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Connection, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE, defaultConfig, mergeConfig, ruleSetting, type ResolvedConfig, type RuleSetting } from '../config/schema.js';
import { ConfigResolver, parseConfigText, type ConfigError, type LoadedConfig } from '../config/load.js';
import { isExcluded, relativeGlobPath } from '../config/globs.js';
import { LineIndex } from '../model/lines.js';
import { decodeFileText } from '../engine/fileText.js';
import { validateRuleSettings } from '../engine/lint.js';
import picomatch from 'picomatch';
import type { ClientSettings } from './protocol.js';

const CONFIG_FILE = /(^|[\\/])\.biaslens\.(json|jsonc|yaml|yml)$/i;

export function isConfigFile(uri: string): boolean {
  return CONFIG_FILE.test(uri.replace(/[?#].*$/, ''));
}

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function defaultSettings(): ClientSettings {
  return {
    enable: true,
    include: [...DEFAULT_INCLUDE],
    exclude: [...DEFAULT_EXCLUDE],
    rules: {},
    codeLens: { enable: true },
    audit: { baseUrl: '', model: '' },
  };
}

/** Fill missing or mistyped settings with defaults (settings come from the client and may be anything). */
export function normaliseSettings(raw: unknown): ClientSettings {
  const d = defaultSettings();
  if (!raw || typeof raw !== 'object') return d;
  const s = raw as Record<string, any>;
  const strings = (v: unknown, fallback: string[]) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : fallback);
  return {
    enable: typeof s.enable === 'boolean' ? s.enable : d.enable,
    include: strings(s.include, d.include),
    exclude: strings(s.exclude, d.exclude),
    rules: s.rules && typeof s.rules === 'object' && !Array.isArray(s.rules) ? s.rules : {},
    codeLens: { enable: typeof s.codeLens?.enable === 'boolean' ? s.codeLens.enable : true },
    audit: {
      baseUrl: typeof s.audit?.baseUrl === 'string' ? s.audit.baseUrl : '',
      model: typeof s.audit?.model === 'string' ? s.audit.model : '',
      temperature: typeof s.audit?.temperature === 'number' ? s.audit.temperature : undefined,
      maxCalls: typeof s.audit?.maxCalls === 'number' ? s.audit.maxCalls : undefined,
      concurrency: typeof s.audit?.concurrency === 'number' ? s.audit.concurrency : undefined,
      checks: Array.isArray(s.audit?.checks) ? s.audit.checks.filter((c: unknown) => typeof c === 'string') : undefined,
    },
  };
}

/**
 * Rule settings from the editor, keeping only valid entries; the rest are reported (an id, with
 * why when it is more than the setting's shape): as a config file's are, an unknown rule id
 * ("gendred-term") or options a rule does not take would otherwise do nothing without a word.
 */
export function settingsRules(rules: Record<string, unknown>): { rules: Record<string, RuleSetting>; invalid: string[] } {
  // Null-prototype while ids are checked: a "__proto__" id (own in parsed JSON) is then an entry to
  // report, where assigning it to a plain object would replace that object's prototype instead.
  const out: Record<string, RuleSetting> = Object.create(null);
  const invalid: string[] = [];
  for (const [id, value] of Object.entries(rules)) {
    const parsed = ruleSetting.safeParse(value);
    if (parsed.success) out[id] = parsed.data;
    else invalid.push(id);
  }
  const why = new Map<string, string[]>();
  for (const e of validateRuleSettings(out)) why.set(e.ruleId, [...(why.get(e.ruleId) ?? []), e.message]);
  for (const [id, messages] of why) {
    delete out[id];
    invalid.push(`${id} (${messages.join(' ')})`);
  }
  return { rules: { ...out }, invalid };
}

function toDiagnostic(e: ConfigError, lines: LineIndex): Diagnostic {
  const range = lines.rangeOf(e.span);
  if (e.span.end <= e.span.start) range.end = { line: range.start.line, character: lines.lineEnd(range.start.line) - lines.lineStart(range.start.line) };
  return {
    range,
    severity: DiagnosticSeverity.Error,
    source: 'biaslens',
    code: 'config-error',
    message: e.keyPath ? `${e.keyPath}: ${e.message}` : e.message,
  };
}

/** A config file's text as loadConfigFile reads it (decoded, without a byte order mark), so error offsets match. */
function readText(file: string): string {
  try {
    const decoded = decodeFileText(pathToFileURL(file).href, fs.readFileSync(file));
    return decoded.kind === 'text' ? decoded.text : '';
  } catch {
    return '';
  }
}

const excludeMatchers = new Map<string, (p: string) => boolean>();

function settingsExcludeMatcher(globs: string[]): (p: string) => boolean {
  const key = globs.join('\u0000');
  let m = excludeMatchers.get(key);
  if (!m) {
    m = globs.length ? picomatch(globs, { dot: true }) : () => false;
    excludeMatchers.set(key, m);
  }
  return m;
}

/** Per-document config, with whether the document is excluded from linting. */
export interface DocumentConfig {
  config: ResolvedConfig;
  excluded: boolean;
}

export class ConfigService {
  canPullSettings = false;
  private pushedSettings: unknown;
  private readonly settingsCache = new Map<string, Promise<ClientSettings>>();
  private resolver = new ConfigResolver();
  /** Config files whose discovery problems were published, with the problems. */
  private readonly fileProblems = new Map<string, ConfigError[]>();
  /** Open config documents (their diagnostics follow the editor text). */
  private readonly openConfigs = new Set<string>();
  private invalidSettings: string[] = [];
  /**
   * Each document's config, until the next clear() (settings, config files, folders and trust
   * only change with one). Validation asks on every keystroke; recomputing it cost a
   * resolution, two glob matches and a merge each time.
   */
  private readonly documentConfigs = new Map<string, Promise<DocumentConfig>>();
  /**
   * Editor settings merged over a folder's config files, shared by the documents of the folder.
   * The same object every time, so the engine's per-config caches (parsed rule options) hit:
   * a fresh merge per keystroke re-parsed every rule's options from the settings with zod.
   */
  private mergedConfigs = new WeakMap<LoadedConfig, WeakMap<ClientSettings, { trusted: boolean; config: ResolvedConfig; invalid: string[] }>>();

  constructor(
    private readonly connection: Connection,
    private readonly folders: () => string[],
    private readonly trusted: () => boolean,
  ) {}

  setCanPullSettings(value: boolean): void {
    this.canPullSettings = value;
  }

  /** Forget everything cached; `pushed` is the settings object of a didChangeConfiguration, if any. */
  clear(pushed?: unknown): void {
    if (pushed !== undefined) this.pushedSettings = pushed;
    this.settingsCache.clear();
    this.documentConfigs.clear();
    this.mergedConfigs = new WeakMap();
    this.resolver = new ConfigResolver();
    // Discovery runs again and republishes; files fixed meanwhile must lose their old problems.
    for (const uri of this.fileProblems.keys()) {
      if (!this.openConfigs.has(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    this.fileProblems.clear();
  }

  folderOf(uri: string): string | undefined {
    return this.folders()
      .filter((f) => uri === f || uri.startsWith(f.endsWith('/') ? f : `${f}/`))
      .sort((a, b) => b.length - a.length)[0];
  }

  /** The `biaslens.*` settings for a resource (its folder's, when the client can be asked). */
  settings(uri: string): Promise<ClientSettings> {
    const scope = this.folderOf(uri) ?? uri;
    let cached = this.settingsCache.get(scope);
    if (!cached) {
      cached = (async () => {
        if (!this.canPullSettings) return normaliseSettings(this.pushedSettings);
        try {
          return normaliseSettings(await this.connection.workspace.getConfiguration({ scopeUri: scope, section: 'biaslens' }));
        } catch {
          return normaliseSettings(this.pushedSettings);
        }
      })();
      this.settingsCache.set(scope, cached);
    }
    return cached;
  }

  /** The resolved config for a document: config files, then editor settings over them. */
  async forDocument(uri: string): Promise<ResolvedConfig> {
    return (await this.forDocumentWithExclusion(uri)).config;
  }

  /**
   * The config for a document and whether it is excluded (by `.biaslens.*` `exclude`,
   * relative to its config file, or by `biaslens.exclude`, relative to the workspace folder).
   */
  /** Drops a document's cached config (a closed document, or a file the workspace lint read from disk). */
  forget(uri: string): void {
    this.documentConfigs.delete(uri);
  }

  forDocumentWithExclusion(uri: string): Promise<DocumentConfig> {
    let cached = this.documentConfigs.get(uri);
    if (!cached) {
      cached = this.computeDocumentConfig(uri);
      this.documentConfigs.set(uri, cached);
      // A failure is not remembered: the next request tries again.
      cached.catch(() => {
        if (this.documentConfigs.get(uri) === cached) this.documentConfigs.delete(uri);
      });
    }
    return cached;
  }

  private async computeDocumentConfig(uri: string): Promise<DocumentConfig> {
    const settings = await this.settings(uri);
    const filePath = uriToPath(uri);
    const folder = this.folderOf(uri);
    const folderPath = folder ? uriToPath(folder) : undefined;
    let loaded: LoadedConfig = defaultConfig();
    if (filePath) {
      const resolution = this.resolver.forFile(filePath);
      loaded = resolution.config;
      this.publishFileProblems(resolution.errors);
    }
    const base = folderPath ?? (filePath ? path.dirname(filePath) : '/');
    let excluded = false;
    if (filePath) {
      const rel = relativeGlobPath(base, filePath);
      excluded = isExcluded(filePath, loaded, base) || (rel !== null && settingsExcludeMatcher(settings.exclude)(rel));
    }
    if (!settings.enable) excluded = true;
    return { config: this.merged(loaded, settings), excluded };
  }

  /** The editor's rule settings over a loaded config (shared per config and settings object). */
  private merged(loaded: LoadedConfig, settings: ClientSettings): ResolvedConfig {
    const trusted = this.trusted();
    let bySettings = this.mergedConfigs.get(loaded);
    if (!bySettings) this.mergedConfigs.set(loaded, (bySettings = new WeakMap()));
    let entry = bySettings.get(settings);
    if (!entry || entry.trusted !== trusted) {
      let config: ResolvedConfig = loaded;
      // In Restricted Mode a workspace config file may not point audits anywhere.
      if (!trusted) config = { ...config, audit: {} };
      const { rules, invalid } = settingsRules(settings.rules);
      entry = { trusted, config: mergeConfig(config, { rules }), invalid };
      bySettings.set(settings, entry);
    }
    this.invalidSettings = entry.invalid;
    return entry.config;
  }

  /** Problems found while discovering config files; an open config file shows its own text's problems instead. */
  private publishFileProblems(errors: { file: string; span: ConfigError['span'] }[]): void {
    const byFile = new Map<string, ConfigError[]>();
    for (const e of errors as (ConfigError & { file: string })[]) {
      const uri = pathToFileURL(e.file).href;
      if (this.fileProblems.has(uri)) continue; // already published since the last clear
      if (!byFile.has(uri)) byFile.set(uri, []);
      byFile.get(uri)!.push(e);
    }
    for (const [uri, list] of byFile) {
      this.fileProblems.set(uri, list);
      if (this.openConfigs.has(uri)) continue;
      const lines = new LineIndex(readText(fileURLToPath(uri)));
      void this.connection.sendDiagnostics({ uri, diagnostics: list.map((e) => toDiagnostic(e, lines)) });
    }
  }

  /** Diagnostics for an open `.biaslens.*` document, from its current text. */
  validateConfigDocument(doc: TextDocument): void {
    this.openConfigs.add(doc.uri);
    const file = uriToPath(doc.uri) ?? doc.uri;
    const text = doc.getText();
    const lines = new LineIndex(text);
    const { errors } = parseConfigText(text, file);
    void this.connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: errors.map((e) => toDiagnostic(e, lines)) });
  }

  closeConfigDocument(uri: string): void {
    this.openConfigs.delete(uri);
    // Back to what is on disk.
    const file = uriToPath(uri);
    const text = file ? readText(file) : '';
    const lines = new LineIndex(text);
    const errors = file ? parseConfigText(text, file).errors : [];
    void this.connection.sendDiagnostics({ uri, diagnostics: errors.map((e) => toDiagnostic(e, lines)) });
  }

  /** A one-line summary for the status item. */
  problemSummary(): string | undefined {
    const files = [...this.fileProblems.entries()].filter(([, l]) => l.length > 0);
    const parts: string[] = [];
    if (files.length) parts.push(`Config errors in ${files.map(([u]) => path.basename(uriToPath(u) ?? u)).join(', ')}`);
    if (this.invalidSettings.length) parts.push(`Invalid biaslens.rules settings ignored: ${this.invalidSettings.join(', ')}`);
    return parts.length ? parts.join('; ') : undefined;
  }
}
