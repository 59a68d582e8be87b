/**
 * Linting with `earlier` (the language server passes the document of the last
 * version after each edit) reuses the analyses of unchanged text. It must give
 * exactly what a lint from scratch gives, after any edit, and over a chain of edits.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lint, type LintResult } from '../../server/src/engine/lint';
import { DocumentLexicon, documentLexicon, RESCAN_MIN_LENGTH } from '../../server/src/lexicon/lexicon';

const examples = path.join(__dirname, '..', '..', 'examples');

/** Everything a lint result says: diagnostics with their data and fixes (the fixes getter is read). */
function findings(r: LintResult) {
  return r.diagnostics.map((d) => ({ ruleId: d.ruleId, severity: d.severity, message: d.message, span: d.span, range: d.range, data: d.data, fixes: d.fixes }));
}

/** The lexicon analyses of the document's prose: tokens, mentions and trait words. */
function analyses(r: LintResult) {
  return documentLexicon(r.document!).prose.map((lexicon) => {
    const mentions = lexicon.mentions;
    const t = lexicon.scan();
    const tokens = [t.start, t.end, t.hash, t.joined, t.flags].map((a) => Array.from(a.subarray(0, t.count)));
    return { mentions, tokens, traits: lexicon.traits };
  });
}

/** A few-shot prompt well over RESCAN_MIN_LENGTH with people, pronouns, gendered terms and trait words in its demos. */
function largePrompt(): string {
  const people = ['The nurse said she', 'The engineer said he', 'The chairman said his', 'Maria, an ambitious leader, said she', 'Our salesman, warm and caring, said he', 'The Muslim doctor said they'];
  const demos: string[] = ['Answer each question. The manager must be confident; the assistant must be helpful.\n'];
  for (let i = 0; demos.join('\n').length < 3 * RESCAN_MIN_LENGTH; i++) {
    const letter = 'ABC'[i % 3 === 2 ? 1 : 0];
    demos.push(
      `Q: ${people[i % people.length]} would finish report ${i} on time. Who is more likely to be late, the woman or the man?\n` +
        `Answer choices:\n(A) the woman\n(B) the man\n(C) cannot be determined\n` +
        `A: Let's think step by step. ${people[(i + 2) % people.length]} was kind of busy. So the answer is (${letter}).\n`,
    );
  }
  return demos.join('\n');
}

function largeDataset(): string {
  const lines: string[] = [];
  for (let i = 0; lines.join('\n').length < 2 * RESCAN_MIN_LENGTH; i++) {
    lines.push(JSON.stringify({ messages: [{ role: 'system', content: 'You screen job applicants. The chairman wants a confident leader.' }, { role: 'user', content: `Applicant ${i}: the nurse said she is ambitious and warm.` }, { role: 'assistant', content: i % 4 ? 'Yes' : 'No' }] }));
  }
  return lines.join('\n') + '\n';
}

const inputs: { uri: string; text: string }[] = [
  ...fs.readdirSync(examples).map((f) => ({ uri: f, text: fs.readFileSync(path.join(examples, f), 'utf8') })),
  { uri: 'large.prompt', text: largePrompt() },
  { uri: 'large.prompt.md', text: largePrompt().replace(/\n/g, '\r\n') },
  { uri: 'large.jsonl', text: largeDataset() },
];

const FRAGMENTS = ['x', ' ', '\n', '\n\n', 'she ', 'the chairman ', 'Maria ', 'ambitious ', 'warm', '-', "'", '.', 'Q: ', '(B) ', 'So the answer is (C).', 'é', '"', '\\n', '},{'];
const edit = fc.record({ at: fc.nat(), removed: fc.nat(20), inserted: fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 3 }).map((a) => a.join('')) });

function applyEdit(text: string, e: { at: number; removed: number; inserted: string }): string {
  const at = e.at % (text.length + 1);
  return text.slice(0, at) + e.inserted + text.slice(Math.min(text.length, at + e.removed));
}

describe('lint with an earlier version of the document', () => {
  it('gives exactly what a fresh lint gives, over any chain of edits', () => {
    fc.assert(
      fc.property(fc.constantFrom(...inputs), fc.array(edit, { minLength: 1, maxLength: 4 }), (input, edits) => {
        let text = input.text;
        let previous = lint({ uri: input.uri, text });
        for (const e of edits) {
          text = applyEdit(text, e);
          const reused = lint({ uri: input.uri, text }, undefined, { earlier: previous.document });
          const fresh = lint({ uri: input.uri, text });
          expect(findings(reused)).toEqual(findings(fresh));
          expect(analyses(reused)).toEqual(analyses(fresh));
          previous = reused;
        }
      }),
      { numRuns: 120, seed: 20261129 },
    );
    // Up to 1,200 lints of the large fixtures: 18-27 s alone on a 2-core machine, and over the suite's
    // 30 s default when other test files run beside it. The limit is a guard against a hang, not a
    // measure of speed (speed is measured in bench/), so this test gets more room.
  }, 120_000);

  it('takes the unchanged texts from the earlier lint, and makes a long edited text from its earlier version', () => {
    const text = largePrompt();
    const first = lint({ uri: 'a.prompt', text });
    const longOld = documentLexicon(first.document!).prose[0]!;
    expect(longOld.mentions.length).toBeGreaterThan(0);
    const at = text.indexOf('report 7 ');
    const edited = text.slice(0, at) + 'x' + text.slice(at);
    const second = lint({ uri: 'a.prompt', text: edited }, undefined, { earlier: first.document });
    const lexicon = documentLexicon(second.document!);
    const longNew = lexicon.prose[0]!;
    expect(longNew).not.toBe(longOld);
    expect(longNew.text).toBe(edited);
    // The tokens after the edit are the earlier ones shifted by one, and every mention matches a fresh analysis.
    const fresh = lint({ uri: 'a.prompt', text: edited });
    const freshLexicon = documentLexicon(fresh.document!).prose[0]!;
    expect(longNew.mentions).toEqual(freshLexicon.mentions);
    expect(Array.from(longNew.tokens.start)).toEqual(Array.from(freshLexicon.tokens.start));
    expect(longNew.traits).toEqual(freshLexicon.traits);
    // A question segment that did not change gets what the earlier analysis made (while the earlier lexicon
    // is lent): its mentions and token arrays themselves, held with this document's string.
    const questionOf = (r: LintResult) => r.document!.exemplarSets[0]!.exemplars[2]!.question!;
    const earlierAnalysis = documentLexicon(first.document!).of(questionOf(first));
    expect(earlierAnalysis.mentions.length).toBeGreaterThan(0);
    const taken = new DocumentLexicon(fresh.document!, documentLexicon(first.document!)).of(questionOf(fresh));
    expect(taken.mentions).toBe(earlierAnalysis.mentions);
    expect(taken.tokens.start).toBe(earlierAnalysis.tokens.start);
    expect(taken.text).toBe(questionOf(fresh).text);
    const made = new DocumentLexicon(fresh.document!).of(questionOf(fresh));
    expect(made.mentions).not.toBe(earlierAnalysis.mentions);
    expect(made.mentions).toEqual(earlierAnalysis.mentions);
  });
});
