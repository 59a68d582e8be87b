/**
 * What crosses from the lint worker to the server: the packed document must unpack to
 * exactly the slim document (what hovers, CodeLenses, the report and disable edits
 * read), for every format and answer shape, and its numbers must be transferable.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../server/src/parse/index.js';
import { packDocument, slimDocument, unpackDocument } from '../../server/src/lsp/lintWorker.js';
import type { PromptDocument } from '../../server/src/model/types.js';

const root = path.resolve(__dirname, '../..');
const files = [
  ...fs.readdirSync(path.join(root, 'examples')).map((f) => path.join(root, 'examples', f)),
  ...fs.readdirSync(path.join(root, 'test/parse/fixtures')).map((f) => path.join(root, 'test/parse/fixtures', f)),
];

const labelled = `Classify the sentiment.

Text: I loved it
Label: Positive

Text: Awful service
Label: Negative

Text: Fine, I guess
Label: Neutral

Text: {{input}}
Label:
`;

/**
 * The slim document with keys whose value is undefined left out: the parser writes an
 * absent answer field as `undefined`, the packed form leaves it out; readers (and JSON)
 * see no difference. Classes (Segment) are kept, so toStrictEqual still checks them.
 */
function definedOnly<T>(value: T): T {
  if (Array.isArray(value)) return value.map(definedOnly) as T;
  if (!value || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = definedOnly(v);
  return out as T;
}

/** Through a real structured clone with the buffer transferred, as postMessage sends it. */
function roundTrip(doc: PromptDocument): PromptDocument {
  const packed = packDocument(doc);
  const received = structuredClone(packed, { transfer: [packed.ints.buffer as ArrayBuffer] });
  expect(packed.ints.byteLength).toBe(0); // moved, not copied
  return unpackDocument(received, doc.text);
}

describe('packed worker documents', () => {
  it('the samples have exemplars to pack', () => {
    expect(files.filter((f) => parseDocument(f, fs.readFileSync(f, 'utf8')).exemplarSets.length > 0).length).toBeGreaterThan(8);
  });

  it.each(files.map((f) => [path.relative(root, f), f]))('%s unpacks to the slim document', (_name, file) => {
    const text = fs.readFileSync(file, 'utf8');
    const doc = parseDocument(file, text);
    expect(definedOnly(roundTrip(doc))).toStrictEqual(definedOnly(slimDocument(doc, text)));
  });

  it('keeps letters, labels, answer spans and exemplar order', () => {
    const doc = parseDocument('labels.prompt', labelled);
    const back = roundTrip(doc);
    expect(definedOnly(back)).toStrictEqual(definedOnly(slimDocument(doc, labelled)));
    const answers = back.exemplarSets.flatMap((s) => s.exemplars.map((e) => e.answer?.label));
    expect(answers).toEqual(['Positive', 'Negative', 'Neutral']);

    const mcq = fs.readFileSync(path.join(root, 'examples/mcq-always-a.prompt'), 'utf8');
    const mcqDoc = parseDocument('mcq.prompt', mcq);
    const exemplars = roundTrip(mcqDoc).exemplarSets[0]!.exemplars;
    expect(exemplars.map((e) => e.index)).toEqual(mcqDoc.exemplarSets[0]!.exemplars.map((e) => e.index));
    const first = exemplars[0]!;
    expect(first.options.map((o) => o.letter)).toEqual(['A', 'B', 'C', 'D']);
    expect(mcq.slice(first.options[1]!.letterSpan.start, first.options[1]!.letterSpan.end)).toBe('B');
    expect(mcq.slice(first.answer!.letterSpan!.start, first.answer!.letterSpan!.end)).toBe('A');
  });

  it('a document without exemplars packs to nothing', () => {
    const doc = parseDocument('plain.prompt', 'Just an instruction, no demos.\n');
    const packed = packDocument(doc);
    expect(packed.ints.length).toBe(0);
    expect(definedOnly(unpackDocument(packed, doc.text))).toStrictEqual(definedOnly(slimDocument(doc, doc.text)));
  });
});
