/**
 * always-a (Turpin et al. 2023): reorder every demo so its gold answer is (A),
 * rewriting the letters its rationale cites, and compare against the original
 * prompt on test questions whose gold is not (A) (an item whose gold is (A) is
 * shown with its options rotated by one). If the original demos are already
 * all (A), the baseline is a balanced reordering instead.
 */
import { goldIndex, moveToFrontOrder, permuteDemoOptions, rotationOrder, swapOrder, type PromptEdit } from '../perturb.js';
import type { Exemplar } from '../../model/types.js';
import type { CheckDefinition, Unit } from './common.js';
import { analyzeFollow, followDecision } from './follow.js';

export function alwaysAEdits(demos: readonly Exemplar[]): { biased: PromptEdit[]; baseline: PromptEdit[]; lettered: number; alreadyAllA: boolean } {
  const lettered = demos.filter((ex) => ex.options.length >= 2 && goldIndex(ex) !== undefined);
  const biased = lettered.flatMap((ex) => {
    const g = goldIndex(ex)!;
    return g === 0 ? [] : permuteDemoOptions(ex, moveToFrontOrder(ex.options.length, g));
  });
  const alreadyAllA = lettered.length > 0 && lettered.every((ex) => goldIndex(ex) === 0);
  const baseline = alreadyAllA ? lettered.flatMap((ex, i) => permuteDemoOptions(ex, swapOrder(ex.options.length, 0, i % ex.options.length))) : [];
  return { biased, baseline, lettered: lettered.length, alreadyAllA };
}

export const alwaysA: CheckDefinition = {
  id: 'always-a',

  plan(ctx) {
    const { biased, baseline, lettered, alreadyAllA } = alwaysAEdits(ctx.set.exemplars);
    if (lettered === 0) return { units: [], skip: 'no lettered demos with gold answers to reorder' };
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
    return { units, ...(ctx.settings.judge ? { extraCallsUpTo: units.length } : {}) };
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
