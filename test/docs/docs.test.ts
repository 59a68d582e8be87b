/**
 * Keeps the documentation honest: each rule's page states the default severity and the options
 * (names, order, defaults) its code has; the README's rules table, settings table and commands match
 * the registry and package.json; the default globs are written where they are documented.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules, PSEUDO_RULES } from '../../server/src/rules/index.js';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE } from '../../server/src/config/schema.js';
import { lint } from '../../server/src/engine/lint.js';

const root = path.resolve(__dirname, '../..');
const read = (rel: string) => fs.readFileSync(path.join(root, rel), 'utf8');
const readme = read('README.md');
const pkg = JSON.parse(read('package.json'));

/** The text of a `## heading` section, up to the next `## `. */
function section(md: string, heading: string): string | undefined {
  const start = md.indexOf(`\n${heading}\n`);
  if (start < 0) return undefined;
  const end = md.indexOf('\n## ', start + heading.length + 2);
  return md.slice(start, end < 0 ? undefined : end);
}

/** Rows of the markdown tables in a text: cells without the outer pipes, header and rule lines dropped. */
function tableRows(md: string): string[][] {
  return md
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|[-| ]+\|$/.test(l))
    .map((l) => l.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim()));
}

const NUMBER_WORDS: Record<string, number> = { two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };

/** A default as the docs write it: `json` in backticks, or "all <n>" for every value of an enum. */
function docDefault(cell: string, schemaDefault: unknown, enumValues: unknown[] | undefined): unknown {
  const all = /^all (\w+)$/.exec(cell);
  if (all) {
    expect(enumValues, `"${cell}" names an enum`).toBeDefined();
    expect(enumValues!.length).toBe(NUMBER_WORDS[all[1]!]);
    return [...enumValues!];
  }
  const code = /^`(.*)`$/.exec(cell);
  expect(code, `default cell ${cell} is code`).not.toBeNull();
  return JSON.parse(code![1]!);
}

describe('docs/rules/<id>.md', () => {
  it('has a page for every rule and every engine diagnostic, and no page for anything else', () => {
    const pages = fs.readdirSync(path.join(root, 'docs/rules')).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3)).sort();
    expect(pages).toEqual([...allRules.map((r) => r.meta.id), ...PSEUDO_RULES.map((p) => p.id), 'too-many-problems'].sort());
  });

  for (const rule of allRules) {
    const id = rule.meta.id;
    const md = read(`docs/rules/${id}.md`);

    it(`${id}: states the default severity`, () => {
      expect(md.startsWith(`# ${id}\n`)).toBe(true);
      const row = tableRows(md).find((r) => r[0] === 'Default severity');
      expect(row, 'a "Default severity" row').toBeDefined();
      expect(row![1]).toMatch(new RegExp(`^${rule.meta.defaultSeverity}\\b`));
    });

    it(`${id}: documents the options of its schema, in order, with their defaults`, () => {
      const options = section(md, '## Options');
      expect(options, 'an Options section').toBeDefined();
      const defaults = rule.meta.options.parse({}) as Record<string, unknown>;
      const shape = (rule.meta.options as unknown as { shape: Record<string, any> }).shape;
      const rows = tableRows(options!).filter((r) => r[0] !== 'Option');
      if (Object.keys(defaults).length === 0) {
        expect(rows).toEqual([]);
        expect(options).toMatch(/\nNone\.\n/);
        return;
      }
      expect(rows.map((r) => r[0])).toEqual(Object.keys(defaults).map((k) => `\`${k}\``));
      for (const [name, cell] of rows) {
        const key = name!.slice(1, -1);
        // An array of an enum: its values, for "all eight".
        const element = shape[key]?.unwrap?.()?.element ?? shape[key]?.def?.innerType?.element;
        const enumValues = element?.options as unknown[] | undefined;
        expect(docDefault(cell!, defaults[key], enumValues), `${id}.${key}`).toEqual(defaults[key]);
      }
    });
  }
});

/**
 * The pages whose examples are one prompt a line, "Reported:" and "Not reported:" blocks with the
 * reason after two or more spaces: each line, linted alone with the default config, is reported by
 * the rule or not, as its block says. ("Swedes are cold, right?" sat under "Reported:" while the
 * page's known limits said, rightly, that it is not reported.)
 */
describe('one-line examples on the rule pages', () => {
  for (const id of ['gendered-term', 'gendered-pronoun-default', 'stereotype-template']) {
    it(`${id}: each example is reported or not as its block says`, () => {
      const examples = section(read(`docs/rules/${id}.md`), '## Examples')!;
      const blocks = [...examples.matchAll(/\n(Reported|Not reported):\n\n```text\n([\s\S]*?)```/g)];
      expect(blocks.map((b) => b[1])).toEqual(['Reported', 'Not reported']);
      const wrong: string[] = [];
      for (const [, kind, body] of blocks) {
        for (const line of body!.split('\n').filter((l) => l.trim())) {
          // The example is what comes before the annotation ("  -> …", "  (…)"); "\n" in it is a line break.
          const text = line.split(/\s{2,}(?:->|\()|\s{3,}/)[0]!.trimEnd().replace(/\\n/g, '\n');
          const uri = text.startsWith('{"') ? 'x.jsonl' : 'x.prompt';
          const reported = lint({ uri, text: text + '\n' }).diagnostics.some((d) => d.ruleId === id);
          if (reported !== (kind === 'Reported')) wrong.push(`${kind}: ${text}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }
});

describe('README.md', () => {
  it('lists every rule in the rules table with its default severity and page', () => {
    const rows = tableRows(section(readme, '## Rules')!).filter((r) => r[0] !== 'Rule');
    const listed = rows.map((r) => /^\[([a-z-]+)\]\(docs\/rules\/([a-z-]+)\.md\)$/.exec(r[0]!));
    expect(listed.every((m) => m && m[1] === m[2])).toBe(true);
    expect(listed.map((m) => m![1]).sort()).toEqual(allRules.map((r) => r.meta.id).sort());
    for (const rule of allRules) expect(rows[listed.findIndex((m) => m![1] === rule.meta.id)]![3], rule.meta.id).toBe(rule.meta.defaultSeverity);
  });

  it('lists every setting of package.json with its default', () => {
    const props = pkg.contributes.configuration.properties as Record<string, { default: unknown }>;
    const rows = tableRows(section(readme, '## Quick start')!).filter((r) => r[0]?.startsWith('`biaslens.'));
    expect(rows.map((r) => r[0]!.slice(1, -1))).toEqual(Object.keys(props));
    for (const [name, cell] of rows) {
      const key = name!.slice(1, -1);
      if (key === 'biaslens.include' || key === 'biaslens.exclude') expect(cell).toMatch(/docs\/configuration\.md#include-and-exclude/);
      else expect(JSON.parse(/^`(.*)`$/.exec(cell!)![1]!), key).toEqual(props[key]!.default);
    }
  });

  it('names every command of package.json', () => {
    for (const c of pkg.contributes.commands as { title: string; category: string }[]) expect(readme).toContain(`**${c.category}: ${c.title}**`);
  });
});

describe('default include and exclude globs', () => {
  it('are the same in package.json (the editor) as in the config defaults (the CLI)', () => {
    const props = pkg.contributes.configuration.properties;
    expect(props['biaslens.include'].default).toEqual(DEFAULT_INCLUDE);
    expect(props['biaslens.exclude'].default).toEqual(DEFAULT_EXCLUDE);
  });

  it('are all written in docs/configuration.md', () => {
    const text = section(read('docs/configuration.md'), '## Keys')!;
    const includeBlock = /Default `include`:\n\n```\n([\s\S]*?)```/.exec(text)![1]!;
    expect(includeBlock.trim().split(/\s+/).sort()).toEqual([...DEFAULT_INCLUDE].sort());
    const excludeLine = /Default `exclude`: ([\s\S]*?)\.\n/.exec(text)![1]!;
    expect([...excludeLine.matchAll(/`([^`]+)`/g)].map((m) => m[1])).toEqual(DEFAULT_EXCLUDE);
  });
});
