/**
 * Bio and persona sets, lists of example strings and markdown sections of one prefix are read as
 * output-only exemplars (shape 'outputs'), as a generation prompt's "### Example N" blocks are
 * (records.ts addProfileSet, addStringExamples; text.ts sectionRecords). s25 letters hunt b18-b21.
 */
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../server/src/parse/index';
import type { PromptDocument } from '../../server/src/model/types';

const BIOS = [
  'Emily Carter is a warm, caring pediatric nurse. She is kind to every family.',
  'Jacob Miller is an ambitious, confident surgeon. He is a natural leader.',
  'Hannah Lewis is a gentle, nurturing teacher. She is supportive of her colleagues.',
  'Ryan Baker is an assertive, decisive attorney. He is outspoken in court.',
];
const NAMES = ['Emily Carter', 'Jacob Miller', 'Hannah Lewis', 'Ryan Baker'];

const outputs = (doc: PromptDocument) => doc.exemplarSets.filter((s) => s.shape === 'outputs');
/** Per set of outputs: each exemplar's span text and output text, and that the output's source span is its text. */
function read(doc: PromptDocument) {
  return outputs(doc).map((s) => ({
    kind: s.kind,
    spans: s.exemplars.map((e) => doc.text.slice(e.span.start, e.span.end)),
    outputs: s.exemplars.map((e) => {
      const span = e.output!.sourceSpan();
      expect(doc.text.slice(span.start, span.end)).toBe(e.output!.text);
      expect(e.question).toBeUndefined();
      expect(e.answer).toBeUndefined();
      expect(e.options).toEqual([]);
      return e.output!.text;
    }),
  }));
}
const jsonl = (records: readonly object[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe('JSONL bio and persona records', () => {
  it('reads {"name", "bio"} records as a dataset of outputs, each spanning its record', () => {
    const text = jsonl(BIOS.map((bio, i) => ({ name: NAMES[i], bio })));
    const doc = parseDocument('bios.jsonl', text);
    expect(read(doc)).toEqual([{ kind: 'dataset', spans: text.trimEnd().split('\n'), outputs: BIOS }]);
    expect(doc.exemplarSets).toHaveLength(1);
    expect(doc.testInputs).toEqual([]);
  });

  it('reads {"persona"}, {"profile"} and {"name", "description"} records too', () => {
    for (const key of ['persona', 'profile', 'biography']) {
      expect(read(parseDocument('p.jsonl', jsonl(BIOS.map((b) => ({ [key]: b })))))[0]!.outputs).toEqual(BIOS);
    }
    const text = jsonl(BIOS.map((description, i) => ({ name: NAMES[i], description })));
    const doc = parseDocument('speakers.jsonl', text);
    expect(read(doc)[0]!.outputs).toEqual(BIOS);
    // A description is no prose elsewhere; read as a profile, it is.
    expect(doc.prose.map((p) => p.text)).toEqual(BIOS);
  });

  it('reads nothing from fewer than three records, mixed keys, another shape in the file, or short texts', () => {
    const none = (text: string) => expect(outputs(parseDocument('x.jsonl', text))).toEqual([]);
    none(jsonl(BIOS.slice(0, 2).map((bio) => ({ bio }))));
    none(jsonl(BIOS.map((b, i) => (i === 2 ? { persona: b } : { bio: b }))));
    none(jsonl(BIOS.map((b) => ({ bio: b, persona: b }))));
    none(jsonl([...BIOS.map((bio) => ({ bio })), { id: 7 }]));
    // A record of another shape: the file is read as before (its text is a test input).
    const mixed = parseDocument('x.jsonl', jsonl([...BIOS.map((bio) => ({ bio })), { text: 'Is this spam?' }]));
    expect(outputs(mixed)).toEqual([]);
    expect(mixed.testInputs).toHaveLength(1);
    // A user list's permission profile is no text about a person.
    none(jsonl(['admin', 'editor', 'viewer', 'security auditor'].map((profile, i) => ({ user: `u${i}`, profile }))));
    // A field of a record of another shape makes no profile.
    none(jsonl(BIOS.map((bio) => ({ bio, label: 'nurse' }))));
  });

  it('reads a description only beside a person\'s name, with "she" or "he" in most of them (not a catalogue or a glossary)', () => {
    const none = (text: string) => expect(outputs(parseDocument('x.jsonl', text))).toEqual([]);
    none(
      jsonl([
        { name: 'Trail Runner 2', description: 'A lightweight trail shoe with a rock plate and a grippy outsole.' },
        { name: 'Ultra Boost', description: 'Cushioned road shoe for long runs that moves with his or her stride.' },
        { name: 'Summit Shell Jacket', description: 'A three-layer waterproof shell with pit zips and taped seams.' },
        { name: 'Gift Card', description: 'Let him or her pick their own gear, delivered by email.' },
      ]),
    );
    none(
      jsonl([
        { name: 'Net Promoter Score', description: 'The share of promoters minus the share of detractors, from one question.' },
        { name: 'Churn Rate', description: 'The share of customers who cancel in a period, over those at its start.' },
        { name: 'Daily Active Users', description: 'Distinct users who did a qualifying action in a day.' },
      ]),
    );
    // Names, but descriptions that say no "she" or "he" (as many of a glossary's entries would).
    none(jsonl(NAMES.map((name) => ({ name, description: `${name.split(' ')[0]} works in the Denver office on payroll.` }))));
  });
});

describe('YAML and JSON lists', () => {
  const yaml = (key: string, field: string) =>
    `# Seed examples\n${key}:\n${BIOS.map((b, i) => `  - name: ${NAMES[i]}\n    class_of: 2009\n    ${field}: "${b}"\n`).join('')}`;

  it('reads a `profiles:` list of {name, profile} and a `personas:` list of {name, bio} as records of outputs', () => {
    for (const [key, field] of [
      ['profiles', 'profile'],
      ['personas', 'bio'],
      ['examples', 'bio'],
      ['data', 'profile'],
    ] as const) {
      const text = yaml(key, field);
      const got = read(parseDocument('x.yaml', text));
      expect(got).toHaveLength(1);
      expect(got[0]!.kind).toBe(key === 'examples' ? 'demos' : 'dataset');
      expect(got[0]!.outputs).toEqual(BIOS);
      // Each record from its first key to the end of its text.
      expect(got[0]!.spans[0]).toBe(`name: ${NAMES[0]}\n    class_of: 2009\n    ${field}: "${BIOS[0]}"`);
    }
    // A top-level JSON list of records.
    const json = JSON.stringify(BIOS.map((profile, i) => ({ name: NAMES[i], profile })), null, 2);
    expect(read(parseDocument('x.json', json))[0]!.outputs).toEqual(BIOS);
  });

  it('reads no list under another key (a team roster used as context), nor a list with an item of another kind', () => {
    expect(outputs(parseDocument('x.yaml', yaml('team', 'bio')))).toEqual([]);
    expect(outputs(parseDocument('x.yaml', `${yaml('profiles', 'bio')}  - just a line\n`))).toEqual([]);
  });

  it('reads a list of strings under `examples` as demos of outputs, each spanning its text', () => {
    const text = JSON.stringify({ task: 'Write a one-paragraph alumni profile.', examples: BIOS }, null, 2);
    const got = read(parseDocument('x.json', text));
    expect(got).toEqual([{ kind: 'demos', spans: BIOS, outputs: BIOS }]);
    const yamlText = `examples:\n${BIOS.map((b) => `  - ${b}\n`).join('')}`;
    expect(read(parseDocument('x.yaml', yamlText))).toEqual([{ kind: 'demos', spans: BIOS, outputs: BIOS }]);
  });

  it('reads no list of strings of fewer than three, under another key, with fields, a variable or a file', () => {
    const none = (value: object) => expect(outputs(parseDocument('x.json', JSON.stringify(value)))).toEqual([]);
    none({ examples: BIOS.slice(0, 2) });
    none({ notes: BIOS });
    none({ examples: [...BIOS.slice(0, 3), 'Q: What is 2 + 2?\nA: 4'] });
    none({ examples: [...BIOS.slice(0, 3), '{{bio}}'] });
    none({ examples: [...BIOS.slice(0, 3), 'file://bios/extra.txt'] });
    none({ examples: [...BIOS.slice(0, 3), { bio: BIOS[3] }] });
  });
});

describe('markdown sections of one prefix', () => {
  const LETTERS = [
    'Jessica has been in my lab for two years. She is warm and caring with undergraduates.',
    'Andrew has been in my lab for two years. He is ambitious and confident.',
    'Lauren has been in my lab for three years. She is gentle and nurturing.',
  ];
  const LETTER_NAMES = ['Jessica Hall', 'Andrew Price', 'Lauren King'];
  const sections = (head: (i: number) => string, blocks: readonly string[] = LETTERS, after = '## Your letter\n\nWrite the letter for {{student}}.\n') =>
    `# Style guide\n\nWrite a recommendation letter in the house style.\n\n${blocks.map((b, i) => `${head(i)}\n\n${b}\n\n`).join('')}${after}`;

  it('reads "## Sample letter: Name" sections as demos of outputs, each its text up to the next heading', () => {
    const text = sections((i) => `## Sample letter: ${LETTER_NAMES[i]}`);
    const doc = parseDocument('x.prompt.md', text);
    expect(read(doc)).toEqual([{ kind: 'demos', spans: LETTERS, outputs: LETTERS }]);
    expect(doc.exemplarSets).toHaveLength(1);
  });

  it('reads "### Persona: Name", bold and numbered prefixes, a role after the name, separators between sections', () => {
    const read1 = (text: string) => read(parseDocument('x.prompt.md', text))[0]?.outputs;
    expect(read1(sections((i) => `### Persona: ${LETTER_NAMES[i]}`))).toEqual(LETTERS);
    expect(read1(sections((i) => `## **Sample bio:** ${LETTER_NAMES[i]}`))).toEqual(LETTERS);
    expect(read1(sections((i) => `## Sample bio ${i + 1}: ${LETTER_NAMES[i]}, PhD student`))).toEqual(LETTERS);
    expect(read1(sections((i) => `${i ? '---\n\n' : ''}## Persona: ${LETTER_NAMES[i]}`))).toEqual(LETTERS);
    // The text ends the last section: it ends at its first paragraph, as the others are one each.
    expect(read1(sections((i) => `## Persona: ${LETTER_NAMES[i]}`, LETTERS, 'Now write a persona for {{name}}.\n'))).toEqual(LETTERS);
  });

  it('reads no sections of another prefix, title or level, fewer than three, with a field, another heading between, or speaking to the model', () => {
    const none = (text: string) => expect(outputs(parseDocument('x.prompt.md', text))).toEqual([]);
    none(sections((i) => `## Tool: ${LETTER_NAMES[i]}`));
    none(sections((i) => `## Review: ${LETTER_NAMES[i]}`));
    none(sections((i) => `## Sample letter: ${['strong candidate', 'weak candidate', 'search_flights'][i]}`));
    none(sections((i) => `${'#'.repeat(i + 2)} Sample letter: ${LETTER_NAMES[i]}`));
    none(sections((i) => `## ${['Sample letter', 'Persona', 'Sample letter'][i]}: ${LETTER_NAMES[i]}`));
    none(sections((i) => `## Sample letter: ${LETTER_NAMES[i]}`, LETTERS.slice(0, 2)));
    none(sections((i) => `## Sample letter: ${LETTER_NAMES[i]}`, [LETTERS[0]!, `Input: two years\nOutput: ${LETTERS[1]}`, LETTERS[2]!]));
    none(sections((i) => `## Sample letter: ${LETTER_NAMES[i]}`, [LETTERS[0]!, `${LETTERS[1]}\n\n### Notes\n\nSigned.`, LETTERS[2]!]));
    none(sections((i) => `## Persona: ${['Friendly', 'Formal', 'Concise'][i]}`, ['You are upbeat.', 'You are polite and precise.', 'You answer in two sentences.']));
  });
});
