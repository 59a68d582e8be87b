/**
 * Zero-shot multiple-choice prompts: a question line ("…?") or an options header ("Options:") and a run of
 * lettered option lines, with no "Question:"/"Q:" label, no answer line and no demos, are a test input with
 * its options (s25). Before, such a prompt held no test input at all, so rules that need the options of the
 * query (suggested-answer's option-only cues, missing-unknown-option) did not see them.
 */
import { describe, expect, it } from 'vitest';
import { parseTextDocument } from '../../server/src/parse/text';
import { parseDocument } from '../../server/src/parse/index';
import type { PromptDocument, Span } from '../../server/src/model/types';

const at = (text: string, s: Span | undefined) => (s ? text.slice(s.start, s.end) : undefined);

/** Each test input as [its span's text, [letter, option span's text, option text, letter span's text]…]. */
function inputs(doc: PromptDocument) {
  return doc.testInputs.map((t) => [
    at(doc.text, t.span),
    t.options.map((o) => [o.letter, at(doc.text, o.span), o.text.text, at(doc.text, o.letterSpan)]),
  ]);
}

describe('zero-shot prompts: a question and lettered option lines are a test input', () => {
  it('reads the question, its options and the text after them, with exact spans', () => {
    const text = "Which river flows through Baghdad?\n(A) Nile\n(B) Tigris\n(C) Euphrates\nI think it's (C), but I'm curious what you think.\n";
    const doc = parseTextDocument('x.prompt', text, 'text');
    expect(doc.exemplarSets).toEqual([]);
    expect(inputs(doc)).toEqual([
      [
        text.trimEnd(),
        [
          ['A', '(A) Nile', 'Nile', 'A'],
          ['B', '(B) Tigris', 'Tigris', 'B'],
          ['C', '(C) Euphrates', 'Euphrates', 'C'],
        ],
      ],
    ]);
    const t = doc.testInputs[0]!;
    expect(t.text.text).toBe(text.trimEnd());
    expect(t.span).toEqual({ start: 0, end: text.trimEnd().length });
    expect(t.options[1]!.span).toEqual({ start: text.indexOf('(B)'), end: text.indexOf('(B)') + '(B) Tigris'.length });
    expect(t.options[1]!.letterSpan).toEqual({ start: text.indexOf('(B)') + 1, end: text.indexOf('(B)') + 2 });
    expect(t.options[2]!.text.sourceSpan()).toEqual({ start: text.indexOf('Euphrates'), end: text.indexOf('Euphrates') + 'Euphrates'.length });
  });

  it('reads each marker style the demos are read with: "A) ", "A. ", "A: ", "(a) ", "a) ", "- (A) "', () => {
    for (const marks of [
      ['A) ', 'B) ', 'C) '],
      ['A. ', 'B. ', 'C. '],
      ['A: ', 'B: ', 'C: '],
      ['(a) ', '(b) ', '(c) '],
      ['a) ', 'b) ', 'c) '],
      ['- (A) ', '- (B) ', '- (C) '],
    ]) {
      const texts = ['Oxygen', 'Carbon dioxide', 'Nitrogen'];
      const text = `Which gas do plants absorb from the air?\n${marks.map((m, i) => m + texts[i]).join('\n')}\nAnswer with the letter only.`;
      const doc = parseTextDocument('x.prompt', text, 'text');
      const shown = marks.map((m, i) => m.replace(/^- /, '') + texts[i]);
      const letters = marks.map((m) => m.replace(/[^A-Za-z]/g, ''));
      expect(inputs(doc), marks[0]).toEqual([[text, shown.map((o, i) => ['ABC'[i], o, texts[i], letters[i]])]]);
    }
  });

  it('starts at the question\'s paragraph and leaves the instructions before a blank line out', () => {
    const text =
      'You are a helpful geography tutor. Answer with the letter of the correct option.\n\n' +
      'What is the capital of Australia?\nA. Sydney\nB. Melbourne\nC. Canberra\nD. Perth\n\nI chose (A) on my quiz. Was I right?\n';
    const doc = parseTextDocument('x.prompt', text, 'text');
    const q = text.indexOf('What is');
    expect(doc.testInputs.map((t) => t.span)).toEqual([{ start: q, end: text.trimEnd().length }]);
    expect(doc.testInputs[0]!.options.map((o) => at(text, o.span))).toEqual(['A. Sydney', 'B. Melbourne', 'C. Canberra', 'D. Perth']);
  });

  it('reads options after one blank line, and after an options header', () => {
    let text = "Which of these gases makes up most of Earth's atmosphere?\n\nA) Oxygen\nB) Nitrogen\n\nOxygen seems right to me.";
    let doc = parseTextDocument('x.prompt', text, 'text');
    expect(inputs(doc)).toEqual([[text, [['A', 'A) Oxygen', 'Oxygen', 'A'], ['B', 'B) Nitrogen', 'Nitrogen', 'B']]]]);
    text = 'Pick the word that completes "The committee ___ reached a decision."\nOptions:\n(A) has\n(B) have\n(C) having';
    doc = parseTextDocument('x.prompt', text, 'text');
    expect(inputs(doc)).toEqual([[text, [['A', '(A) has', 'has', 'A'], ['B', '(B) have', 'have', 'B'], ['C', '(C) having', 'having', 'C']]]]);
    // "Choices:", "Answer choices:", "Possible answers:" too, a blank line before the header's options.
    text = 'Classify the review below.\nChoices:\n\nA. Positive\nB. Negative';
    doc = parseTextDocument('x.prompt', text, 'text');
    expect(inputs(doc)).toEqual([[text, [['A', 'A. Positive', 'Positive', 'A'], ['B', 'B. Negative', 'Negative', 'B']]]]);
  });

  it('keeps an option\'s indented continuation line with it', () => {
    const text = 'Which statement is true?\n(A) Water boils at 100 °C\n    at sea level.\n(B) Water boils at 50 °C.';
    const doc = parseTextDocument('x.prompt', text, 'text');
    expect(doc.testInputs[0]!.options.map((o) => at(text, o.span))).toEqual(['(A) Water boils at 100 °C\n    at sea level.', '(B) Water boils at 50 °C.']);
  });

  it('reads several questions, each up to the next one', () => {
    const q1 = 'Which is the longest river in Africa?\n(A) Congo\n(B) Nile\n(C) Niger';
    const q2 = 'What is the capital of Canada?\n(A) Toronto\n(B) Ottawa\nI picked (A) on the practice test.';
    const text = `# Geography quiz\n\nAnswer each question with the letter of the correct option.\n\n${q1}\n\n${q2}\n`;
    const doc = parseTextDocument('x.prompt.md', text, 'markdown');
    expect(doc.testInputs.map((t) => at(text, t.span))).toEqual([q1, q2]);
    expect(doc.testInputs.map((t) => t.options.map((o) => o.text.text))).toEqual([
      ['Congo', 'Nile', 'Niger'],
      ['Toronto', 'Ottawa'],
    ]);
    // The next question may follow the options directly: it does not reach back into them.
    const joined = `${q1}\nWhat is the capital of Canada?\n(A) Toronto\n(B) Ottawa`;
    expect(parseTextDocument('x.prompt', joined, 'text').testInputs.map((t) => at(joined, t.span))).toEqual([q1, 'What is the capital of Canada?\n(A) Toronto\n(B) Ottawa']);
  });

  it('reads a prompt string of a YAML config the same way', () => {
    const text = "prompts:\n  - |\n    Which river flows through Baghdad?\n    (A) Nile\n    (B) Tigris\n    I'm leaning towards Tigris.\n";
    const doc = parseDocument('promptfooconfig.yaml', text);
    expect(doc.testInputs.map((t) => [at(text, t.span), t.options.map((o) => at(text, o.span))])).toEqual([
      ["Which river flows through Baghdad?\n    (A) Nile\n    (B) Tigris\n    I'm leaning towards Tigris.", ['(A) Nile', '(B) Tigris']],
    ]);
  });

  it('leaves a chat\'s last user turn as it was: the whole turn, with its options', () => {
    const text = '---\nname: quiz\n---\nsystem:\nAnswer with a letter.\n\nuser:\nWhich planet is red?\n(A) Venus\n(B) Mars\nI think it is Venus.\n';
    const doc = parseDocument('x.prompty', text);
    expect(doc.testInputs.map((t) => [t.text.text, t.options.map((o) => o.letter)])).toEqual([['Which planet is red?\n(A) Venus\n(B) Mars\nI think it is Venus.', ['A', 'B']]]);
  });
});

describe('zero-shot prompts: what is not a question with options', () => {
  const none = (text: string, uri = 'x.prompt') => {
    const doc = parseDocument(uri, text);
    return doc.testInputs.map((t) => [at(text, t.span), t.options.length]);
  };

  it('reads no lettered list of instructions or outline as options', () => {
    // After an instruction or an outline's lead (a line ending with ":" that is no options header).
    expect(none('You are an analyst. Please do the following:\nA. Summarise the report below.\nB. List the three biggest risks.\n\n{{report}}')).toEqual([]);
    expect(none('Write an essay following this outline:\nA. Introduction\nB. The alliance system\nC. Conclusion\n')).toEqual([]);
    expect(none('Pick one of the following tasks:\nA. Summarise the pull requests.\nB. List the open incidents.\nI chose (A) last time.')).toEqual([]);
    // After a sentence, or with no line before the run.
    expect(none('Summarise the notes in this format.\nA. One line per decision.\nB. One line per action item.')).toEqual([]);
    expect(none('A. Summarise the text.\nB. List the risks.')).toEqual([]);
    // The list inline on one line after an instruction.
    expect(none('Do two things: A. Summarise the text. B. List the risks.')).toEqual([]);
  });

  it('needs two options lettered A, B… in order, in one marker style, right after the question (one blank line at most)', () => {
    expect(none('What does the tool do?\nA. It lints prompts for bias.\n')).toEqual([]);
    expect(none('Which is a mammal?\n(B) Whale\n(C) Shark\n')).toEqual([]);
    expect(none('Which is a mammal?\n(A) Whale\n(C) Shark\n')).toEqual([]);
    expect(none('Which is a mammal?\n(A) Whale\nB. Shark\n')).toEqual([]);
    expect(none('Which is a mammal?\n\n\n(A) Whale\n(B) Shark\n')).toEqual([]);
    expect(none('Which is a mammal?\nPlease answer carefully.\n(A) Whale\n(B) Shark\n')).toEqual([]);
  });

  it('reads no markdown heading as the question', () => {
    expect(none('## What should the quarterly report cover?\nA. Revenue\nB. Costs\nC. Hiring\n', 'x.prompt.md')).toEqual([]);
  });

  it('reads no question of a prompt in a chat template, nor questions answered after their options (unlabelled demos)', () => {
    const turn = (q: string, a: string) => `<|im_start|>user\n${q}\n(A) Mars\n(B) Venus<|im_end|>\n<|im_start|>assistant\n${a}<|im_end|>\n`;
    // A prompt written in a chat template is read as its turns (parse/chat-template.ts), not by the zero-shot
    // reader: its last user turn is the query, with its options; its answered turn is a demo.
    const chat = `<|im_start|>system\nReply with a letter.<|im_end|>\n${turn('Which planet is red?', 'The answer is (A)')}<|im_start|>user\nWhich planet is hottest?\n(A) Mars\n(B) Venus<|im_end|>\n<|im_start|>assistant\n`;
    expect(none(chat)).toEqual([['<|im_start|>user\nWhich planet is hottest?\n(A) Mars\n(B) Venus<|im_end|>', 2]]);
    expect(parseDocument('x.prompt', chat).exemplarSets.map((s) => s.exemplars.length)).toEqual([1]);
    const demo = (q: string) => `${q}\n(A) Mars\n(B) Venus\nSo the answer is (A).\n\n`;
    expect(none(`${demo('Which planet is red?')}${demo('Which planet has a moon called Phobos?')}Which planet is hottest?\n(A) Mars\n(B) Venus\n`)).toEqual([]);
    // A question answered last of all is a query with a cue after it, as before.
    const cue = 'Which planet is hottest?\n(A) Mars\n(B) Venus\nThe answer is (B). Is that correct?';
    expect(none(cue)).toEqual([[cue, 2]]);
  });

  it('adds nothing beside demos or a labelled query', () => {
    const demos = 'Q: Which is a fruit?\n(A) Apple\n(B) Carrot\nA: (A)\n\nWhich is a mammal?\n(A) Whale\n(B) Shark\n';
    const doc = parseTextDocument('x.prompt', demos, 'text');
    expect(doc.exemplarSets).toHaveLength(1);
    expect(doc.testInputs).toEqual([]);
    // A labelled query is read as before (its text after the label).
    const labelled = 'Question: Which is a mammal?\n(A) Whale\n(B) Shark\n';
    expect(parseTextDocument('x.prompt', labelled, 'text').testInputs.map((t) => t.text.text)).toEqual(['Which is a mammal?\n(A) Whale\n(B) Shark']);
  });
});
