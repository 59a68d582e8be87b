/**
 * promptfoo CSV test files (`tests: file://tests.csv`): a `.csv` whose header has an `__expected`
 * column is read row by row as promptfoo tests, `__expected` holding the assertion (`equals: B`,
 * `contains: B`, or a bare value promptfoo checks with `equals`). Exact spans into the CSV text.
 */
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../server/src/parse/index';
import { isPromptfooCsvHeader } from '../../server/src/parse/promptfoo-csv';
import type { PromptDocument, Span } from '../../server/src/model/types';

const at = (text: string, s: Span | undefined) => (s ? text.slice(s.start, s.end) : undefined);
const golds = (doc: PromptDocument) => doc.exemplarSets.flatMap((s) => s.exemplars.map((e) => e.answer?.label));

describe('promptfoo CSV tests: `question,__expected`', () => {
  it('reads each row as a test whose `equals:` value is its gold, the options in its question lettered', () => {
    const text = [
      'question,__expected',
      '"Which planet is known as the Red Planet?',
      'A) Venus',
      'B) Mars',
      'C) Jupiter",equals: B',
      '"What is the chemical symbol for gold?',
      'A) Ag',
      'B) Au',
      'C) Gd",equals: B',
      '',
    ].join('\n');
    const doc = parseDocument('file:///p/tests.csv', text);
    expect(doc.format).toBe('text');
    expect(doc.testInputs).toEqual([]);
    expect(doc.exemplarSets).toHaveLength(1);
    const set = doc.exemplarSets[0]!;
    expect(set.kind).toBe('dataset');
    const [a, b] = set.exemplars;
    expect(a!.question!.text).toBe('Which planet is known as the Red Planet?');
    expect(a!.options.map((o) => [o.letter, o.text.text])).toEqual([
      ['A', 'Venus'],
      ['B', 'Mars'],
      ['C', 'Jupiter'],
    ]);
    expect(a!.answer).toMatchObject({ letter: 'B' });
    // The gold is the B after `equals: ` on the row's last line.
    const goldAt = text.indexOf('equals: B') + 'equals: '.length;
    expect(a!.answer!.span).toEqual({ start: goldAt, end: goldAt + 1 });
    // The row is the record: from its opening quote to the end of its last cell.
    expect(a!.span).toEqual({ start: text.indexOf('"Which'), end: goldAt + 1 });
    expect(at(text, a!.options[1]!.text.sourceSpan())).toBe('Mars');
    expect(b!.answer).toMatchObject({ letter: 'B' });
    expect(at(text, b!.answer!.span)).toBe('B');
    expect(b!.answer!.span.start).toBe(text.lastIndexOf('equals: B') + 'equals: '.length);
  });

  it('reads `contains:`, `icontains:`, `starts-with:` and a bare value as golds; CRLF rows; a quoted header', () => {
    const rows = [
      '"input","__expected"',
      'The battery easily lasts two days.,positive',
      'It stopped charging after a week.,contains: negative',
      '"Light, quiet and fast.",icontains:   Positive  ',
      'Great sound for the price.,starts-with: positive',
      'Comfortable to wear all day.,"equals: positive"',
    ];
    const text = rows.join('\r\n') + '\r\n';
    const doc = parseDocument('file:///p/tests.csv', text);
    expect(golds(doc)).toEqual(['positive', 'negative', 'Positive', 'positive', 'positive']);
    const exs = doc.exemplarSets[0]!.exemplars;
    expect(exs.map((e) => e.question?.text)).toEqual([
      'The battery easily lasts two days.',
      'It stopped charging after a week.',
      'Light, quiet and fast.',
      'Great sound for the price.',
      'Comfortable to wear all day.',
    ]);
    // Spans: the value only (no prefix, blanks, quotes or \r).
    const first = text.indexOf(',positive') + 1;
    expect(exs[0]!.answer!.span).toEqual({ start: first, end: first + 'positive'.length });
    const third = text.indexOf('Positive');
    expect(exs[2]!.answer!.span).toEqual({ start: third, end: third + 'Positive'.length });
    const fifth = text.indexOf('equals: positive"') + 'equals: '.length;
    expect(exs[4]!.answer!.span).toEqual({ start: fifth, end: fifth + 'positive'.length });
    // The quoted question's span is inside its quotes.
    expect(at(text, exs[2]!.question!.sourceSpan())).toBe('Light, quiet and fast.');
  });

  it('maps a doubled quote in a cell to its source', () => {
    const text = 'question,__expected\n"Who wrote ""Emma""?",Jane Austen\n';
    const [ex] = parseDocument('file:///p/t.csv', text).exemplarSets[0]!.exemplars;
    expect(ex!.question!.text).toBe('Who wrote "Emma"?');
    const q = ex!.question!;
    const i = q.text.indexOf('Emma');
    expect(at(text, q.sourceSpan(i, i + 4))).toBe('Emma');
    expect(at(text, q.sourceSpan(q.text.length - 1, q.text.length))).toBe('?');
    expect(at(text, ex!.answer!.span)).toBe('Jane Austen');
  });

  it('takes the first `__expected<N>` column that gives a gold', () => {
    const text = 'question,__expected1,__expected2\nIs the sky blue?,javascript: output.length < 10,equals: yes\nIs grass red?,equals: no,contains: no\n';
    const doc = parseDocument('file:///p/t.csv', text);
    const exs = doc.exemplarSets[0]!.exemplars;
    expect(exs.map((e) => [e.answer?.label, e.answer!.span.start])).toEqual([
      ['yes', text.indexOf('equals: yes') + 'equals: '.length],
      ['no', text.indexOf('equals: no') + 'equals: '.length],
    ]);
  });

  it('reads no gold from other assertions: such a row is a test input', () => {
    const cells = [
      'not-equals: B',
      'not-contains: B',
      'llm-rubric: gives the right letter',
      'grade: is polite',
      'javascript: output === "B"',
      'file://checks/letter.js',
      'similar(0.8): Mars',
      'regex: ^B$',
      'contains-any: B,b',
      'is-json',
      'equals',
      'equals:   ',
      '',
    ];
    for (const cell of cells) {
      const text = `question,__expected\nWhich planet is red?,"${cell.replace(/"/g, '""')}"\n`;
      const doc = parseDocument('file:///p/t.csv', text);
      expect(golds(doc), cell).toEqual([]);
      expect(doc.testInputs.map((t) => t.text.text), cell).toEqual(['Which planet is red?']);
    }
  });

  it('makes the var cells prose, and the header, the assertions and the settings columns not', () => {
    const text = 'review,__expected,__description,__prefix\nThe chairman liked it.,positive,a test about chairs,Be brief.\n';
    const doc = parseDocument('file:///p/t.csv', text);
    expect(doc.prose.map((s) => s.text)).toEqual(['The chairman liked it.', 'positive', 'Be brief.']);
  });

  it('leaves a CSV without an `__expected` column, and a non-CSV file, to the text parser', () => {
    // MMLU CSV rows (question, options, answer letter) are read by the text parser as before.
    const mmlu = 'What is 2+2?,3,4,5,6,B\nWhat is 3+3?,5,6,7,8,B\n';
    const doc = parseDocument('file:///p/mmlu.csv', mmlu);
    expect(doc.exemplarSets.map((s) => s.shape)).toEqual(['csv']);
    // A data table: no demos, no test inputs.
    const table = 'id,name,gender,age\n1,Ann,F,34\n2,Bob,M,45\n';
    const t = parseDocument('file:///p/customers.csv', table);
    expect([t.exemplarSets, t.testInputs]).toEqual([[], []]);
    // The same header in a .txt file is text.
    const txt = parseDocument('file:///p/tests.txt', 'question,__expected\nIs it red?,equals: yes\nIs it blue?,equals: yes\n');
    expect(txt.exemplarSets.flatMap((s) => s.exemplars)).toEqual([]);
  });
});

describe('isPromptfooCsvHeader', () => {
  it('finds an `__expected` column in the first row only', () => {
    expect(isPromptfooCsvHeader('question,__expected\n')).toBe(true);
    expect(isPromptfooCsvHeader('\ufeff"question","__expected1"\r\nx,y\r\n')).toBe(true);
    expect(isPromptfooCsvHeader('input, __expected ,__description\n')).toBe(true);
    expect(isPromptfooCsvHeader('question,expected\n')).toBe(false);
    expect(isPromptfooCsvHeader('__expected\nequals: B\n')).toBe(false);
    expect(isPromptfooCsvHeader('question,answer\nx,__expected\n')).toBe(false);
    expect(isPromptfooCsvHeader('__index_level_0__,text,label\n')).toBe(false);
  });
});
