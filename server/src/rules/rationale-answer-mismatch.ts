/**
 * rationale-answer-mismatch: a demo's rationale concludes one option or label and
 * its gold answer states another ("…so the correct option is (B). So the answer is (A).").
 * Which side is wrong cannot be known, so there is no automatic fix.
 */
import { z } from 'zod';
import type { Exemplar } from '../model/types.js';
import { defineRule, lazily } from './types.js';
import { complementOf, demoFacts, labelKey, optionIndexOfLetter } from './shared/fewshot.js';

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
    },
    fixable: false,
    category: 'structure',
  },
  check({ doc, report }) {
    for (const set of doc.exemplarSets) {
      const { gold: golds, labelKey: goldKeys } = demoFacts(set);
      let labels: Set<string> | undefined; // the set's labels, collected on first need
      const exemplars = set.exemplars;
      for (let i = 0; i < exemplars.length; i++) {
        const ex = exemplars[i]!;
        const c = ex.conclusion;
        const a = ex.answer;
        if (!c || !a || (c.span.start < a.span.end && a.span.start < c.span.end)) continue;
        const gold = golds[i]!;
        if (gold >= 0) {
          const concluded = concludedIndex(ex);
          if (concluded === undefined || concluded === gold) continue;
          const g = ex.options[gold]!;
          const k = ex.options[concluded]!;
          report({
            messageId: 'letter',
            span: c.span,
            data: { gold: g.letter, concluded: k.letter, goldText: g.text.text, concludedText: k.text.text, exemplar: ex.index },
          });
          continue;
        }
        // Lettered, but the gold is not an option: nothing reliable to compare (goldKeys is undefined for lettered demos).
        const goldKey = goldKeys[i];
        if (goldKey === undefined) continue;
        const concludedKey = labelKey(c.label);
        if (concludedKey === undefined || goldKey === concludedKey) continue;
        // Only a conclusion that names another label of this task counts ("the answer is not obvious" does not).
        labels ??= setLabels(goldKeys);
        if (!labels.has(concludedKey) && complementOf(goldKey) !== concludedKey) continue;
        report({
          messageId: 'label',
          span: c.span,
          data: { gold: a.label!.trim(), concluded: c.label!.trim(), exemplar: ex.index },
        });
      }
    }
  },
});

/** The option the conclusion names: its letter, or an option whose text it names. */
function concludedIndex(ex: Exemplar): number | undefined {
  const c = ex.conclusion!;
  return c.letter ? optionIndexOfLetter(ex.options, c.letter) : undefined;
}

/** Normalised gold labels of the set's unlettered demos. */
function setLabels(keys: readonly (string | undefined)[]): Set<string> {
  const out = new Set<string>();
  for (const key of keys) if (key !== undefined) out.add(key);
  return out;
}
