/**
 * Nesting too deep for the recursive parsers is refused before they see it (parse/nesting.ts):
 * a stack overflow inside V8's own work is a fatal error, not a catchable RangeError. A folder
 * of such files made the CLI abort with exit 134 and no output.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PARSE_DEPTH, tooDeepAt } from '../../server/src/parse/nesting.js';
import { parseDocument } from '../../server/src/parse/index.js';
import { parseConfigText } from '../../server/src/config/load.js';
import { ensureBuilt, runCli } from '../cli/helpers.js';

const open = (n: number) => '['.repeat(n);
const close = (n: number) => ']'.repeat(n);

describe('tooDeepAt', () => {
  it('finds the bracket that goes one level past the limit', () => {
    expect(tooDeepAt(open(3) + close(3), false, 3)).toBe(-1);
    expect(tooDeepAt('{"a":' + open(3) + close(3) + '}', false, 3)).toBe(7);
    expect(tooDeepAt(`${open(2)}${close(2)}${open(3)}${close(3)}`, false, 3)).toBe(-1);
  });

  it('does not count brackets in strings, YAML quotes or YAML comments', () => {
    expect(tooDeepAt(`["${'['.repeat(10)}\\" ["]`, false, 3)).toBe(-1);
    expect(tooDeepAt(`a: '${'['.repeat(10)}'' ['\nb: [1]`, true, 3)).toBe(-1);
    expect(tooDeepAt(`a: 1 # ${'{'.repeat(10)}\nb: [1]`, true, 3)).toBe(-1);
    // An apostrophe inside a word opens no quote: the brackets after it count.
    expect(tooDeepAt(`a: it's [[[[`, true, 3)).toBe(11);
    // In JSON a single quote and a hash are plain characters.
    expect(tooDeepAt(`["#'", [[[[]]]]]`, false, 3)).toBe(9);
  });
});

describe('deeply nested files', () => {
  const deep = (n: number) => open(n) + close(n);

  it('are refused with a positioned parse error in every structured format', () => {
    const cases: [string, string, string][] = [
      ['d.examples.yaml', `a: ${deep(2000)}\n`, 'YAML: brackets nested more than 256 levels deep; not parsed'],
      ['d.examples.json', '{"a":'.repeat(20000) + '1' + '}'.repeat(20000), 'JSON: brackets nested more than 256 levels deep; not parsed'],
      ['d.prompty', `---\nx: ${deep(5000)}\n---\nsystem:\nThe chairman spoke.\n`, 'Front matter: brackets nested more than 256 levels deep; not parsed'],
    ];
    for (const [uri, text, message] of cases) {
      const doc = parseDocument(uri, text);
      expect(doc.problems.map((p) => p.message)).toEqual([message]);
      const at = doc.problems[0]!.span.start;
      expect('[{').toContain(text[at]);
      expect(tooDeepAt(text.slice(0, at), false, Number.MAX_SAFE_INTEGER)).toBe(-1);
    }
    // The body of a .prompty whose front matter is refused is still read.
    expect(parseDocument('d.prompty', cases[2]![1]).prose.map((s) => s.text.trim())).toContain('The chairman spoke.');
  });

  it('stay parsed up to the limit', () => {
    const doc = parseDocument('ok.examples.json', deep(MAX_PARSE_DEPTH));
    expect(doc.problems.some((p) => p.message.includes('not parsed'))).toBe(false);
  });

  it('a config file nested too deep is a config error at its position, not an internal error', () => {
    for (const [name, text] of [
      ['.biaslens.json', '{"rules":' + deep(3000) + '}'],
      ['.biaslens.yaml', `rules: ${deep(3000)}\n`],
    ] as const) {
      const r = parseConfigText(text, name);
      expect(r.config).toBeNull();
      // The JSON's "{" is a level too: the 256th "[" goes past the limit there, the 257th in the YAML.
      const column = text.indexOf('[') + (name.endsWith('json') ? 256 : 257);
      expect(text[column - 1]).toBe('[');
      expect(r.errors.map((e) => [e.line, e.column, e.message])).toEqual([[1, column, `${name.endsWith('json') ? 'JSON' : 'YAML'} syntax error: brackets nested more than 256 levels deep.`]]);
    }
  });
});

describe('the CLI on a folder of deeply nested files', () => {
  let dir: string;
  beforeAll(() => {
    ensureBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biaslens-deep-'));
    fs.writeFileSync(path.join(dir, 'a.examples.yaml'), `a: ${open(2000)}${close(2000)}\n`);
    fs.writeFileSync(path.join(dir, 'b.examples.json'), '{"a":'.repeat(20000) + '1' + '}'.repeat(20000) + '\n');
    fs.writeFileSync(path.join(dir, 'c.jsonl'), '{"a":'.repeat(100000) + '1' + '}'.repeat(100000) + '\n');
    fs.writeFileSync(path.join(dir, 'd.examples.json'), open(20000) + close(20000) + '\n');
    fs.writeFileSync(path.join(dir, 'e.prompty'), `---\nx: ${open(5000)}${close(5000)}\n---\nsystem:\nhi\n`);
  }, 180_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reports each file and exits 1 (it used to abort with exit 134 and print nothing)', () => {
    const r = runCli(['lint', '--format', 'json', '.'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { files: { path: string; diagnostics: { ruleId: string; message: string }[] }[] };
    expect(report.files.map((f) => f.path).sort()).toEqual(['a.examples.yaml', 'b.examples.json', 'c.jsonl', 'd.examples.json', 'e.prompty']);
    for (const f of report.files) expect(f.diagnostics.length).toBeGreaterThan(0);
  });
});
