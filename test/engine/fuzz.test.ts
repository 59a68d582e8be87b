/**
 * Property tests: no input crashes a parser or the engine, and every range a
 * document or diagnostic carries lies inside the document.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lint } from '../../server/src/engine/lint';
import { parseDocument } from '../../server/src/parse/index';
import { Segment } from '../../server/src/model/segment';
import type { DocumentFormat, PromptDocument } from '../../server/src/model/types';

const FRAGMENTS = [
  'Q: ', 'A: ', 'Question: ', 'Answer: ', 'Input: ', 'Output: ', 'Text: ', 'Label: ', 'Human: ', 'Assistant: ',
  'Answer choices:\n', 'Options:\n', '(A) ', '(B) ', '(C) ', 'A) ', 'B. ', 'So the answer is (A).', 'The best answer is: (B)',
  'Explanation: ', '###\n', '---\n', '<example>\n', '</example>\n', '## Example 1\n', '{{question}}', '{x}', '${y}', '{{#each}}',
  '<!-- biaslens-disable-next-line -->\n', '# biaslens-disable-file\n', '// biaslens-enable\n', 'system:\n', 'user:\n', 'assistant:\n',
  'I think the answer is (B) but I am curious what you think. ', 'My professor says ', 'the nurse said she ', 'chairman ', 'he ', 'she ',
  'Positive', 'Negative', 'yes', 'no', ' => ', ',', '"', '\\', '\\n', '\\"', '\\u00e9', '{', '}', '[', ']', ':', '- ', '  ', '\n', '\n\n',
  '\r\n', '\r', '\r\r\n', 'Q: x?\r', 'A: (A)\r', '(A) one\r', '\t', 'é', '😀', '\u2028', 'a', 'B', 'word ',
  '<s>', '</s>', '[INST] ', ' [/INST] ', '<<SYS>>\n', '\n<</SYS>>\n\n', '1. ', '(2) ', 'True or false: ', 'I think it is false. ',
  '<|im_start|>user\n', '<|im_start|>assistant<|im_sep|>', '<|im_end|>\n', '<|user|>\n', '<|assistant|>\n', '<|end|>\n', '<|endoftext|>',
  '<|', '|>', '<bos><start_of_turn>user\n', '<start_of_turn>model\n', '<end_of_turn>\n',
];
const JSON_FRAGMENTS = [
  '{"messages":[{"role":"user","content":"', '"},{"role":"assistant","content":"', '"}]}', '{"prompt":"', '","completion":"',
  '{"question":"', '","answer":"', '","options":["', '","', '"]', '"}', '\n', '// biaslens-disable-file\n', '\\n', '\\"', '\\u0041',
  '{"input": 1}', 'null', '[', ']', '{', '}', ',', ':', '\r', '\r\n', '"}\r',
  '{"item":{"input":"', '","ideal":"', '"},"sample":{', '{"text":"<s>[INST] ', ' [/INST] ', ' </s>', '{"question1":"', '","question2":"',
  '{"text":"<s><|user|>\\n', '<|end|>\\n<|assistant|>\\n', '<|end|>', '{"text":"<|im_start|>user<|im_sep|>', '<|im_end|>',
  '","label":', '1', '0', '","labels":', '{"prompt":[{"type":"human","content":"', '","correct_answer":"', '","incorrect_answer":"',
];
const CSV_FRAGMENTS = [
  'question,__expected\n', 'question,options,__expected1\n', '__expected,text\r\n', 'equals: B', 'contains: A', 'icontains: b', 'starts-with: ',
  'llm-rubric: ', ',', '"', '""', '\n', '\r\n', '(A) x', '(B) y', 'Which?', 'B', '\uFEFF', ' ',
];
const YAML_FRAGMENTS = [
  'examples:\n', '  - question: ', '    answer: ', '    options: [', ']\n', 'tests:\n', '  - vars:\n', '      question: ', '- role: user\n',
  '  content: |\n', '    ', 'prompt: >\n', '"', "'", '\\n', '# biaslens-disable-file\n', ': ', '- ', '\n', '&a ', '*a', '!!str ', '{', '}',
  '\r', '\r\n', 'examples:\r', '  - question: x\r',
];

const textFrom = (frags: string[]) => fc.array(fc.oneof(fc.constantFrom(...frags), fc.string({ maxLength: 6 })), { maxLength: 60 }).map((a) => a.join(''));

/** Every span-like object and Segment in the document. */
function allSpans(doc: PromptDocument): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const seen = new Set<unknown>();
  const walk = (v: unknown) => {
    if (!v || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (v instanceof Segment) {
      out.push(v.sourceSpan());
      if (v.length > 0) out.push(v.sourceSpan(0, 1), v.sourceSpan(v.length - 1, v.length));
      return;
    }
    const o = v as Record<string, unknown>;
    if (typeof o.start === 'number' && typeof o.end === 'number') out.push(o as { start: number; end: number });
    for (const [k, child] of Object.entries(o)) if (k !== 'text' || typeof child !== 'string') walk(child);
  };
  walk({ ...doc, text: undefined });
  return out;
}

function check(uri: string, format: DocumentFormat, text: string) {
  const doc = parseDocument(uri, text, format);
  for (const s of allSpans(doc)) {
    expect(s.start).toBeGreaterThanOrEqual(0);
    expect(s.end).toBeGreaterThanOrEqual(s.start);
    expect(s.end).toBeLessThanOrEqual(text.length);
  }
  const result = lint({ uri, text, format });
  // Ranges as VS Code counts lines (\n, \r\n and a lone \r each end one), inside the document.
  const lsp = TextDocument.create('file:///x', 'plaintext', 1, text);
  const inside = (p: { line: number; character: number }) => {
    expect(p.line).toBeGreaterThanOrEqual(0);
    expect(p.line).toBeLessThan(lsp.lineCount);
    const lineLength = lsp.offsetAt({ line: p.line + 1, character: 0 }) - lsp.offsetAt({ line: p.line, character: 0 });
    expect(p.character).toBeGreaterThanOrEqual(0);
    expect(p.character).toBeLessThanOrEqual(lineLength);
  };
  for (const d of result.diagnostics) {
    inside(d.range.start);
    inside(d.range.end);
    expect(d.range).toEqual({ start: lsp.positionAt(d.span.start), end: lsp.positionAt(d.span.end) });
    expect(d.span.start).toBeGreaterThanOrEqual(0);
    expect(d.span.end).toBeLessThanOrEqual(text.length);
    expect(d.span.end).toBeGreaterThanOrEqual(d.span.start);
    for (const f of d.fixes) for (const e of f.edits) expect(e.span.end).toBeLessThanOrEqual(text.length);
    expect(typeof d.message).toBe('string');
    expect(() => JSON.stringify(d.data)).not.toThrow();
  }
}

const RUNS = { numRuns: 300, seed: 20261128 };

describe('no input crashes the parsers or the engine; ranges stay inside the document', () => {
  it('text and markdown', () => {
    fc.assert(fc.property(textFrom(FRAGMENTS), fc.constantFrom<DocumentFormat>('text', 'markdown'), (t, f) => check(`a.${f === 'text' ? 'prompt' : 'prompt.md'}`, f, t)), RUNS);
  });
  it('prompty', () => {
    fc.assert(fc.property(textFrom(['---\n', 'name: x\n', ...FRAGMENTS]), (t) => check('a.prompty', 'prompty', t)), RUNS);
  });
  it('jsonl', () => {
    fc.assert(fc.property(textFrom(JSON_FRAGMENTS), (t) => check('a.jsonl', 'jsonl', t)), RUNS);
  });
  it('yaml', () => {
    fc.assert(fc.property(textFrom([...YAML_FRAGMENTS, ...FRAGMENTS]), (t) => check('a.yaml', 'yaml', t)), RUNS);
  });
  it('json', () => {
    fc.assert(fc.property(textFrom(JSON_FRAGMENTS), (t) => check('a.json', 'json', t)), RUNS);
  });
  it('promptfoo CSV tests', () => {
    // Most inputs start with a header that makes the file a promptfoo test file (parsePromptfooCsvDocument), the rest do not.
    const header = fc.constantFrom('question,__expected\n', 'q,"opts",__expected2\r\n', '\uFEFF__expected,question\n', '"__expected","a""b"\n', '');
    fc.assert(fc.property(header, textFrom(CSV_FRAGMENTS), (h, t) => check('tests.csv', 'text', h + t)), RUNS);
  });
  it('arbitrary unicode in every format', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.constantFrom<DocumentFormat>('text', 'markdown', 'prompty', 'jsonl', 'yaml', 'json'), (t, f) => check('a.x', f, t)),
      RUNS,
    );
  });
});
