/**
 * rationale-answer-mismatch: a demo's rationale concludes one option or label and
 * its gold answer states another ("…so the correct option is (B). So the answer is (A).",
 * "Explanation: …, so the sentiment is Negative." above "Sentiment: Positive").
 * Two readings of the rationale: the parser's answer statements (ex.conclusion), and a
 * conclusion form that ends it (labelConclusionOf), read here because only the set's
 * labels (or the demo's options) tell a concluded label from any other word.
 * Which side is wrong cannot be known, so there is no automatic fix.
 */
import { z } from 'zod';
import type { AnswerRef, Exemplar, PromptDocument, Span } from '../model/types.js';
import type { Segment } from '../model/segment.js';
import { labelConclusionCandidates, labelConclusionOf, mayEndInConclusion } from '../parse/exemplars.js';
import { defineRule, lazily, type Report } from './types.js';
import { complementOf, demoFacts, gatheredFor, labelKey, normaliseText, optionIndexOfLetter, optionTextString } from './shared/fewshot.js';

const DEFAULTS = Object.freeze({});
const options = lazily(() => z.object({}).strict());

export default defineRule({
  meta: {
    id: 'rationale-answer-mismatch',
    description: "A demo's rationale concludes a different option or label than its gold answer.",
    rationale:
      'A demonstration whose reasoning arrives at one answer while its label states another teaches the model that the stated answer ' +
      'need not follow from the reasoning. Turpin et al. (2023) showed chain-of-thought explanations that rationalise an answer chosen ' +
      'for other reasons; Lanham et al. (2023) measured how often final answers ignore the stated reasoning. Such demos are usually ' +
      'editing mistakes (options reordered, labels flipped) and make the prompt teach unfaithful reasoning.',
    sources: [
      {
        short: 'Turpin et al. 2023',
        title: "Language Models Don't Always Say What They Think: Unfaithful Explanations in Chain-of-Thought Prompting",
        url: 'https://arxiv.org/abs/2305.04388',
      },
      { short: 'Lanham et al. 2023', title: 'Measuring Faithfulness in Chain-of-Thought Reasoning', url: 'https://arxiv.org/abs/2307.13702' },
    ],
    defaultSeverity: 'error',
    get options() {
      return options();
    },
    defaultOptions: DEFAULTS,
    messages: {
      letter: 'The rationale concludes ({{concluded}}) "{{concludedText}}", but the gold answer is ({{gold}}) "{{goldText}}".',
      label: 'The rationale concludes "{{concluded}}", but the gold label is "{{gold}}".',
      value: 'The rationale concludes {{concluded}}, but the gold answer is {{gold}}.',
    },
    fixable: false,
    category: 'structure',
  },
  // Lettered and numeric demos are judged on their own. A label demo's conclusion counts only when it names a
  // label of its set, which is known once the whole set is read: such demos wait for `finish`, with their
  // conclusion and the conclusion forms their rationale ends with (labelConclusionCandidates).
  start({ report }) {
    const sets = new Map<object, SetLabels>();
    return {
      part: (doc) => checkPart(doc, sets, report),
      finish() {
        for (const s of sets.values()) for (const d of s.waiting) judgeLabelDemo(d, s.labels, report);
      },
    };
  },
});

/** What rationale-answer-mismatch gathers of one exemplar set, part by part: its gold labels, and its label demos that wait for them. */
interface SetLabels {
  labels: Set<string>;
  waiting: LabelDemo[];
}

/** A label demo whose conclusion is judged once the set's labels are known. */
interface LabelDemo {
  goldKey: string;
  answer: AnswerRef;
  /** ex.conclusion, when there is one. */
  conclusion: AnswerRef | undefined;
  /** The conclusion forms the rationale ends with (empty when it may end in none). */
  candidates: AnswerRef[];
  exemplar: number;
}

/** Checks the lettered and numeric demos of `doc`, and sets aside its label demos. */
function checkPart(doc: PromptDocument, sets: Map<object, SetLabels>, report: (r: Report) => void): void {
  for (const set of doc.exemplarSets) {
    const s = gatheredFor(sets, set, (): SetLabels => ({ labels: new Set(), waiting: [] }));
    const { gold: golds, labelKey: goldKeys, rationaleMayEndInOption } = demoFacts(set);
    for (const k of goldKeys) if (k !== undefined) s.labels.add(k);
    const exemplars = set.exemplars;
    for (let i = 0; i < exemplars.length; i++) {
      const ex = exemplars[i]!;
      const a = ex.answer;
      if (!a || !ex.rationale) continue;
      const gold = golds[i]!;
      // Whether the rationale may end with a conclusion form ("…, so the sentiment is Negative."): most do not.
      // For a lettered demo its value must be an option's text, which the rationale's last characters
      // mostly rule out more cheaply than the look back over its last words (see mayEndInOptionText).
      // Not read in an "A: …" field closed by an "Answer:" line: there only an answer statement concludes (answerLineAfterA).
      const mayConclude =
        (gold < 0 || rationaleMayEndInOption[i] === 1) &&
        mayEndInConclusion(ex.rationale) &&
        !answerLineAfterA(doc.text, ex.rationale, a);
      if (gold >= 0) {
        // The later of: a statement naming a letter or an option's text ("the answer is Shark"), and a
        // conclusion form that ends the rationale with an option's text ("so the unit is Joule").
        let c = ex.conclusion;
        let concluded = c ? concludedIndex(ex) : undefined;
        if (mayConclude) {
          let texts: string[] | undefined; // the options' normalised texts, made for the first value to compare
          const optionIndex = (v: string): number => (texts ??= ex.options.map((o) => normaliseText(optionTextString(o)))).indexOf(normaliseText(v));
          const byText = labelConclusionOf(ex.rationale, (v) => optionIndex(v) !== -1, fieldName(doc.text, a));
          if (byText && (concluded === undefined || byText.span.end > c!.span.end)) {
            c = byText;
            concluded = optionIndex(byText.label!);
          }
        }
        if (!c || concluded === undefined || concluded === gold || overlaps(c.span, a.span)) continue;
        const g = ex.options[gold]!;
        const k = ex.options[concluded]!;
        report({
          messageId: 'letter',
          span: c.span,
          data: { gold: g.letter, concluded: k.letter, goldText: g.text.text, concludedText: k.text.text, exemplar: ex.index },
        });
        continue;
      }
      const goldKey = goldKeys[i];
      if (goldKey === undefined) {
        // A number ("#### 72", "A: 12"; numbers are no class labels): compared with an answer statement only
        // ("so the answer is 10"), not with a value after "so". Lettered demos whose gold is no option: nothing
        // reliable to compare (goldKeys is undefined for lettered demos).
        const c = ex.conclusion;
        if (!c || ex.options.length > 0 || c.letter !== undefined || overlaps(c.span, a.span)) continue;
        const gold = numberValue(a.label);
        const concluded = numberValue(c.label);
        if (gold === undefined || concluded === undefined || gold === concluded) continue;
        report({ messageId: 'value', span: c.span, data: { gold: a.label!.trim(), concluded: c.label!.trim(), exemplar: ex.index } });
        continue;
      }
      const c = ex.conclusion;
      if (!c && !mayConclude) continue;
      s.waiting.push({ goldKey, answer: a, conclusion: c, candidates: mayConclude ? labelConclusionCandidates(ex.rationale, fieldName(doc.text, a)) : [], exemplar: ex.index });
    }
  }
}

/**
 * Reports a label demo whose rationale concludes another label of its set (`labels`) than its gold: its conclusion
 * statement, or the later conclusion form that names one ("…, so the sentiment is Negative.").
 */
function judgeLabelDemo(d: LabelDemo, labels: ReadonlySet<string>, report: (r: Report) => void): void {
  // Only a conclusion that names a label of this task counts ("the answer is not obvious" does not).
  const complement = complementOf(d.goldKey);
  const isLabel = (v: string): boolean => {
    const key = labelKey(v);
    return key !== undefined && (labels.has(key) || key === complement);
  };
  let c = d.conclusion;
  if (c && (c.letter !== undefined || !isLabel(c.label ?? ''))) c = undefined;
  // The later of the two, as for lettered demos.
  const byForm = d.candidates.find((x) => isLabel(x.label!));
  if (byForm && (!c || byForm.span.end > c.span.end)) c = byForm;
  const a = d.answer;
  if (!c || overlaps(c.span, a.span) || labelKey(c.label) === d.goldKey) return;
  report({
    messageId: 'label',
    span: c.span,
    data: { gold: a.label!.trim(), concluded: c.label!.trim(), exemplar: d.exemplar },
  });
}


/**
 * Whether the demo is an "A: …" field closed by an "Answer: …" line under it (text prompts:
 * "A: …, so the answer is (B).\nAnswer: (C)"): the rationale is what follows an "A:" label
 * at the start of a line, and the gold answer starts a later line with "Answer".
 * There "A:" may be no reasoning at all but a speaker's line ("A: Oh sure, best afternoon of
 * my life, so yes." in an implicature task whose gold is "Answer: no"), so only a statement
 * of the answer ("so the answer is (B)", "the answer is no": ex.conclusion) counts as the
 * rationale's conclusion, not a value after "so" (labelConclusionOf's forms).
 */
function answerLineAfterA(text: string, rationale: Segment, a: AnswerRef): boolean {
  const answerAt = a.span.start;
  if (answerAt <= rationale.sourceStart || !startsWithAnswer(text, answerAt) || lineStartBefore(text, answerAt) === -1) return false;
  // Back from the rationale over "A:".
  let i = skipSpacesBack(text, rationale.sourceStart);
  if (text.charCodeAt(i - 1) !== 58) return false; // ':'
  i = skipSpacesBack(text, i - 1);
  const c = text.charCodeAt(i - 1);
  if (c !== 65 && c !== 97) return false; // 'A' or 'a'
  return lineStartBefore(text, i - 1) !== -1;
}

/** Whether text[at..] starts with "answer" in any case. */
function startsWithAnswer(text: string, at: number): boolean {
  return text.slice(at, at + 6).toLowerCase() === 'answer';
}

/**
 * Where the line of `at` starts, when only spaces and tabs come before `at` on it; else -1.
 * A line break may be written as the escape `\n` (a prompt inside a JSON string).
 */
function lineStartBefore(text: string, at: number): number {
  const i = skipSpacesBack(text, at);
  return i === 0 || text.charCodeAt(i - 1) === 10 || (text.charCodeAt(i - 1) === 110 && text.charCodeAt(i - 2) === 92) ? i : -1;
}

function skipSpacesBack(text: string, i: number): number {
  while (i > 0 && (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) i--;
  return i;
}

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

/** The option the conclusion names: its letter, or an option whose text it names. */
function concludedIndex(ex: Exemplar): number | undefined {
  const c = ex.conclusion!;
  return c.letter ? optionIndexOfLetter(ex.options, c.letter) : undefined;
}

/**
 * The name of the field the answer is the value of, lower case ("Sentiment: Positive",
 * `"label": "Positive"`, "**Topic:** Sports"), or undefined. Generic names (a, answer, output)
 * add nothing to the conclusion forms and are left out.
 */
function fieldName(text: string, a: AnswerRef): string | undefined {
  let i = (a.labelSpan ?? a.span).start;
  while (i > 0 && isFieldPunct(text.charCodeAt(i - 1))) i--;
  if (text.charCodeAt(i - 1) !== 58) return undefined; // ':'
  i--;
  while (i > 0 && isFieldPunct(text.charCodeAt(i - 1))) i--;
  const end = i;
  while (i > 0 && end - i <= 24 && isNameCode(text.charCodeAt(i - 1))) i--;
  if (i === end || end - i > 24) return undefined;
  const name = text.slice(i, end).toLowerCase();
  return GENERIC_FIELDS.has(name) ? undefined : name;
}

const GENERIC_FIELDS = new Set(['a', 'answer', 'output', 'response', 'assistant', 'ai', 'target', 'completion']);

/** White space (not a line break), quotes and emphasis around a field name or its colon. */
function isFieldPunct(c: number): boolean {
  return c === 32 || c === 9 || c === 34 || c === 39 || c === 42 || c === 95;
}

function isNameCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * The number a gold answer or a concluded value states ("72", "1,200", "$10", "-3.5", "12.", "50%"), or
 * undefined for anything else ("10 clips", "1/2", "about 10"): only numbers written alike are compared.
 */
function numberValue(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = NUMBER_VALUE.exec(value.trim());
  if (!m) return undefined;
  const digits = m[2]!;
  // Commas only as thousands separators ("1,200", not "1,2").
  if (digits.includes(',') && !/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(digits)) return undefined;
  const n = Number(digits.replace(/,/g, ''));
  return m[1] === '-' ? -n : n;
}

/** A sign, a currency symbol, digits (with commas), decimals, a per cent sign, and a closing full stop. */
const NUMBER_VALUE = /^([-+]?)[$€£]?(\d[\d,]*(?:\.\d+)?)%?\.?$/;

