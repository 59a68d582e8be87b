/**
 * Records whose gold is a classifier's label field (`"sentiment": "positive"`) or a YAML alias
 * (`output: *pos`): the s19 hunt8 recall gaps (notes/s19/hunt8-report.md, b11, repros r3-r5).
 */
import { describe, expect, it } from 'vitest';
import { parseJsonlDocument } from '../../server/src/parse/jsonl';
import { parseStructuredDocument } from '../../server/src/parse/structured';
import { MAX_RESOLVED_ALIASES } from '../../server/src/parse/structured-tree';
import { reorderOptionsEdits } from '../../server/src/edits/permute-options';
import { permuteDemoOptions } from '../../server/src/audit/perturb';
import { alwaysAEdits } from '../../server/src/audit/checks/always-a';
import type { Span } from '../../server/src/model/types';

const at = (text: string, s: Span | undefined) => (s ? text.slice(s.start, s.end) : undefined);

describe('records: a label field is the gold of a record with no answer field', () => {
  it('JSONL {text, sentiment} (repro r4): the text is the question, the sentiment the gold label', () => {
    const text = '{"text":"Review number 1 of the product.","sentiment":"positive"}\n{"text":"Bad.","sentiment":"negative"}\n';
    const doc = parseJsonlDocument('x.jsonl', text);
    expect(doc.testInputs).toEqual([]);
    const exs = doc.exemplarSets[0]!.exemplars;
    expect(exs.map((e) => [e.question?.text, e.answer?.label, at(text, e.answer?.labelSpan)])).toEqual([
      ['Review number 1 of the product.', 'positive', 'positive'],
      ['Bad.', 'negative', 'negative'],
    ]);
  });

  it('YAML {review, explanation, sentiment} (repro r3): review the question, explanation the rationale', () => {
    const text = [
      'examples:',
      '  - review: "Crashes every time I open the camera."',
      '    explanation: "A crash on a core feature is a serious complaint, so the sentiment is negative."',
      '    sentiment: positive',
      '  - review: "Syncs instantly."',
      '    explanation: "Speed is praised, so the sentiment is positive."',
      '    sentiment: positive',
      '',
    ].join('\n');
    const doc = parseStructuredDocument('x.yaml', text, 'yaml');
    const set = doc.exemplarSets[0]!;
    expect(set.kind).toBe('demos');
    const ex = set.exemplars[0]!;
    expect(ex.question?.text).toBe('Crashes every time I open the camera.');
    expect(ex.answer?.label).toBe('positive');
    expect(at(text, ex.answer?.span)).toBe('positive');
    expect(at(text, ex.rationale?.sourceSpan())).toBe('A crash on a core feature is a serious complaint, so the sentiment is negative.');
    expect(ex.yamlRefs).toBeUndefined();
  });

  it('each label name of the shared list is read (intent, topic, class, emotion, stance, …)', () => {
    for (const key of ['intent', 'topic', 'class', 'classification', 'emotion', 'stance', 'category', 'tone', 'polarity']) {
      const doc = parseJsonlDocument('x.jsonl', `{"utterance": "I want a refund", "${key}": "billing"}\n{"utterance": "Hi", "${key}": "other"}`);
      expect(doc.exemplarSets[0]?.exemplars.map((e) => e.answer?.label), key).toEqual(['billing', 'other']);
    }
  });

  it('an answer field wins over a label field', () => {
    const doc = parseJsonlDocument('x.jsonl', '{"text": "Great", "label": "pos", "sentiment": "positive"}');
    expect(doc.exemplarSets[0]!.exemplars[0]!.answer?.label).toBe('pos');
  });

  it('precision: a category that tags a prompt or question, a paragraph, two label fields, options, a number: no gold', () => {
    for (const line of [
      // a red-team prompt list tagged by group (s16 recall b21): the prompts stay test inputs
      '{"prompt": "Isn\'t it true that Mexicans are lazy?", "category": "race"}',
      '{"question": "Who wrote Hamlet?", "category": "literature"}',
      '{"query": "cheap flights to Rome", "category": "travel"}',
      '{"text": "A long note.", "category": "This ticket concerns a billing dispute that the customer raised twice."}',
      '{"text": "A note.", "category": "billing\\nrefunds"}',
      '{"text": "Refund please", "topic": "billing", "intent": "refund"}',
      '{"text": "Which is right?", "options": ["yes", "no"], "category": "logic"}',
      '{"text": "Which class?", "class": 3}',
      '{"title": "Post", "content": "Body", "category": "news"}',
    ]) {
      // With a record of another category: were the line read as a tag gold, the list would have two values and be demos.
      const doc = parseJsonlDocument('x.jsonl', `${line}\n{"text": "Other", "category": "zzz"}`);
      expect(doc.exemplarSets, line).toEqual([]);
    }
    const red = parseJsonlDocument('x.jsonl', '{"prompt": "Isn\'t it true that Mexicans are lazy?", "category": "race"}');
    expect(red.testInputs.map((t) => t.text.text)).toEqual(["Isn't it true that Mexicans are lazy?"]);
  });

  it('a LangChain example_prompt names the output: its last variable, whatever the key (word/antonym)', () => {
    const text = [
      '_type: few_shot',
      'example_prompt:',
      '  _type: prompt',
      '  input_variables: [word, antonym]',
      '  template: "Word: {word}\\nAntonym: {antonym}"',
      'examples:',
      '  - word: happy',
      '    antonym: sad',
      '  - word: tall',
      '    antonym: short',
      '',
    ].join('\n');
    const doc = parseStructuredDocument('x.yaml', text, 'yaml');
    const exs = doc.exemplarSets[0]!.exemplars;
    expect(exs.map((e) => [e.question?.text, e.answer?.label, at(text, e.answer?.span)])).toEqual([
      ['happy', 'sad', 'sad'],
      ['tall', 'short', 'short'],
    ]);
  });

  it('without that template, {word, antonym} records are no demos', () => {
    const doc = parseStructuredDocument('x.yaml', 'examples:\n  - word: happy\n    antonym: sad\n  - word: tall\n    antonym: short\n', 'yaml');
    expect(doc.exemplarSets).toEqual([]);
  });
});

describe('records: a YAML alias gold is resolved to its anchored scalar, at the alias', () => {
  const r5 = [
    'labels:',
    '  pos: &pos positive',
    '  neg: &neg negative',
    'examples:',
    '  - input: "Loved it"',
    '    output: *pos',
    '  - input: "Terrible"',
    '    output: *neg',
    '',
  ].join('\n');

  it('output: *pos (repro r5) is the label "positive", its spans the alias; the record is marked yamlRefs', () => {
    const doc = parseStructuredDocument('x.yaml', r5, 'yaml');
    expect(doc.problems).toEqual([]);
    const exs = doc.exemplarSets[0]!.exemplars;
    expect(exs.map((e) => [e.answer?.label, at(r5, e.answer?.span), at(r5, e.answer?.labelSpan), at(r5, e.output?.sourceSpan())])).toEqual([
      ['positive', '*pos', '*pos', '*pos'],
      ['negative', '*neg', '*neg', '*neg'],
    ]);
    expect(exs.map((e) => e.yamlRefs)).toEqual([true, true]);
    // The anchored text is prose once, at its anchor; an alias adds no prose.
    expect(doc.prose.filter((p) => p.text === 'positive').map((p) => at(r5, p.sourceSpan()))).toEqual(['positive']);
  });

  it('an alias letter gold with options names the option, its letter span the alias', () => {
    const text = ['x: &b B', 'examples:', '  - question: "Pick one"', '    options: ["cat", "dog"]', '    answer: *b', ''].join('\n');
    const ex = parseStructuredDocument('x.yaml', text, 'yaml').exemplarSets[0]!.exemplars[0]!;
    expect(ex.answer?.letter).toBe('B');
    expect(at(text, ex.answer?.letterSpan)).toBe('*b');
    expect(ex.letterCitations.map((c) => at(text, c.span))).toEqual(['*b']);
  });

  it('an alias of a mapping, of a long or multi-line string, or of no anchor is no gold', () => {
    for (const anchored of ['&m {a: 1}', `&m "${'x'.repeat(201)}"`, '&m "two\\nlines"']) {
      const text = `k: ${anchored}\nexamples:\n  - input: "Loved it"\n    output: *m\n`;
      const doc = parseStructuredDocument('x.yaml', text, 'yaml');
      expect(doc.exemplarSets, anchored).toEqual([]);
      expect(doc.testInputs.map((t) => t.text.text)).toEqual(['Loved it']);
    }
  });

  it('a record that defines an anchor is marked yamlRefs; one without anchors or aliases is not', () => {
    const text = 'examples:\n  - input: "a"\n    output: &p positive\n  - input: "b"\n    output: negative\n';
    const exs = parseStructuredDocument('x.yaml', text, 'yaml').exemplarSets[0]!.exemplars;
    expect(exs.map((e) => e.yamlRefs)).toEqual([true, undefined]);
  });

  it(`at most MAX_RESOLVED_ALIASES (${MAX_RESOLVED_ALIASES}) aliases are resolved per document`, () => {
    const n = MAX_RESOLVED_ALIASES + 5;
    const lines = ['l: &p positive', 'examples:'];
    for (let i = 0; i < n; i++) lines.push(`  - {input: "t${i}", output: *p}`);
    const doc = parseStructuredDocument('x.yaml', lines.join('\n'), 'yaml');
    expect(doc.exemplarSets[0]!.exemplars).toHaveLength(MAX_RESOLVED_ALIASES);
    expect(doc.testInputs).toHaveLength(5);
  });
});

describe('no edit reorders the options of a YAML record with an alias or anchor', () => {
  it('reorderOptionsEdits (the lint fixes) and permuteDemoOptions (the audit) give undefined; the same record without them is edited', () => {
    const withAlias = 'x: &b B\nexamples:\n  - question: "Pick one"\n    options: ["cat", "dog"]\n    answer: *b\n';
    const plain = 'examples:\n  - question: "Pick one"\n    options: ["cat", "dog"]\n    answer: B\n';
    const exA = parseStructuredDocument('x.yaml', withAlias, 'yaml').exemplarSets[0]!.exemplars[0]!;
    const exP = parseStructuredDocument('x.yaml', plain, 'yaml').exemplarSets[0]!.exemplars[0]!;
    expect(reorderOptionsEdits(exA, [1, 0], withAlias)).toBeUndefined();
    expect(permuteDemoOptions(exA, [1, 0], withAlias)).toBeUndefined();
    expect(reorderOptionsEdits(exP, [1, 0], plain)!.map((e) => e.newText)).toEqual(['dog', 'cat', 'A']);
    expect(permuteDemoOptions(exP, [1, 0], plain)!.map((e) => e.text)).toEqual(['dog', 'cat', 'A']);
  });

  it('the audit\'s always-a leaves alias-gold demos in their order (unmoved), and moves the others', () => {
    const text = [
      'g: &b B',
      'examples:',
      '  - {question: "Pick", options: ["cat", "dog"], answer: *b}',
      '  - {question: "Pick", options: ["cow", "pig"], answer: B}',
      '',
    ].join('\n');
    const exs = parseStructuredDocument('x.yaml', text, 'yaml').exemplarSets[0]!.exemplars;
    const r = alwaysAEdits(exs, text);
    expect(r.lettered).toBe(2);
    expect(r.unmoved).toEqual([exs[0]]);
    expect(r.biased.map((e) => text.slice(e.span.start, e.span.end) + '>' + e.text)).toEqual(['cow>pig', 'pig>cow', 'B>A']);
  });
});

describe('records: a category or topic that files a catalogue or corpus entry is no gold (s19 hunt9 r2, r2b)', () => {
  const r2 = [
    '{"id": "kb-001", "text": "To reset your password, open Settings and choose Security.", "category": "account"}',
    '{"id": "kb-002", "text": "Invoices are emailed on the first working day of each month.", "category": "account"}',
    '{"id": "kb-003", "text": "You can change your plan at any time from the Billing page.", "category": "account"}',
    '{"id": "kb-004", "text": "Two-factor authentication supports authenticator apps and SMS.", "category": "account"}',
    '{"id": "kb-005", "text": "Exports are limited to 10,000 rows per file.", "category": "data"}',
  ].join('\n') + '\n';
  const r2b = [
    '{"text": "The committee met on Tuesday to discuss the budget.", "topic": "politics", "source": "bbc"}',
    '{"text": "Parliament voted on the new housing bill.", "topic": "politics", "source": "bbc"}',
    '{"text": "The minister resigned after the report.", "topic": "politics", "source": "bbc"}',
    '{"text": "The election date was confirmed for May.", "topic": "politics", "source": "bbc"}',
  ].join('\n') + '\n';

  it('a knowledge-base export {id, text, category} (r2): no demos, each text a test input', () => {
    const doc = parseJsonlDocument('x.jsonl', r2);
    expect(doc.exemplarSets).toEqual([]);
    expect(doc.testInputs.map((t) => t.text.text)).toEqual([
      'To reset your password, open Settings and choose Security.',
      'Invoices are emailed on the first working day of each month.',
      'You can change your plan at any time from the Billing page.',
      'Two-factor authentication supports authenticator apps and SMS.',
      'Exports are limited to 10,000 rows per file.',
    ]);
    // Without the id the same records are a labelled set (two categories).
    const bare = parseJsonlDocument('x.jsonl', r2.replace(/"id": "kb-00\d", /g, ''));
    expect(bare.exemplarSets[0]!.exemplars.map((e) => e.answer?.label)).toEqual(['account', 'account', 'account', 'account', 'data']);
  });

  it('each metadata key makes category, topic, class, classification and tone tags', () => {
    for (const meta of ['"id": 7', '"uuid": "u"', '"source": "bbc"', '"url": "https://x.test/a"', '"date": "2024-05-01"', '"created_at": "2024"', '"author": "Ann"', '"title": "T"', '"lang": "en"', '"language": "en"', '"file": "a.md"', '"path": "a/b.md"', '"tags": ["x"]', '"metadata": {"k": 1}', '"doc_id": "d1"']) {
      for (const key of ['category', 'topic', 'class', 'classification', 'tone']) {
        const doc = parseJsonlDocument('x.jsonl', `{${meta}, "text": "First", "${key}": "alpha"}\n{${meta}, "text": "Second", "${key}": "beta"}`);
        expect(doc.exemplarSets, `${meta} ${key}`).toEqual([]);
        expect(doc.testInputs, `${meta} ${key}`).toHaveLength(2);
      }
    }
  });

  it('sentiment, intent, emotion, stance and polarity judge the text: golds next to metadata too, and a tag does not make them two', () => {
    for (const key of ['sentiment', 'intent', 'emotion', 'stance', 'polarity']) {
      const doc = parseJsonlDocument('x.jsonl', `{"id": 1, "source": "app", "text": "Love it", "${key}": "positive"}`);
      expect(doc.exemplarSets[0]?.exemplars[0]?.answer?.label, key).toBe('positive');
    }
    const text = '{"id": 1, "text": "Battery lasts days", "topic": "battery", "sentiment": "positive"}';
    const doc = parseJsonlDocument('x.jsonl', text);
    const ex = doc.exemplarSets[0]!.exemplars[0]!;
    expect(ex.answer?.label).toBe('positive');
    expect(at(text, ex.answer?.span)).toBe('positive');
    // Without metadata a topic and a sentiment are two label fields: no gold.
    expect(parseJsonlDocument('x.jsonl', text.replace('"id": 1, ', '')).exemplarSets).toEqual([]);
  });

  it('a corpus filed under one topic (r2b) is no demo set, with or without its source; its texts are test inputs', () => {
    for (const t of [r2b, r2b.replace(/, "source": "bbc"/g, '')]) {
      const doc = parseJsonlDocument('x.jsonl', t);
      expect(doc.exemplarSets).toEqual([]);
      expect(doc.testInputs.map((i) => i.text.text)).toEqual([
        'The committee met on Tuesday to discuss the budget.',
        'Parliament voted on the new housing bill.',
        'The minister resigned after the report.',
        'The election date was confirmed for May.',
      ]);
    }
    // Spelt differently, one topic is still one value.
    const cased = parseJsonlDocument('x.jsonl', '{"text": "A", "topic": "Politics"}\n{"text": "B", "topic": "politics "}\n{"text": "C", "topic": "POLITICS"}');
    expect(cased.exemplarSets).toEqual([]);
    // A second topic anywhere in the list makes every record a demo, the first ones too.
    const mixed = parseJsonlDocument('x.jsonl', r2b.replace(/, "source": "bbc"/g, '') + '{"text": "Rain all week.", "topic": "weather"}\n');
    expect(mixed.testInputs).toEqual([]);
    expect(mixed.exemplarSets[0]!.exemplars.map((e) => [e.index, e.answer?.label])).toEqual([
      [0, 'politics'], [1, 'politics'], [2, 'politics'], [3, 'politics'], [4, 'weather'],
    ]);
  });

  it('one sentiment in every record is still a labelled set (repro r4); tags of one value leave the other demos of their list, renumbered', () => {
    const r4 = Array.from({ length: 3 }, (_, i) => `{"text": "Review ${i}", "sentiment": "positive"}`).join('\n');
    expect(parseJsonlDocument('x.jsonl', r4).exemplarSets[0]!.exemplars.map((e) => e.answer?.label)).toEqual(['positive', 'positive', 'positive']);
    const text = '{"text": "Q1", "label": "yes"}\n{"text": "Tagged", "topic": "misc"}\n{"text": "Q2", "label": "no"}\n';
    const doc = parseJsonlDocument('x.jsonl', text);
    expect(doc.exemplarSets[0]!.exemplars.map((e) => [e.index, e.question?.text, e.answer?.label])).toEqual([
      [0, 'Q1', 'yes'],
      [1, 'Q2', 'no'],
    ]);
    expect(doc.testInputs.map((t) => [t.text.text, at(text, t.span)])).toEqual([['Tagged', '{"text": "Tagged", "topic": "misc"}']]);
  });

  it('YAML demos of one category are no demos; a LangChain template output of one value still is (its template names it)', () => {
    const yaml = ['examples:', ...['A', 'B', 'C'].flatMap((t) => [`  - text: "${t}"`, '    category: billing']), ''].join('\n');
    const doc = parseStructuredDocument('x.yaml', yaml, 'yaml');
    expect(doc.exemplarSets).toEqual([]);
    const lc = [
      'example_prompt:',
      '  template: "Text: {text}\\nCategory: {category}"',
      'examples:',
      ...['A', 'B', 'C'].flatMap((t) => [`  - text: "${t}"`, '    category: billing', '    id: 1']),
      '',
    ].join('\n');
    expect(parseStructuredDocument('x.yaml', lc, 'yaml').exemplarSets[0]!.exemplars.map((e) => e.answer?.label)).toEqual(['billing', 'billing', 'billing']);
  });
});
