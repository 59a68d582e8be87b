/**
 * answer-position-skew: the gold letters of lettered demos are all the same, or
 * one letter is significantly over-represented given each demo's own option count.
 * The fix reorders options inside demos so the gold letters balance, rewriting
 * every letter the rationale cites.
 */
import { z } from 'zod';
import type { ExemplarSet, ExemplarShape, PromptDocument, Span } from '../model/types.js';
import { exemplarsNoun } from '../lexicon/people-in-exemplars.js';
import { defineRule, lazily, type Fix, type TextEdit } from './types.js';
import { reorderOptionsEdits, swapOrder } from '../edits/permute-options.js';
import { writeOptionSpans } from '../parse/exemplars.js';
import { type LetteredFacts, demoFacts, gatheredFor, labelFactsOf, letterSkew, letterSkewFlagged, letteredDemos, listedDemos, setIn, trailingRun, type LetteredDemo } from './shared/fewshot.js';

const DEFAULTS = Object.freeze({ alpha: 0.05, minExemplars: 3, minExcess: 0.05 });
const options = lazily(() =>
  z.object({
    alpha: z.number().gt(0).lt(1).default(DEFAULTS.alpha).describe('Significance level of the exact test (after Bonferroni correction for the number of letters).'),
    minExemplars: z.number().int().min(2).default(DEFAULTS.minExemplars).describe('Fewer lettered demos than this are not tested (and a degenerate set needs at least this many).'),
    minExcess: z
      .number()
      .min(0)
      .max(1)
      .default(DEFAULTS.minExcess)
      .describe("A significant skew is only reported when the letter's share (of the demos that offer it) exceeds its chance share by at least this much."),
  }).strict(),
);
type Options = z.infer<ReturnType<typeof options>>;

/** p-values below this count as strong evidence (error severity by default). */
const STRONG_P = 0.001;
/** The fix never leaves this many equal gold letters at the end of a prompt (recency-run's default). */
const MAX_TAIL_RUN = 2;

export default defineRule({
  meta: {
    id: 'answer-position-skew',
    description: 'Lettered demos whose gold answers are all the same letter, or significantly skewed towards one letter.',
    rationale:
      'When every demonstration answer is "(A)", models learn to answer "(A)" and then write a plausible explanation for it: ' +
      'Turpin et al. (2023) reordered few-shot options so the answer was always (A) and saw accuracy drop by up to 36% on BIG-Bench Hard, ' +
      'with chain-of-thought explanations that never mention the bias. A milder skew pushes the same way. ' +
      'Each demo is tested against its own option count, so mixed 3- and 4-option demos are judged fairly. ' +
      'Pairwise LLM judges have the same position bias (Zheng et al. 2023; Wang et al. 2023): judge demos whose verdicts all pick the first response teach it.',
    sources: [
      {
        short: 'Turpin et al. 2023',
        title: "Language Models Don't Always Say What They Think: Unfaithful Explanations in Chain-of-Thought Prompting",
        url: 'https://arxiv.org/abs/2305.04388',
      },
      {
        short: 'Zheng et al. 2023',
        title: 'Judging LLM-as-a-Judge with MT-Bench and Chatbot Arena',
        url: 'https://arxiv.org/abs/2306.05685',
      },
      {
        short: 'Wang et al. 2023',
        title: 'Large Language Models are not Fair Evaluators',
        url: 'https://arxiv.org/abs/2305.17926',
      },
    ],
    defaultSeverity: 'warning',
    get options() {
      return options();
    },
    defaultOptions: DEFAULTS,
    messages: {
      degenerate: 'All {{n}} lettered {{items}} have the gold answer ({{letter}}); models learn to answer ({{letter}}) whatever the question.',
      skewed:
        'Gold answer ({{letter}}) is over-represented: {{count}} of {{n}} {{items}}, {{expected}} expected by chance (p = {{pValue}}, exact test, Bonferroni-corrected).',
      // Numbered candidates ("Response 1:", "Response 2:" with verdicts "1", "2"): the number as written, and its letter (1 is A).
      degenerateNumbered: 'All {{n}} numbered {{items}} have the gold answer {{number}} (position {{letter}}); models learn to answer {{number}} whatever the question.',
      skewedNumbered:
        'Gold answer {{number}} (position {{letter}}) is over-represented: {{count}} of {{n}} {{items}}, {{expected}} expected by chance (p = {{pValue}}, exact test, Bonferroni-corrected).',
    },
    fixable: true,
    category: 'structure',
  },
  // A set's letters are counted over all of it: cut across the parts of a document, its pieces are gathered
  // part by part (LetteredFacts) and tested once the last part is done.
  start({ options: o, report, whole }) {
    const sets = new Map<object, SetLetters>();
    return {
      part(doc) {
        for (const set of doc.exemplarSets) {
          const facts = labelFactsOf(set).letters;
          const s = gatheredFor(sets, set, () => ({ span: set.span, shape: set.shape, kind: set.kind, facts, numbered: true }));
          if (s.numbered) s.numbered = everyNumbered(doc.text, set);
        }
      },
      finish() {
        for (const s of sets.values()) {
          // Not tested: too few lettered demos, or the same options in every demo (a rubric, True/False),
          // where the gold letter is a label, not a position. The decision is shared (see LetteredFacts.reported).
          const skew = s.facts.reported(o);
          if (!skew) continue;
          // The flagged demos' indexes and answer spans: gathered with the facts when the set was cut into pieces,
          // else read from the set (see setIn).
          const f = s.facts;
          const spans = f.spans;
          const set = spans ? undefined : setIn(whole(), s);
          if (!spans && !set) continue;
          const flagged: { index: number; span: Span }[] = [];
          for (let i = 0; i < f.count; i++) {
            if (f.goldLetters[i] !== skew.letter) continue;
            if (spans) flagged.push({ index: spans.index(i), span: spans.answer(i) });
            else {
              const ex = set!.exemplars[f.positions[i]!]!;
              flagged.push({ index: ex.index, span: ex.answer!.span });
            }
          }
          // Every demo numbers its options ("Response 1:"): the message names the gold by its number, as the demos do.
          const numbered = s.numbered;
          report({
            messageId: numbered ? (skew.degenerate ? 'degenerateNumbered' : 'skewedNumbered') : skew.degenerate ? 'degenerate' : 'skewed',
            span: flagged[0]!.span,
            data: {
              counts: skew.counts,
              n: skew.n,
              letter: skew.letter,
              ...(numbered ? { number: String(skew.letter.charCodeAt(0) - 64) } : {}),
              count: flagged.length,
              expected: round(skew.expected, 2),
              pValue: skew.pValue,
              degenerate: skew.degenerate,
              ...listedDemos(flagged),
            },
            // "records" in a dataset (JSONL, YAML records), "demos" in a prompt; data has no such field.
            messageData: { items: exemplarsNoun(s.kind === 'dataset') },
            strength: skew.degenerate || skew.pValue < STRONG_P ? 'strong' : 'normal',
            // Built only when read (the engine reads it lazily): rebalancing rewrites every demo of the set, read
            // from the whole document.
            get fixes() {
              const doc = whole();
              const wholeSet = setIn(doc, s);
              const fix = wholeSet && rebalanceFix(doc, wholeSet, letteredDemos(wholeSet), o);
              return fix ? [fix] : [];
            },
          });
        }
      },
    };
  },
});

/** What answer-position-skew gathers of one exemplar set, part by part. */
interface SetLetters {
  span: Span;
  shape: ExemplarShape;
  kind: ExemplarSet['kind'];
  facts: LetteredFacts;
  /** Whether every lettered demo so far marks its first option with a digit. */
  numbered: boolean;
}

/**
 * Whether every lettered demo of `set` marks its first option with a digit as written ("Response 1:"): a
 * judge's numbered candidates, not letters. (The letter's span as numbers: no span object made for it.)
 */
function everyNumbered(text: string, set: ExemplarSet): boolean {
  const { lettered } = demoFacts(set);
  for (let i = 0; i < lettered.length; i++) {
    writeOptionSpans(set.exemplars[lettered[i]!]!.options[0]!, spanScratch, 0);
    const start = spanScratch[0]!;
    const c = text.charCodeAt(start);
    if (!(spanScratch[1] === start + 1 && c >= 0x31 && c <= 0x39)) return false;
  }
  return true;
}

/** writeOptionSpans' four numbers. */
const spanScratch = new Int32Array(4);

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

// ---------------------------------------------------------------------------
// The rebalancing fix

/**
 * New gold positions for the demos: counts as close to what chance gives each letter as
 * the option counts allow (as even as possible when every demo has the same number of
 * options), keeping as many demos as they are as possible, and never ending a prompt on
 * a run of equal letters.
 * Deterministic. Returns the new gold position of each demo (same order as `demos`).
 */
export function balancedGolds(demos: readonly { gold: number; k: number }[], avoidTailRun: boolean): number[] {
  const n = demos.length;
  const maxK = demos.reduce((m, d) => Math.max(m, d.k), 0);
  const original = new Array<number>(maxK).fill(0);
  for (const d of demos) original[d.gold]!++;
  const byK = demos.map((_, i) => i).sort((a, b) => demos[a]!.k - demos[b]!.k || a - b);

  // Counts expected under the null: a demo with k options gives each of its positions 1/k.
  const expected = new Array<number>(maxK).fill(0);
  for (const d of demos) for (let p = 0; p < d.k; p++) expected[p]! += 1 / d.k;

  // 1. Target counts: each demo in turn (fewest options first) adds one to the position it offers that
  //    is furthest below its expected count (with equal option counts: the least-used position).
  const target = new Array<number>(maxK).fill(0);
  const EPS = 1e-9;
  for (const i of byK) {
    let best = 0;
    for (let p = 1; p < demos[i]!.k; p++) {
      const gap = target[p]! - expected[p]! - (target[best]! - expected[best]!);
      const tie = Math.abs(gap) <= EPS;
      // Ties: the less-used position (more even counts), then the one more demos already have (fewer changes).
      if (gap < -EPS || (tie && target[p]! < target[best]!) || (tie && target[p] === target[best] && original[p]! > original[best]!)) best = p;
    }
    target[best]!++;
  }

  // 2. Assign demos to the targets, keeping a demo's gold position whenever the rest can still be placed.
  //    Positions are nested prefixes ([0, k)), so Hall's condition on prefixes decides feasibility.
  const remaining = target.slice();
  const leftWithK = new Array<number>(maxK + 1).fill(0); // unassigned demos by option count
  for (const d of demos) leftWithK[d.k]!++;
  const feasible = (): boolean => {
    let demosUpTo = 0;
    let capacity = 0;
    for (let j = 1; j <= maxK; j++) {
      demosUpTo += leftWithK[j]!;
      capacity += remaining[j - 1]!;
      if (demosUpTo > capacity) return false;
    }
    return true;
  };
  const assigned = new Array<number>(n).fill(-1);
  for (const i of byK) {
    const d = demos[i]!;
    leftWithK[d.k]!--;
    const candidates = [d.gold, ...Array.from({ length: d.k }, (_, p) => p).filter((p) => p !== d.gold).sort((a, b) => remaining[b]! - remaining[a]! || a - b)];
    for (const p of candidates) {
      if (remaining[p]! <= 0) continue;
      remaining[p]!--;
      if (feasible()) {
        assigned[i] = p;
        break;
      }
      remaining[p]!++;
    }
    if (assigned[i] === -1) throw new Error('balancedGolds: no feasible position (a bug)');
  }

  // 3. No run of equal gold positions at the end. First try to swap one of the last demos with an
  //    earlier demo whose position differs and fits both (counts unchanged); else move one of the last
  //    demos to a less-used position, which never makes the balance worse.
  if (avoidTailRun && n > MAX_TAIL_RUN && trailingRun(assigned) > MAX_TAIL_RUN) {
    const tail = Array.from({ length: MAX_TAIL_RUN + 1 }, (_, i) => n - 1 - i);
    const tryApply = (trial: number[]): boolean => {
      if (trailingRun(trial) > MAX_TAIL_RUN) return false;
      trial.forEach((p, i) => (assigned[i] = p));
      return true;
    };
    let done = false;
    for (const t of tail) {
      for (let j = n - tail.length - 1; j >= 0 && !done; j--) {
        const a = assigned[t]!;
        const b = assigned[j]!;
        if (a === b || b >= demos[t]!.k || a >= demos[j]!.k) continue;
        const trial = assigned.slice();
        trial[t] = b;
        trial[j] = a;
        done = tryApply(trial);
      }
      if (done) break;
    }
    if (!done) {
      const counts = new Array<number>(maxK).fill(0);
      for (const p of assigned) counts[p]!++;
      for (const t of tail) {
        const a = assigned[t]!;
        const excess = (p: number) => counts[p]! - expected[p]!;
        let best = -1;
        for (let p = 0; p < demos[t]!.k; p++) if (p !== a && (best < 0 || excess(p) < excess(best))) best = p;
        // Only a move that leaves no position further above its expectation than `a` is now.
        if (best < 0 || excess(best) + 1 > excess(a) + EPS) continue;
        const trial = assigned.slice();
        trial[t] = best;
        if (tryApply(trial)) break;
      }
    }
  }
  return assigned;
}

function rebalanceFix(doc: PromptDocument, set: ExemplarSet, demos: readonly LetteredDemo[], o: Options): Fix | undefined {
  const golds = balancedGolds(demos, set.kind === 'demos');
  const after = letterSkew(golds, demos.map((d) => d.k));
  if (letterSkewFlagged(after, o)) return undefined; // the option counts do not allow a clean balance
  const edits: TextEdit[] = [];
  let changed = 0;
  let rewritable = true;
  demos.forEach((d, i) => {
    const to = golds[i]!;
    if (to === d.gold) return;
    // A demo whose answer cannot follow its option (an index written `1.0`, …) would change gold: no fix at all.
    const demoEdits = reorderOptionsEdits(d.exemplar, swapOrder(d.k, d.gold, to), doc.text);
    if (!demoEdits) rewritable = false;
    else for (const e of demoEdits) edits.push(e);
    changed++;
  });
  if (!changed || !rewritable) return undefined;
  const letters = Object.entries(after.counts)
    .map(([l, c]) => `${l}: ${c}`)
    .join(', ');
  return {
    title: `Rebalance gold letters (reorder options in ${changed} ${exemplarsNoun(set.kind === 'dataset', changed)}; ${letters})`,
    edits,
  };
}
