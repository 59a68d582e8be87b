/**
 * option-length-cue: across the lettered demos, the gold option is the (strictly)
 * longest option, or sits at an edge position (first or last), far more often than
 * chance. Models pick up such surface cues instead of the content.
 */
import { z } from 'zod';
import { exemplarsNoun } from '../lexicon/people-in-exemplars.js';
import { defineRule, lazily, type Report } from './types.js';
import { bonferroni } from '../stats/exact.js';
import type { ExemplarSet, ExemplarShape, PromptDocument, Span } from '../model/types.js';
import { GOLD_LONGEST, type LetteredFacts, UNIQUE_LONGEST, countUpperTail, demoFacts, gatheredFor, labelFactsOf, listedDemos, setIn, type LetterSkewOptions } from './shared/fewshot.js';
export { optionLength } from './shared/fewshot.js';

const CUES = ['longest', 'edge'] as const;
const DEFAULTS = Object.freeze({ alpha: 0.05, minExemplars: 5, minExcess: 0.05, check: Object.freeze([...CUES]) as ('longest' | 'edge')[] });
const options = lazily(() =>
  z.object({
    alpha: z.number().gt(0).lt(1).default(DEFAULTS.alpha).describe('Significance level of each exact test (Bonferroni-corrected for the two tests).'),
    minExemplars: z.number().int().min(2).default(DEFAULTS.minExemplars).describe('Fewer lettered demos than this are not tested.'),
    minExcess: z
      .number()
      .min(0)
      .max(1)
      .default(DEFAULTS.minExcess)
      .describe('A significant cue is only reported when its share (of the demos where chance could go either way) exceeds the chance share by at least this much.'),
    check: z.array(z.enum(CUES)).default([...CUES]).describe('Which cues to test.'),
  }).strict(),
);
type Options = z.infer<ReturnType<typeof options>>;

const STRONG_P = 0.001;

/** With longestFacts' bits in the rule's per-demo facts (see DemoFacts.longest): the gold option is first or last. */
const AT_EDGE = 4;

/**
 * The rule's probabilities while it sums them, kept from set to set (never shortened): lists
 * grown by push from empty allocate about 3.4 times their final length in all (a large set
 * has thousands of lettered demos), and most sets are never tested (nothing to report).
 */
const longestScratch: number[] = [];
const edgeScratch: number[] = [];

export default defineRule({
  meta: {
    id: 'option-length-cue',
    description: 'The gold option is the longest, or at the first/last position, far more often than chance across the demos.',
    rationale:
      'Multiple-choice items whose correct option is systematically the longest, or always first or last, carry an answer cue that has ' +
      'nothing to do with the question. Models exploit such annotation artifacts (Gururangan et al. 2018) and can answer multiple-choice ' +
      'questions from the options alone (Balepur et al. 2024); they also have position preferences of their own (Zheng et al. 2024). ' +
      'Demos that share the cue teach the shortcut.',
    sources: [
      { short: 'Gururangan et al. 2018', title: 'Annotation Artifacts in Natural Language Inference Data', url: 'https://arxiv.org/abs/1803.02324' },
      {
        short: 'Balepur et al. 2024',
        title: 'Artifacts or Abduction: How Do LLMs Answer Multiple-Choice Questions Without the Question?',
        url: 'https://arxiv.org/abs/2402.12483',
      },
      { short: 'Zheng et al. 2024', title: 'Large Language Models Are Not Robust Multiple Choice Selectors', url: 'https://arxiv.org/abs/2309.03882' },
    ],
    defaultSeverity: 'warning',
    get options() {
      return options();
    },
    defaultOptions: DEFAULTS,
    messages: {
      longest: 'The gold option is the longest option in {{longestCount}} of {{n}} {{items}} ({{expectedLongest}} expected by chance; p = {{pValue}}).',
      edge: 'The gold option is the first or last option in {{edgeCount}} of {{n}} {{items}} ({{expectedEdge}} expected by chance; p = {{pValue}}).',
      both:
        'The gold option is the longest in {{longestCount}} and first or last in {{edgeCount}} of {{n}} {{items}} ({{expectedLongest}} and {{expectedEdge}} expected by chance; p = {{pValue}}).',
    },
    fixable: false,
    category: 'structure',
  },
  // A set's cues are counted over all of it: cut across the parts of a document, its pieces' facts are
  // gathered part by part and tested once the last part is done.
  start({ options: o, report, optionsOf, whole }) {
    const sets = new Map<object, SetCues>();
    return {
      part(doc) {
        for (const set of doc.exemplarSets) {
          const letters = labelFactsOf(set).letters;
          const s = gatheredFor(sets, set, () => ({ span: set.span, shape: set.shape, kind: set.kind, letters, longest: NO_BITS }));
          // longestFacts' bits of the lettered demos, from demoFacts' pass (no option read here): a set in one piece
          // shares demoFacts' array.
          const { longest } = demoFacts(set);
          if (s.longest.length === 0) s.longest = longest;
          else if (longest.length !== 0) {
            const joined = new Uint8Array(s.longest.length + longest.length);
            joined.set(s.longest);
            joined.set(longest, s.longest.length);
            s.longest = joined;
          }
        }
      },
      finish() {
        for (const s of sets.values()) testSet(s, o, report, optionsOf('answer-position-skew') as LetterSkewOptions | undefined, whole);
      },
    };
  },
});

/** What option-length-cue gathers of one exemplar set, part by part: its lettered demos, and their longestFacts bits (in set order). */
interface SetCues {
  span: Span;
  shape: ExemplarShape;
  kind: ExemplarSet['kind'];
  letters: LetteredFacts;
  /** Do not mutate (it may be demoFacts'). */
  longest: Uint8Array;
}

const NO_BITS = new Uint8Array(0);

/**
 * Tests one set's cues and reports them (`aps`: answer-position-skew's options, when it runs; `whole`: the
 * whole document, where the cued demos' indexes and gold options are read).
 */
function testSet(s: SetCues, o: Options, report: (r: Report) => void, aps: LetterSkewOptions | undefined, whole: () => PromptDocument): void {
  const { golds, ks } = s.letters;
  const longestBits = s.longest;
  const n = s.letters.count;
  // The same options in every demo (a rubric, True/False): which is longest or first never changes, the gold label does.
  if (n < o.minExemplars || s.letters.fixedOptionList) return;
  const tests = o.check.length;

  // One loop over the demos (large datasets: array callbacks cost several times more).
  // Strictly longest: under the null the gold is a uniformly random option, so it is the
  // strict longest with probability 1/k when one option is strictly longest, else 0.
  // Edge: first or last position, probability 2/k (1 for two options, which then carry no information).
  // Expected counts are summed in demo order from 0, as a reduce over the probabilities would.
  // longestFacts' bits, and AT_EDGE, per demo.
  const facts = new Uint8Array(n);
  // Packed arrays, as letterSkew's probabilities are (one kind of array for the loop
  // countUpperTail compiles, not a recompile for the second kind): written into the
  // scratch lists and copied out at their exact length when tested (see `longestScratch`).
  const longestPs = longestScratch;
  const edgePs = edgeScratch;
  let longestCount = 0;
  let expectedLongest = 0;
  let longestTrials = 0; // demos with a strict longest option (the others cannot show the cue)
  let edgeCount = 0;
  let expectedEdge = 0;
  let edgeTrials = 0; // demos with three or more options (a two-option gold is always at an edge)
  for (let i = 0; i < n; i++) {
    const gold = golds[i]!;
    const k = ks[i]!;
    const f = longestBits[i]!;
    const pl = f & UNIQUE_LONGEST ? 1 / k : 0;
    longestPs[i] = pl;
    expectedLongest += pl;
    if (pl > 0) longestTrials++;
    if (f & GOLD_LONGEST) longestCount++;
    const pe = Math.min(1, 2 / k);
    edgePs[i] = pe;
    expectedEdge += pe;
    if (pe < 1) edgeTrials++;
    const atEdge = gold === 0 || gold === k - 1;
    facts[i] = atEdge ? f | AT_EDGE : f;
    if (atEdge) edgeCount++;
  }
  const pLongest = o.check.includes('longest') && longestCount > expectedLongest ? bonferroni(countUpperTail(longestPs.slice(0, n), longestCount), tests) : 1;
  const pEdge = o.check.includes('edge') && edgeCount > expectedEdge ? bonferroni(countUpperTail(edgePs.slice(0, n), edgeCount), tests) : 1;

  // Significant and not trivial: in a large dataset a share of 52% at an edge (50% by chance) is
  // significant but no cue a model learns; the excess is over the demos that can show the cue.
  const longest = pLongest < o.alpha && (longestCount - expectedLongest) / longestTrials >= o.minExcess;
  // A gold-letter skew towards an edge letter is answer-position-skew's finding: not reported twice.
  const edge = pEdge < o.alpha && (edgeCount - expectedEdge) / edgeTrials >= o.minExcess && !edgeLeftToLetterSkew(s.letters, facts, aps);
  if (!longest && !edge) return;
  const kind = longest && edge ? 'both' : longest ? 'longest' : 'edge';
  // The cued demos' indexes and gold options: gathered with the facts when the set was cut into pieces, else read
  // from the set (see setIn).
  const spans = s.letters.spans;
  const set = spans ? undefined : setIn(whole(), s);
  if (!spans && !set) return;
  const cued: { index: number; span: Span }[] = [];
  for (let i = 0; i < n; i++) {
    if ((longest && facts[i]! & GOLD_LONGEST) || (edge && facts[i]! & AT_EDGE)) {
      if (spans) cued.push({ index: spans.index(i), span: spans.goldOption(i) });
      else {
        const exemplar = set!.exemplars[s.letters.positions[i]!]!;
        cued.push({ index: exemplar.index, span: exemplar.options[golds[i]!]!.span });
      }
    }
  }
  const pValue = Math.min(longest ? pLongest : 1, edge ? pEdge : 1);
  const first = cued[0]!;
  report({
    messageId: kind,
    span: first.span,
    data: {
      kind,
      longestCount,
      edgeCount,
      n,
      pValue,
      pLongest,
      pEdge,
      expectedLongest: Math.round(expectedLongest * 100) / 100,
      expectedEdge: Math.round(expectedEdge * 100) / 100,
      ...listedDemos(cued),
    },
    // "records" in a dataset (JSONL, YAML records), "demos" in a prompt; data has no such field.
    messageData: { items: exemplarsNoun(s.kind === 'dataset') },
    strength: pValue < STRONG_P ? 'strong' : 'normal',
  });
}

/**
 * Whether the set's edge cue is answer-position-skew's finding: that rule is on (`aps`, its
 * options) and reports the set's gold letters as skewed, and every demo whose gold has the
 * skewed letter has it first or last (AT_EDGE in `facts`, per lettered demo). Then the edge
 * count is that skew seen through positions (10 of 12 golds (A) make 10 edge golds), and
 * rebalancing the letters, that rule's fix, removes both. A skew towards a middle letter
 * does not explain an edge excess, and an edge excess without a reported letter skew (golds
 * alternating (A) and (D)) is reported here.
 */
function edgeLeftToLetterSkew(letters: LetteredFacts, facts: Uint8Array, aps: LetterSkewOptions | undefined): boolean {
  if (!aps) return false;
  const skew = letters.reported(aps);
  if (!skew) return false;
  for (let i = 0; i < letters.count; i++) if (letters.goldLetters[i] === skew.letter && !(facts[i]! & AT_EDGE)) return false;
  return true;
}
