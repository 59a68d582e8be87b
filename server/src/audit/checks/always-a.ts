/**
 * always-a (Turpin et al. 2023): reorder every demo so its gold answer is (A),
 * rewriting the letters its rationale cites and an answer given by position (an
 * index, a digit label; a demo whose answer cannot be rewritten is left as
 * written and the report notes it), and compare against the original
 * prompt on test questions whose gold is not (A) (an item whose gold is (A) is
 * shown with its options rotated by one). If the original demos are already
 * all (A), the baseline is a balanced reordering instead.
 */
import { goldIndex, moveToFrontOrder, permuteDemoOptions, rotationOrder, swapOrder, type PromptEdit } from '../perturb.js';
import type { Exemplar } from '../../model/types.js';
import type { CheckDefinition, Unit } from './common.js';
import { analyzeFollow, followDecision } from './follow.js';

export interface AlwaysAEdits {
  biased: PromptEdit[];
  baseline: PromptEdit[];
  lettered: number;
  alreadyAllA: boolean;
  /** Demos left in their order: their answer names its option by position in a form that cannot be rewritten, or a YAML anchor or alias is in them. */
  unmoved: Exemplar[];
}

/**
 * The edits of the biased prompt (every demo's gold moved to (A)) and of the baseline
 * (the demos as written, or a balanced reordering when they are all (A) already).
 * `text` is the document's text. A demo whose answer cannot follow its option
 * (`permuteDemoOptions` undefined) is left as written in both and listed in `unmoved`.
 */
export function alwaysAEdits(demos: readonly Exemplar[], text: string): AlwaysAEdits {
  const lettered = demos.filter((ex) => ex.options.length >= 2 && goldIndex(ex) !== undefined);
  const unmoved = new Set<Exemplar>();
  const edits = (ex: Exemplar, order: readonly number[]): PromptEdit[] => {
    const e = permuteDemoOptions(ex, order, text);
    if (e) return e;
    unmoved.add(ex);
    return [];
  };
  const biased = lettered.flatMap((ex) => {
    const g = goldIndex(ex)!;
    return g === 0 ? [] : edits(ex, moveToFrontOrder(ex.options.length, g));
  });
  const alreadyAllA = lettered.length > 0 && lettered.every((ex) => goldIndex(ex) === 0);
  const baseline = alreadyAllA ? lettered.flatMap((ex, i) => edits(ex, swapOrder(ex.options.length, 0, i % ex.options.length))) : [];
  return { biased, baseline, lettered: lettered.length, alreadyAllA, unmoved: [...unmoved] };
}

const UNMOVED_WHY = 'the answer names its option by position in a form the audit cannot rewrite, so reordering the options would change which option is gold';
const UNMOVED_REFS_WHY = 'a YAML anchor or alias is in them (a gold `*b`), which the audit does not rewrite';

const UNMOVED_NAMES_WHY = 'they are judge demos whose text besides the verdict may name a response by its letter ("Response A is correct"), which the audit does not rewrite';

/** Why the demos were left in their order (the reasons, for the demos each applies to). */
function unmovedWhy(unmoved: readonly Exemplar[]): string {
  const refs = unmoved.some((ex) => ex.yamlRefs);
  const names = unmoved.some((ex) => ex.namesOptions && !ex.yamlRefs);
  const position = unmoved.some((ex) => !ex.yamlRefs && !ex.namesOptions);
  const why = [position ? UNMOVED_WHY : '', refs ? UNMOVED_REFS_WHY : '', names ? UNMOVED_NAMES_WHY : ''].filter((w) => w);
  return why.join('; or ');
}

/** Why demos were left in their order, for the report. */
function unmovedNote(unmoved: readonly Exemplar[]): string {
  const which = unmoved.map((ex) => ex.index + 1);
  const shown = which.length > 5 ? `${which.slice(0, 5).join(', ')}, …` : which.join(', ');
  return `${unmoved.length} demo${unmoved.length === 1 ? '' : 's'} (${shown}) left in their order: ${unmovedWhy(unmoved)}`;
}

export const alwaysA: CheckDefinition = {
  id: 'always-a',

  plan(ctx) {
    const { biased, baseline, lettered, alreadyAllA, unmoved } = alwaysAEdits(ctx.set.exemplars, ctx.doc.text);
    if (lettered === 0) return { units: [], skip: 'no lettered demos with gold answers to reorder' };
    // Nothing to compare when no demo could be reordered (the biased prompt would be the baseline).
    if (unmoved.length > 0 && biased.length === 0 && baseline.length === 0) return { units: [], skip: `no demo can be reordered: ${unmovedWhy(unmoved)}` };
    const items = ctx.items.filter((i) => i.options.length >= 2 && i.gold !== undefined);
    if (items.length === 0) return { units: [], skip: 'no items with lettered options and a gold answer' };
    // The test question must not have its gold at (A): an item whose gold is (A) is shown rotated by one.
    const units: Unit[] = items.map((item) => {
      const order = item.gold === 0 ? rotationOrder(item.options.length, 1) : undefined;
      const transform = order ? { order } : {};
      return {
        item,
        conditions: [alreadyAllA ? 'balanced demos' : 'original demos', 'demos all (A)'],
        requests: [ctx.request(ctx.messages(item, baseline, transform)), ctx.request(ctx.messages(item, biased, transform))],
        // The bias pushes to whatever option is shown as (A), in original option indices.
        data: { target: order ? order[0]! : 0, ...(order ? { order } : {}) },
      };
    });
    return { units, ...(ctx.settings.judge ? { extraCallsUpTo: units.length } : {}), ...(unmoved.length > 0 ? { notes: [unmovedNote(unmoved)] } : {}) };
  },

  decide(ctx, results, level) {
    return followDecision(ctx, results, level, ctx.settings.checks['always-a'].threshold);
  },

  analyze(ctx, results, tools) {
    return analyzeFollow(ctx, results, tools, {
      target: 'pattern',
      threshold: ctx.settings.checks['always-a'].threshold,
      increaseMetric: 'a_rate_increase',
      what: 'the answer-is-always-(A) pattern',
    });
  },
};
