/**
 * Parsing and validating one config file's text (`.biaslens.json` with comments,
 * or `.biaslens.yaml`). Pure: no file system. Every error carries its key path
 * (e.g. `rules.answer-position-skew[1].alpha`), a source span and a 1-based
 * line and column, so the CLI can print `file:line:col` and the language server
 * can put diagnostics in the config file itself.
 */
import * as jsonc from 'jsonc-parser';
import * as YAML from 'yaml';
import { MAX_PARSE_DEPTH, tooDeepAt } from '../parse/nesting.js';
import type { z } from 'zod';
import { LineIndex } from '../model/lines.js';
import type { Span } from '../model/types.js';
import { validateRuleSettings } from '../engine/lint.js';
import { ruleById, PSEUDO_RULES } from '../rules/index.js';
import { configSchema, SEVERITY_SETTINGS, severitySetting, type ConfigFile } from './schema.js';

export type ConfigPath = (string | number)[];

export interface ConfigError {
  message: string;
  /** e.g. `rules.answer-position-skew[1].alpha`; empty for the file as a whole. */
  keyPath: string;
  /** UTF-16 offsets into the config text. */
  span: Span;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export interface ParsedConfigText {
  /**
   * The valid part of the config: entries with errors are left out, so an editor
   * can keep linting with the rest. Null when the text is not an object at all.
   */
  config: ConfigFile | null;
  errors: ConfigError[];
}

export type ConfigSyntax = 'json' | 'yaml';

export function configSyntax(fileName: string, text = ''): ConfigSyntax {
  const name = fileName.toLowerCase();
  if (name.endsWith('.json') || name.endsWith('.jsonc')) return 'json';
  if (name.endsWith('.yaml') || name.endsWith('.yml')) return 'yaml';
  return /^\s*[{[]/.test(text) ? 'json' : 'yaml';
}

/** Formats a path as `rules.answer-position-skew[1].alpha`. */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else {
      const key = String(seg);
      if (/^[A-Za-z_$][\w$-]*$/.test(key)) out += out ? `.${key}` : key;
      else out += `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

/** Where a key path lives in the source: the value, and the key that names it (when it has one). */
interface Located {
  value: Span;
  key?: Span;
  /** True when the whole path was found (otherwise this is the nearest ancestor). */
  exact: boolean;
}

interface SourceTree {
  value: unknown;
  syntaxErrors: { message: string; span: Span }[];
  locate(path: ConfigPath): Located;
  /** Keys repeated in one object (JSON only; YAML reports these as syntax errors). */
  duplicateKeys: { path: ConfigPath; span: Span }[];
}

export function parseConfigText(text: string, fileName: string): ParsedConfigText {
  // A BOM is not part of the content, and offsets stay those of `text`. For JSON it is blanked out;
  // the yaml package skips one itself (a space in its place would indent the first line).
  const json = configSyntax(fileName, text) === 'json';
  const source = json && text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  const lines = new LineIndex(source);
  const errors: ConfigError[] = [];
  const push = (message: string, path: readonly PropertyKey[], span: Span) => {
    const pos = lines.positionAt(span.start);
    errors.push({ message, keyPath: formatKeyPath(path), span, line: pos.line + 1, column: pos.character + 1 });
  };

  // Nesting too deep for the recursive parsers is refused before they see it (see parse/nesting.ts).
  const tooDeep = tooDeepAt(source, !json);
  if (tooDeep >= 0) {
    push(`${json ? 'JSON' : 'YAML'} syntax error: brackets nested more than ${MAX_PARSE_DEPTH} levels deep.`, [], { start: tooDeep, end: tooDeep + 1 });
    return { config: null, errors: sortErrors(errors) };
  }
  const tree = json ? jsonTree(source) : yamlTree(source);
  for (const e of tree.syntaxErrors) push(e.message, [], e.span);
  if (tree.syntaxErrors.length > 0) return { config: null, errors: sortErrors(errors) };
  for (const d of tree.duplicateKeys) push(`Duplicate key "${String(d.path[d.path.length - 1])}".`, d.path, d.span);

  let value = tree.value;
  if (value === null || value === undefined) value = {}; // an empty YAML file is an empty config
  if (typeof value !== 'object' || Array.isArray(value)) {
    push('A config file must hold an object (key: value pairs).', [], tree.locate([]).value);
    return { config: null, errors: sortErrors(errors) };
  }

  // Validate; entries with errors are dropped and validation repeats, so `config` is the valid rest.
  let candidate = structuredClone(value) as Record<string, unknown>;
  reportProtoKeys(candidate, [], tree, push);
  let config: ConfigFile | null = null;
  for (let attempt = 0; attempt < 50; attempt++) {
    const parsed = configSchema.safeParse(candidate);
    if (parsed.success) {
      config = parsed.data;
      break;
    }
    for (const issue of parsed.error.issues) reportIssue(issue, candidate, tree, push);
    candidate = withoutInvalidEntries(candidate, parsed.error.issues);
  }
  if (config?.rules) {
    const rules = config.rules;
    for (const [id, setting] of Object.entries(rules)) {
      const options = Array.isArray(setting) ? setting[1] : undefined;
      const known = knownOptionKeys(id);
      if (!options || !known) continue;
      for (const key of Object.keys(options)) {
        if (known.includes(key)) continue;
        const path: ConfigPath = ['rules', id, 1, key];
        const where = tree.locate(path);
        const list = known.length ? ` Known options: ${known.join(', ')}.` : ' This rule has no options.';
        push(`Unknown option "${key}" for rule "${id}".${list}`, path, where.key ?? where.value);
        delete (options as Record<string, unknown>)[key];
      }
    }
    for (const err of validateRuleSettings(rules)) {
      if (err.optionPath) {
        const path: ConfigPath = ['rules', err.ruleId, 1, ...err.optionPath.map(toPathSegment)];
        const where = tree.locate(path);
        push(err.message, path, where.exact ? where.value : (where.key ?? where.value));
      } else {
        const where = tree.locate(['rules', err.ruleId]);
        const suggestion = closestRuleId(err.ruleId);
        const message = suggestion ? `${err.message} Did you mean "${suggestion}"?` : err.message;
        push(message, ['rules', err.ruleId], where.key ?? where.value);
      }
      delete rules[err.ruleId];
    }
  }
  return { config, errors: sortErrors(dedupe(errors)) };
}

/**
 * A `__proto__` key below the top level is reported and removed. zod's records skip such a key
 * without a word (so that it cannot set the prototype of the object they build), which would
 * leave `"rules": {"__proto__": "off"}` accepted silently where `"constructor"` is an unknown
 * rule. The top level is a strict object, which reports it itself. Both parsers give `__proto__`
 * as an own property (jsonc-parser builds null-prototype objects; yaml defines it), and
 * structuredClone keeps it one.
 */
function reportProtoKeys(
  value: unknown,
  path: ConfigPath,
  tree: SourceTree,
  push: (message: string, path: readonly PropertyKey[], span: Span) => void,
): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => reportProtoKeys(item, [...path, i], tree, push));
    return;
  }
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) reportProtoKeys(obj[key], [...path, key], tree, push);
  if (path.length === 0 || !Object.hasOwn(obj, '__proto__')) return;
  const keyPath: ConfigPath = [...path, '__proto__'];
  const where = tree.locate(keyPath);
  let message = 'Unknown key "__proto__".';
  if (path.length === 1 && path[0] === 'rules') message = 'Unknown rule "__proto__".';
  else if (path.length === 3 && path[0] === 'rules' && path[2] === 1) {
    const known = knownOptionKeys(String(path[1]));
    const list = !known ? '' : known.length ? ` Known options: ${known.join(', ')}.` : ' This rule has no options.';
    message = `Unknown option "__proto__" for rule "${String(path[1])}".${list}`;
  }
  push(message, keyPath, where.key ?? where.value);
  delete obj['__proto__'];
}

/** Option names of a rule whose options are a zod object (rules' option schemas strip unknown keys silently). */
function knownOptionKeys(ruleId: string): string[] | undefined {
  const schema = ruleById.get(ruleId)?.meta.options as unknown as { shape?: Record<string, unknown> } | undefined;
  return schema?.shape && typeof schema.shape === 'object' ? Object.keys(schema.shape) : undefined;
}

function toPathSegment(k: PropertyKey): string | number {
  return typeof k === 'number' ? k : String(k);
}

function sortErrors(errors: ConfigError[]): ConfigError[] {
  return errors.sort((a, b) => a.span.start - b.span.start || a.keyPath.localeCompare(b.keyPath));
}

function dedupe(errors: ConfigError[]): ConfigError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.span.start}:${e.keyPath}:${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function reportIssue(
  issue: z.core.$ZodIssue,
  value: Record<string, unknown>,
  tree: SourceTree,
  push: (message: string, path: readonly PropertyKey[], span: Span) => void,
): void {
  const path = issue.path.map(toPathSegment);
  if (issue.code === 'unrecognized_keys') {
    for (const key of issue.keys) {
      const keyPath = [...path, key];
      const where = tree.locate(keyPath);
      const known = path.length === 0 ? ` Known keys: ${Object.keys(configSchema.unwrap().shape).join(', ')}.` : '';
      push(`Unknown key "${key}".${known}`, keyPath, where.key ?? where.value);
    }
    return;
  }
  // A rule entry failed the union of its accepted shapes: say precisely what is wrong.
  if (path[0] === 'rules' && path.length === 2 && issue.code === 'invalid_union') {
    const entry = (value.rules as Record<string, unknown>)[path[1] as string];
    const detail = describeRuleSettingProblem(entry);
    const full = [...path, ...detail.subPath];
    push(detail.message, full, tree.locate(full).value);
    return;
  }
  const where = tree.locate(path);
  push(issue.message, path, where.exact ? where.value : (where.key ?? where.value));
}

const SEVERITIES = SEVERITY_SETTINGS.map((s) => `"${s}"`).join(', ');

function describeRuleSettingProblem(entry: unknown): { message: string; subPath: ConfigPath } {
  if (typeof entry === 'string') return { message: `Invalid severity "${entry}": expected one of ${SEVERITIES}.`, subPath: [] };
  if (Array.isArray(entry)) {
    if (entry.length === 0 || entry.length > 2) {
      return { message: 'A rule setting as an array must be [severity] or [severity, { ...options }].', subPath: [] };
    }
    if (!severitySetting.safeParse(entry[0]).success) {
      return { message: `Invalid severity ${JSON.stringify(entry[0])}: expected one of ${SEVERITIES}.`, subPath: [0] };
    }
    return { message: 'Rule options must be an object, e.g. ["warning", { "alpha": 0.01 }].', subPath: [1] };
  }
  return { message: `A rule setting must be a severity (${SEVERITIES}) or [severity, { ...options }].`, subPath: [] };
}

/** Removes what each issue points at (a top-level key, or one rule entry) so the rest can validate. */
function withoutInvalidEntries(value: Record<string, unknown>, issues: z.core.$ZodIssue[]): Record<string, unknown> {
  const out = { ...value };
  for (const issue of issues) {
    const [top, second] = issue.path;
    if (issue.code === 'unrecognized_keys' && issue.path.length === 0) {
      for (const k of issue.keys) delete out[k];
      continue;
    }
    if (top === undefined) return {};
    if (top === 'rules' && second !== undefined && out.rules && typeof out.rules === 'object' && !Array.isArray(out.rules)) {
      const rules = { ...(out.rules as Record<string, unknown>) };
      delete rules[String(second)];
      out.rules = rules;
    } else {
      delete out[String(top)];
    }
  }
  return out;
}

function closestRuleId(id: string): string | undefined {
  const known = knownRuleIds();
  let best: string | undefined;
  let bestDist = Infinity;
  for (const k of known) {
    const d = editDistance(id, k);
    if (d < bestDist) {
      bestDist = d;
      best = k;
    }
  }
  return best !== undefined && bestDist <= Math.max(2, Math.floor(id.length / 4)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

// ---------------------------------------------------------------------------
// JSON (with comments and trailing commas), via jsonc-parser.

const JSON_ERROR_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'Invalid symbol.',
  InvalidNumberFormat: 'Invalid number.',
  PropertyNameExpected: 'Expected a property name in double quotes.',
  ValueExpected: 'Expected a value.',
  ColonExpected: 'Expected ":".',
  CommaExpected: 'Expected ",".',
  CloseBraceExpected: 'Expected "}".',
  CloseBracketExpected: 'Expected "]".',
  EndOfFileExpected: 'Expected the end of the file.',
  UnexpectedEndOfComment: 'Unterminated comment.',
  UnexpectedEndOfString: 'Unterminated string.',
  UnexpectedEndOfNumber: 'Unexpected end of number.',
  InvalidUnicode: 'Invalid unicode escape.',
  InvalidEscapeCharacter: 'Invalid escape character.',
  InvalidCharacter: 'Invalid character.',
};

function jsonTree(text: string): SourceTree {
  const parseErrors: jsonc.ParseError[] = [];
  const root = jsonc.parseTree(text, parseErrors, { allowTrailingComma: true, disallowComments: false });
  const syntaxErrors = parseErrors.map((e) => ({
    message: `JSON syntax error: ${JSON_ERROR_MESSAGES[jsonc.printParseErrorCode(e.error)] ?? jsonc.printParseErrorCode(e.error)}`,
    span: { start: e.offset, end: e.offset + e.length },
  }));
  if (!root && syntaxErrors.length === 0) {
    syntaxErrors.push({ message: 'JSON syntax error: the file is empty; expected an object.', span: { start: 0, end: 0 } });
  }
  const whole = { start: 0, end: text.length };
  const duplicateKeys: { path: ConfigPath; span: Span }[] = [];
  if (root) collectDuplicateKeys(root, [], duplicateKeys);
  return {
    value: root ? jsonc.getNodeValue(root) : undefined,
    syntaxErrors,
    duplicateKeys,
    locate(path) {
      if (!root) return { value: whole, exact: path.length === 0 };
      let node: jsonc.Node = root;
      let key: Span | undefined;
      for (const seg of path) {
        let next: jsonc.Node | undefined;
        let nextKey: Span | undefined;
        if (node.type === 'object' && typeof seg === 'string') {
          // Last one wins, as in JSON.parse.
          const prop = [...(node.children ?? [])].reverse().find((p) => p.children?.[0]?.value === seg);
          if (prop?.children?.[0]) {
            const k = prop.children[0];
            nextKey = { start: k.offset, end: k.offset + k.length };
            next = prop.children[1];
            if (!next) return { value: nextKey, key: nextKey, exact: false };
          }
        } else if (node.type === 'array' && typeof seg === 'number') {
          next = node.children?.[seg];
        }
        if (!next) return { value: nodeSpan(node), key, exact: false };
        node = next;
        key = nextKey;
      }
      return { value: nodeSpan(node), key, exact: true };
    },
  };
}

function nodeSpan(node: jsonc.Node): Span {
  return { start: node.offset, end: node.offset + node.length };
}

function collectDuplicateKeys(node: jsonc.Node, path: ConfigPath, out: { path: ConfigPath; span: Span }[]): void {
  if (node.type === 'object') {
    const seen = new Set<string>();
    for (const prop of node.children ?? []) {
      const k = prop.children?.[0];
      if (!k) continue;
      const name = String(k.value);
      if (seen.has(name)) out.push({ path: [...path, name], span: nodeSpan(k) });
      seen.add(name);
      if (prop.children?.[1]) collectDuplicateKeys(prop.children[1], [...path, name], out);
    }
  } else if (node.type === 'array') {
    (node.children ?? []).forEach((c, i) => collectDuplicateKeys(c, [...path, i], out));
  }
}

// ---------------------------------------------------------------------------
// YAML, via the `yaml` package with source ranges.

function yamlTree(text: string): SourceTree {
  const doc = YAML.parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const syntaxErrors = doc.errors.map((e) => ({
    message: `YAML syntax error: ${cleanYamlMessage(e.message)}`,
    span: { start: e.pos[0], end: Math.max(e.pos[0], e.pos[1]) },
  }));
  let value: unknown;
  if (syntaxErrors.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      syntaxErrors.push({ message: `YAML error: ${(err as Error).message}`, span: { start: 0, end: 0 } });
    }
  }
  const whole = { start: 0, end: text.length };
  return {
    value,
    syntaxErrors,
    duplicateKeys: [],
    locate(path) {
      let node: unknown = doc.contents;
      let key: Span | undefined;
      if (!node) return { value: whole, exact: path.length === 0 };
      for (const seg of path) {
        let next: unknown;
        let nextKey: Span | undefined;
        if (YAML.isMap(node)) {
          const pair = node.items.find((p) => (YAML.isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg));
          if (pair) {
            nextKey = rangeSpan(pair.key);
            next = pair.value;
            if (!YAML.isNode(next)) return { value: nextKey ?? rangeSpan(node)!, key: nextKey, exact: false };
          }
        } else if (YAML.isSeq(node) && typeof seg === 'number') {
          next = node.items[seg];
        }
        if (!YAML.isNode(next)) return { value: rangeSpan(node) ?? whole, key, exact: false };
        node = next;
        key = nextKey;
      }
      return { value: rangeSpan(node) ?? whole, key, exact: true };
    },
  };
}

function rangeSpan(node: unknown): Span | undefined {
  if (!YAML.isNode(node) || !node.range) return undefined;
  return { start: node.range[0], end: node.range[1] };
}

function cleanYamlMessage(message: string): string {
  const first = message.split('\n')[0]!.replace(/\s+at line \d+, column \d+:?\s*$/, '').trim();
  // The yaml package's advice is for programmers ("please use YAML.parseAllDocuments()").
  if (/^Source contains multiple documents/.test(first)) return 'a config file holds one YAML document, and a "---" line here starts another.';
  return first;
}

/** The rule ids a config may name (registered rules and the engine's pseudo rules). */
export function knownRuleIds(): string[] {
  return [...ruleById.keys(), ...PSEUDO_RULES.map((p) => p.id)];
}
