/**
 * The TextMate grammars in syntaxes/, tokenised with vscode-textmate and the
 * Oniguruma regex engine (the same libraries VS Code uses), wired up the way
 * package.json's `contributes.grammars` declares them (including the injection).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, parseRawGrammar, Registry, type IGrammar } from 'vscode-textmate';

const root = path.resolve(__dirname, '..', '..');
interface GrammarContribution {
  scopeName: string;
  path: string;
  injectTo?: string[];
}
const contributions = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { grammars: GrammarContribution[] } }).contributes.grammars;

let registry: Registry;

beforeAll(async () => {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scopeName) => {
      // VS Code ships the YAML grammar the front matter embeds; an empty stand-in plays its part here
      // (with no source.yaml at all, vscode-textmate drops the front-matter rule that includes it).
      if (scopeName === 'source.yaml') return parseRawGrammar(JSON.stringify({ scopeName, patterns: [] }), 'yaml.json');
      const c = contributions.find((g) => g.scopeName === scopeName);
      if (!c) return null;
      const file = path.join(root, c.path);
      return parseRawGrammar(readFileSync(file, 'utf8'), file);
    },
    getInjections: (scopeName) => contributions.filter((g) => g.injectTo?.includes(scopeName)).map((g) => g.scopeName),
  });
});

interface Token {
  text: string;
  scopes: string[];
}

/** Every token of every line, with its scope stack. */
function tokenize(grammar: IGrammar, text: string): Token[][] {
  let stack = INITIAL;
  return text.split('\n').map((line) => {
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** The scopes of the first token on a line whose text is exactly `text`. */
function scopesOf(lines: Token[][], line: number, text: string): string[] {
  const token = lines[line]!.find((t) => t.text === text);
  if (!token) throw new Error(`no token ${JSON.stringify(text)} on line ${line}: ${JSON.stringify(lines[line]!.map((t) => t.text))}`);
  return token.scopes;
}

const has = (scopes: string[], scope: string) => scopes.some((s) => s.split(' ').includes(scope));

describe('prompt grammar (text.prompt)', () => {
  const sample = [
    '<!-- biaslens-disable-next-line answer-position-skew -->',
    'Q: Which planet is largest? Use {{context}} and {name}.',
    'Answer choices:',
    '(A) Mars',
    '(B) Jupiter',
    'A: Let us think. So the answer is (B).',
    '###',
    'Human: The answer is blue, as (C) in the text says.',
    'Example 2',
    '{% if hint %}{{ hint }}{% endif %}',
  ].join('\n');
  let lines: Token[][];
  beforeAll(async () => {
    lines = tokenize((await registry.loadGrammar('text.prompt'))!, sample);
  });

  it('marks suppression directives in comments', () => {
    expect(has(scopesOf(lines, 0, 'biaslens-disable-next-line'), 'keyword.control.directive.biaslens.prompt')).toBe(true);
    expect(has(scopesOf(lines, 0, '<!--'), 'comment.block.html.prompt')).toBe(true);
  });

  it('marks field names, option letters and the stated answer letter', () => {
    expect(has(scopesOf(lines, 1, 'Q'), 'support.type.property-name.field.prompt')).toBe(true);
    expect(has(scopesOf(lines, 2, 'Answer choices'), 'support.type.property-name.field.prompt')).toBe(true);
    expect(has(scopesOf(lines, 3, 'A'), 'constant.other.option-letter.prompt')).toBe(true);
    expect(has(scopesOf(lines, 4, 'B'), 'constant.other.option-letter.prompt')).toBe(true);
    const answer = lines[5]!.filter((t) => has(t.scopes, 'constant.language.answer-letter.prompt'));
    expect(answer.map((t) => t.text)).toEqual(['B']);
  });

  it('marks template variables in mustache, format and Jinja statement forms', () => {
    expect(has(scopesOf(lines, 1, 'context'), 'variable.other.template.prompt')).toBe(true);
    expect(has(scopesOf(lines, 1, 'name'), 'variable.other.template.prompt')).toBe(true);
    expect(has(scopesOf(lines, 9, 'if'), 'keyword.control.template.prompt')).toBe(true);
    expect(has(scopesOf(lines, 9, 'hint'), 'variable.other.template.prompt')).toBe(true);
  });

  it('marks exemplar separators and role markers', () => {
    expect(has(scopesOf(lines, 6, '###'), 'meta.separator.exemplar.prompt')).toBe(true);
    expect(has(scopesOf(lines, 8, 'Example 2'), 'entity.name.section.prompt')).toBe(true);
    expect(has(scopesOf(lines, 7, 'Human'), 'keyword.other.role.prompt')).toBe(true);
  });

  it('leaves prose alone: a non-letter answer and a mid-sentence "(C)" get no answer or option scope', () => {
    const line = lines[7]!;
    expect(line.some((t) => has(t.scopes, 'constant.language.answer-letter.prompt'))).toBe(false);
    expect(line.some((t) => has(t.scopes, 'constant.other.option-letter.prompt'))).toBe(false);
    expect(lines[1]!.filter((t) => t.text.includes('planet')).every((t) => t.scopes.join(' ') === 'text.prompt')).toBe(true);
  });
});

describe('prompty grammar with the injection', () => {
  const sample = ['---', 'name: Classifier', 'model:', '  api: chat', '---', 'system:', 'You label {{input}}.', 'user:', 'Q: {{question}}'].join('\n');
  let lines: Token[][];
  beforeAll(async () => {
    lines = tokenize((await registry.loadGrammar('text.prompty'))!, sample);
  });

  it('marks the YAML front matter as an embedded block, from the opening to the closing ---', () => {
    expect(has(scopesOf(lines, 0, '---'), 'punctuation.definition.frontmatter.begin.prompty')).toBe(true);
    for (const line of [1, 2, 3]) expect(lines[line]!.every((t) => has(t.scopes, 'meta.embedded.block.frontmatter.prompty'))).toBe(true);
    expect(has(scopesOf(lines, 4, '---'), 'punctuation.definition.frontmatter.end.prompty')).toBe(true);
    expect(lines[5]!.some((t) => has(t.scopes, 'meta.embedded.block.frontmatter.prompty'))).toBe(false);
  });

  it('marks role sections after the front matter and keeps the prompt scopes in the body', () => {
    expect(has(scopesOf(lines, 5, 'system'), 'entity.name.section.role.prompty')).toBe(true);
    expect(has(scopesOf(lines, 7, 'user'), 'entity.name.section.role.prompty')).toBe(true);
    expect(has(scopesOf(lines, 6, 'input'), 'variable.other.template.prompt')).toBe(true);
    expect(has(scopesOf(lines, 8, 'question'), 'variable.other.template.prompt')).toBe(true);
  });
});
