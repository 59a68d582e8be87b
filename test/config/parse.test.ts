import { describe, expect, it } from 'vitest';
import { parseConfigText, formatKeyPath, type ConfigError } from '../../server/src/config/load.js';
import { allRules } from '../../server/src/rules/index.js';

/** 1-based line and column of the first occurrence of `needle` in `text` (at `nth` occurrence). */
function positionOf(text: string, needle: string, nth = 0): { line: number; column: number; offset: number } {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
  if (offset < 0) throw new Error(`"${needle}" not in text`);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column, offset };
}

function only(errors: ConfigError[], keyPath: string): ConfigError {
  const found = errors.filter((e) => e.keyPath === keyPath);
  expect(found, `errors for ${keyPath}: ${JSON.stringify(errors, null, 2)}`).toHaveLength(1);
  return found[0]!;
}

// A rule with numeric options that exists in the registry (used for option-path tests).
const ruleWithOptions = allRules.find((r) => {
  const shape = (r.meta.options as unknown as { shape?: Record<string, unknown> }).shape;
  return shape && Object.keys(shape).length > 0;
});

describe('formatKeyPath', () => {
  it('writes keys with dots and indices in brackets', () => {
    expect(formatKeyPath(['rules', 'answer-position-skew', 1, 'alpha'])).toBe('rules.answer-position-skew[1].alpha');
    expect(formatKeyPath(['audit', 'a b'])).toBe('audit["a b"]');
    expect(formatKeyPath([])).toBe('');
  });
});

describe('parseConfigText: YAML', () => {
  it('accepts a valid config', () => {
    const text = 'root: true\ninclude:\n  - "prompts/**/*.txt"\nmaxFileSize: 1000\nallow: [Postman]\n';
    const r = parseConfigText(text, '.biaslens.yaml');
    expect(r.errors).toEqual([]);
    expect(r.config).toEqual({ root: true, include: ['prompts/**/*.txt'], maxFileSize: 1000, allow: ['Postman'] });
  });

  it('says in words that a config holds one document', () => {
    const r = parseConfigText('---\nrules: {}\n---\nallow: [x]\n', '.biaslens.yaml');
    expect(r.config).toBeNull();
    expect(r.errors.map((e) => [e.line, e.message])).toEqual([[3, 'YAML syntax error: a config file holds one YAML document, and a "---" line here starts another.']]);
  });

  it('treats an empty file as an empty config', () => {
    expect(parseConfigText('', '.biaslens.yaml')).toEqual({ config: {}, errors: [] });
    expect(parseConfigText('# only a comment\n', '.biaslens.yml')).toEqual({ config: {}, errors: [] });
  });

  it('reports an unknown top-level key at the key, and keeps the valid rest', () => {
    const text = 'maxFileSize: 500\nbogus: 1\n';
    const r = parseConfigText(text, '.biaslens.yaml');
    const e = only(r.errors, 'bogus');
    expect(e).toMatchObject({ line: 2, column: 1, span: { start: text.indexOf('bogus'), end: text.indexOf('bogus') + 5 } });
    expect(e.message).toContain('Unknown key "bogus"');
    expect(r.config).toEqual({ maxFileSize: 500 });
  });

  it('reports a wrong type at the value with its key path', () => {
    const text = 'include: "*.prompt"\nmaxFileSize: -3\n';
    const r = parseConfigText(text, '.biaslens.yaml');
    expect(only(r.errors, 'include')).toMatchObject({ line: 1, column: 10 });
    const size = only(r.errors, 'maxFileSize');
    expect(size).toMatchObject({ line: 2, column: 14 });
    expect(size.span).toEqual({ start: text.indexOf('-3'), end: text.indexOf('-3') + 2 });
    expect(r.config).toEqual({});
  });

  it('explains a bad severity precisely, inside arrays too', () => {
    const text = 'rules:\n  parse-error: loud\n  file-error: [lowd, {}]\n';
    const r = parseConfigText(text, '.biaslens.yaml');
    const a = only(r.errors, 'rules.parse-error');
    expect(a).toMatchObject({ line: 2, column: 16 });
    expect(a.message).toMatch(/Invalid severity "loud": expected one of "off", "error", "warning"/);
    const b = only(r.errors, 'rules.file-error[0]');
    expect(b).toMatchObject({ line: 3, column: 16 });
  });

  it('reports an unknown rule at its key, with a suggestion when one is close', () => {
    const text = 'rules:\n  parse-eror: off\n  totally-unknown: warning\n';
    const r = parseConfigText(text, '.biaslens.yaml');
    const close = only(r.errors, 'rules.parse-eror');
    expect(close).toMatchObject({ line: 2, column: 3 });
    expect(close.message).toBe('Unknown rule "parse-eror". Did you mean "parse-error"?');
    const far = only(r.errors, 'rules.totally-unknown');
    expect(far.message).toBe('Unknown rule "totally-unknown".');
    expect(r.config).toEqual({ rules: {} });
  });

  it('reports Object.prototype names as rule ids, __proto__ too, and pollutes nothing', () => {
    const text = 'rules:\n  __proto__: off\n  constructor: off\n  toString: off\n  hasOwnProperty: off\n  parse-error: off\n';
    const r = parseConfigText(text, '.biaslens.yaml');
    for (const id of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const e = only(r.errors, `rules.${id}`);
      expect(e.message).toBe(`Unknown rule "${id}".`);
      expect(e).toMatchObject({ line: positionOf(text, `${id}:`).line, column: positionOf(text, `${id}:`).column });
      expect(e.span.end - e.span.start).toBe(id.length);
    }
    expect(r.errors).toHaveLength(4);
    expect(r.config).toEqual({ rules: { 'parse-error': 'off' } });
    expect(Object.getPrototypeOf(r.config!.rules)).toBe(Object.prototype);
  });

  it('reports rules.__proto__ with an object or array value (YAML), leaving the prototype alone', () => {
    for (const value of ['\n    parse-error: off', ' [off]', ' [warning, {}]']) {
      const text = `rules:\n  __proto__:${value}\n`;
      const r = parseConfigText(text, '.biaslens.yaml');
      const e = only(r.errors, 'rules.__proto__');
      expect(e).toMatchObject({ message: 'Unknown rule "__proto__".', line: 2, column: 3 });
      expect(r.config).toEqual({ rules: {} });
      expect(Object.getPrototypeOf(r.config!.rules)).toBe(Object.prototype);
    }
  });

  it('reports YAML syntax errors with their position', () => {
    const text = 'rules:\n  a: [1, 2\nmaxFileSize: 3\n';
    const r = parseConfigText(text, '.biaslens.yaml');
    expect(r.config).toBeNull();
    expect(r.errors.length).toBeGreaterThan(0);
    expect(r.errors[0]!.message).toMatch(/^YAML syntax error: /);
    expect(r.errors[0]!.line).toBeGreaterThanOrEqual(2);
    expect(r.errors[0]!.keyPath).toBe('');
  });

  it('reports duplicate keys', () => {
    const r = parseConfigText('maxFileSize: 1\nmaxFileSize: 2\n', '.biaslens.yaml');
    expect(r.config).toBeNull();
    expect(r.errors[0]).toMatchObject({ line: 2, column: 1 });
    expect(r.errors[0]!.message).toMatch(/unique/i);
  });

  it('rejects a config that is not an object', () => {
    const r = parseConfigText('- a\n- b\n', '.biaslens.yaml');
    expect(r.config).toBeNull();
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ line: 1, column: 1, keyPath: '' });
    expect(r.errors[0]!.message).toMatch(/must hold an object/);
  });
});

describe('parseConfigText: JSON', () => {
  it('allows comments and trailing commas', () => {
    const text = '{\n  // why\n  "maxFileSize": 10, /* block */\n  "allow": ["x",],\n}\n';
    expect(parseConfigText(text, '.biaslens.json')).toEqual({ config: { maxFileSize: 10, allow: ['x'] }, errors: [] });
  });

  it('reports syntax errors with line and column', () => {
    const text = '{\n  "maxFileSize": 10\n  "allow": []\n}';
    const r = parseConfigText(text, '.biaslens.json');
    expect(r.config).toBeNull();
    expect(r.errors[0]).toMatchObject({ line: 3, column: 3, keyPath: '', message: 'JSON syntax error: Expected ",".' });
  });

  it('reports an empty file', () => {
    const r = parseConfigText('', '.biaslens.json');
    expect(r.config).toBeNull();
    expect(r.errors[0]).toMatchObject({ line: 1, column: 1 });
  });

  it('reports duplicate keys at the second key', () => {
    const text = '{ "maxFileSize": 1, "maxFileSize": 2 }';
    const r = parseConfigText(text, '.biaslens.json');
    const e = only(r.errors, 'maxFileSize');
    expect(e.span.start).toBe(text.lastIndexOf('"maxFileSize"'));
    expect(e.message).toBe('Duplicate key "maxFileSize".');
  });

  it('keeps offsets right after a BOM', () => {
    const text = '\ufeff{"bogus": 1}';
    const r = parseConfigText(text, '.biaslens.json');
    const e = only(r.errors, 'bogus');
    expect(e.span.start).toBe(text.indexOf('"bogus"'));
    expect(e).toMatchObject({ line: 1, column: 3 }); // the BOM is one UTF-16 unit, as in the offsets
  });

  it('reads YAML after a BOM (as Windows Notepad saved UTF-8), offsets counting it', () => {
    const text = '\ufeffroot: true\nrules:\n  gendered-term: "off"\nbogus: 1\n';
    const r = parseConfigText(text, '.biaslens.yaml');
    expect(r.config).toMatchObject({ root: true, rules: { 'gendered-term': 'off' } });
    const e = only(r.errors, 'bogus');
    expect(e.span.start).toBe(text.indexOf('bogus'));
    expect(e).toMatchObject({ line: 4, column: 1 });
  });

  it('locates nested errors in arrays', () => {
    const text = '{\n  "exclude": ["ok", 3]\n}';
    const r = parseConfigText(text, '.biaslens.json');
    const e = only(r.errors, 'exclude[1]');
    expect(e).toMatchObject({ line: 2, column: 21, span: { start: text.indexOf('3'), end: text.indexOf('3') + 1 } });
  });
});

describe.runIf(ruleWithOptions)('parseConfigText: rule options', () => {
  const rule = ruleWithOptions!;
  const shape = (rule.meta.options as unknown as { shape: Record<string, { safeParse(v: unknown): { success: boolean } }> }).shape;
  // An option key for which an object value is invalid (numbers, strings, booleans and arrays all reject {}).
  const key = Object.keys(shape).find((k) => !shape[k]!.safeParse({ nested: true }).success)!;

  it('locates an invalid option value at rules.<id>[1].<option> (YAML)', () => {
    const text = `rules:\n  ${rule.meta.id}:\n    - warning\n    - ${key}: { nested: true }\n`;
    const r = parseConfigText(text, '.biaslens.yaml');
    const e = only(r.errors, `rules.${rule.meta.id}[1].${key}`);
    const pos = positionOf(text, '{ nested');
    expect(e).toMatchObject({ line: pos.line, column: pos.column });
    expect(e.message).toContain(`Invalid option ${key} for rule "${rule.meta.id}"`);
  });

  it('locates an invalid option value (JSON) and an unknown option name', () => {
    const text = `{"rules": {"${rule.meta.id}": ["warn", {"${key}": {"nested": true}, "noSuchOption": 1}]}}`;
    const r = parseConfigText(text, '.biaslens.json');
    const bad = only(r.errors, `rules.${rule.meta.id}[1].${key}`);
    expect(bad.span.start).toBe(text.indexOf('{"nested"'));
    const unknown = only(r.errors, `rules.${rule.meta.id}[1].noSuchOption`);
    expect(unknown.span.start).toBe(text.indexOf('"noSuchOption"'));
    expect(unknown.message).toContain(`Unknown option "noSuchOption" for rule "${rule.meta.id}"`);
  });

  it('reports "__proto__" as a rule id, an option name and an audit key (JSON)', () => {
    for (const value of ['"off"', '["off"]', '{"parse-error": "off"}']) {
      const text = `{\n  "rules": {"__proto__": ${value}, "parse-error": "warning"}\n}`;
      const r = parseConfigText(text, '.biaslens.json');
      const e = only(r.errors, 'rules.__proto__');
      expect(e).toMatchObject({ message: 'Unknown rule "__proto__".', line: 2, column: 13 });
      expect(e.span.end - e.span.start).toBe('"__proto__"'.length);
      expect(r.errors).toHaveLength(1);
      expect(r.config).toEqual({ rules: { 'parse-error': 'warning' } });
      expect(Object.getPrototypeOf(r.config!.rules)).toBe(Object.prototype);
    }
    const text = `{"rules": {"${rule.meta.id}": ["warn", {"__proto__": {"${key}": 5}}]}, "audit": {"__proto__": {"model": "x"}}}`;
    const r = parseConfigText(text, '.biaslens.json');
    const option = only(r.errors, `rules.${rule.meta.id}[1].__proto__`);
    expect(option.message).toContain(`Unknown option "__proto__" for rule "${rule.meta.id}". Known options: `);
    expect(option.span.start).toBe(text.indexOf('"__proto__"'));
    const audit = only(r.errors, 'audit.__proto__');
    expect(audit).toMatchObject({ message: 'Unknown key "__proto__".', column: text.lastIndexOf('"__proto__"') + 1 });
    expect(r.errors).toHaveLength(2);
    expect(r.config).toEqual({ rules: { [rule.meta.id]: ['warn', {}] }, audit: {} });
  });

  it('reports a top-level "__proto__" once, as an unknown key', () => {
    const r = parseConfigText('{"__proto__": {"root": true}}', '.biaslens.json');
    expect(r.errors.map((e) => [e.keyPath, e.column])).toEqual([['__proto__', 2]]);
    expect(r.errors[0]!.message).toContain('Unknown key "__proto__".');
    expect(r.config).toEqual({});
  });
});
