/**
 * option-permutation (Zheng et al. 2024, PriDe; Pezeshkpour & Hruschka 2024):
 * ask each item under cyclic rotations of its options. A model without
 * position bias picks the same content under every rotation, and each letter
 * about 1/k of the time.
 *
 * Cheap mode: all rotations only for a calibration share of the items (which
 * gives the position rates and the letter prior), then one call for each other
 * item, debiased with the prior (PriDe) when the endpoint returns logprobs.
 */
import { letterOf } from '../answers.js';
import { rotationOrder } from '../perturb.js';
import { bootstrapCI, stddev, wilson } from '../../stats/intervals.js';
import { hashSeed, seededShuffle } from '../../stats/random.js';
import type { AuditItem, Estimate } from '../types.js';
import {
  ciText,
  estimate,
  example,
  letterDistribution,
  pct,
  proportion,
  readOutcome,
  type AuditContext,
  type CheckDefinition,
  type Decision,
  type Read,
  type Unit,
  type UnitResult,
} from './common.js';

interface ItemReads {
  item: AuditItem;
  calibration: boolean;
  /** Per rotation r: the read answer (original option index). */
  reads: Read[];
  /** Per rotation: the shown position chosen, or -1. */
  positions: number[];
  rotations: number[];
}

function collect(ctx: AuditContext, results: UnitResult[]): ItemReads[] {
  return results.map(({ unit, outcomes }) => {
    const rotations = unit.data!.rotations as number[];
    const k = unit.item.options.length;
    const reads = outcomes.map((o, j) => readOutcome(o, unit.item, ctx.labels, rotationOrder(k, rotations[j]!)));
    const positions = reads.map((r, j) => (r.kind === 'answer' && r.index !== undefined ? (r.index - rotations[j]! + k) % k : -1));
    return { item: unit.item, calibration: unit.data!.calibration as boolean, reads, positions, rotations };
  });
}

/** Selection rate of each letter over all answers of items asked under every rotation, with its chance level. */
function positionRates(all: ItemReads[], level = 0.95): { rates: Record<string, Estimate>; excess: { letter: string; lo: number; hi: number; chance: number }[] } {
  const full = all.filter((r) => r.rotations.length === r.item.options.length && r.rotations.length > 1);
  const maxK = Math.max(0, ...full.map((r) => r.item.options.length));
  const counts = new Array<number>(maxK).fill(0);
  const chance = new Array<number>(maxK).fill(0);
  let n = 0;
  for (const r of full) {
    const k = r.item.options.length;
    for (const p of r.positions) {
      if (p < 0) continue;
      n++;
      counts[p]!++;
      for (let l = 0; l < k; l++) chance[l]! += 1 / k;
    }
  }
  const rates: Record<string, Estimate> = {};
  const excess: { letter: string; lo: number; hi: number; chance: number }[] = [];
  for (let l = 0; l < maxK; l++) {
    rates[letterOf(l)] = proportion(counts[l]!, n);
    const ci = wilson(counts[l]!, n, level);
    excess.push({ letter: letterOf(l), lo: ci.lo, hi: ci.hi, chance: n > 0 ? chance[l]! / n : 0 });
  }
  return { rates, excess };
}

export const optionPermutation: CheckDefinition = {
  id: 'option-permutation',

  plan(ctx) {
    const s = ctx.settings.checks['option-permutation'];
    const items = ctx.items.filter((i) => i.options.length >= 2);
    if (items.length === 0) return { units: [], skip: 'no items with two or more lettered options' };
    let calibration = new Set(items.map((i) => i.id));
    if (s.mode === 'cheap') {
      const count = Math.min(items.length, Math.max(s.calibrationMin, Math.ceil(s.calibrationShare * items.length)));
      calibration = new Set(seededShuffle(items, hashSeed(ctx.settings.seed, 'calibration')).slice(0, count).map((i) => i.id));
    }
    const topLogprobs = s.mode === 'cheap' && s.logprobs === 'auto' ? 20 : undefined;
    const units: Unit[] = items.map((item) => {
      const k = item.options.length;
      const rotations = calibration.has(item.id) ? Array.from({ length: k }, (_, r) => r) : [0];
      return {
        item,
        conditions: rotations.map((r) => `rotation ${r}`),
        requests: rotations.map((r) => ctx.request(ctx.messages(item, [], { order: rotationOrder(k, r) }), topLogprobs ? { topLogprobs } : {})),
        data: { rotations, calibration: calibration.has(item.id) },
      };
    });
    return { units };
  },

  decide(ctx, results, level) {
    const s = ctx.settings.checks['option-permutation'];
    const { excess } = positionRates(collect(ctx, results), level);
    if (excess.length === 0) return undefined;
    const worst = excess.reduce((a, b) => (b.lo - b.chance > a.lo - a.chance ? b : a));
    return { lo: worst.lo - worst.chance, hi: worst.hi - worst.chance, threshold: s.positionTolerance } satisfies Decision;
  },

  async analyze(ctx, results, tools) {
    const s = ctx.settings.checks['option-permutation'];
    const all = collect(ctx, results);
    const full = all.filter((r) => r.rotations.length === r.item.options.length);
    const seed = hashSeed(ctx.settings.seed, 'option-permutation');
    const metrics: Record<string, Estimate | Record<string, Estimate>> = {};

    // Consistency: same option content under every rotation (items with every rotation answered).
    const complete = full.filter((r) => r.reads.every((x) => x.kind === 'answer'));
    const consistent = complete.filter((r) => new Set(r.reads.map((x) => (x.kind === 'answer' ? x.index : -1))).size === 1);
    metrics.consistency = proportion(consistent.length, complete.length);

    const { rates, excess } = positionRates(all);
    metrics.position_rates = rates;

    // Accuracy per rotation and recall per letter, over items with gold answers asked under every rotation.
    const gold = complete.filter((r) => r.item.gold !== undefined);
    const minK = Math.min(...gold.map((r) => r.item.options.length));
    if (gold.length > 0) {
      // The bootstrap below resamples these 2,000 times: each item's reads as numbers, once. (With a
      // Map per resample and a closure per read, it took most of an audit's analysis.)
      // goldPos[i][j]: where the gold option stood in read j of item i; hits[i][j]: 1 when read j named it.
      const goldPos = gold.map((r) => Int32Array.from(r.reads, (_, j) => (r.item.gold! - r.rotations[j]! + r.item.options.length) % r.item.options.length));
      const hits = gold.map((r) => Uint8Array.from(r.reads, (x) => (x.kind === 'answer' && x.index === r.item.gold ? 1 : 0)));
      const maxK = Math.max(...gold.map((r) => r.item.options.length));
      // Positions in the order the first version listed them (`[...map.keys()].sort()`, which sorts as
      // strings), so the standard deviation sums in the same order and gives the same value.
      const positionOrder = Array.from({ length: maxK }, (_, p) => p).sort();
      const hitAt = new Float64Array(maxK);
      const totAt = new Float64Array(maxK);
      const rstdOf = (idx: number[]) => {
        hitAt.fill(0);
        totAt.fill(0);
        for (const i of idx) {
          const pos = goldPos[i]!;
          const hit = hits[i]!;
          for (let j = 0; j < pos.length; j++) {
            totAt[pos[j]!]!++;
            hitAt[pos[j]!]! += hit[j]!;
          }
        }
        const recalls: number[] = [];
        for (const p of positionOrder) if (totAt[p]! > 0) recalls.push(hitAt[p]! / totAt[p]!);
        return stddev(recalls);
      };
      const accAt = (idx: number[], rot: number) => {
        let n = 0;
        for (const i of idx) n += hits[i]![rot]!;
        return n / idx.length;
      };
      const gapOf = (idx: number[]) => {
        const accs = Array.from({ length: minK }, (_, rot) => accAt(idx, rot));
        return Math.max(...accs) - Math.min(...accs);
      };
      const everyone = gold.map((_, i) => i);
      const rCI = bootstrapCI(gold.length, rstdOf, { seed });
      metrics.rstd = estimate(rstdOf(everyone), rCI.lo, rCI.hi, gold.length);
      const gCI = bootstrapCI(gold.length, gapOf, { seed: seed + 1 });
      metrics.best_worst_gap = estimate(gapOf(everyone), gCI.lo, gCI.hi, gold.length);
      const correct = gold.reduce((sum, r) => sum + r.reads.filter((x) => x.kind === 'answer' && x.index === r.item.gold).length, 0);
      metrics.accuracy = proportion(correct, gold.reduce((sum, r) => sum + r.reads.length, 0));
    }

    // Cheap mode: prior from calibration, debias the single-call items.
    let correction: Record<string, number> | undefined;
    if (s.mode === 'cheap') {
      const singles = all.filter((r) => !r.calibration);
      const calib = results.filter((r) => r.unit.data!.calibration);
      const maxK = Math.max(...all.map((r) => r.item.options.length));
      let prior: number[] | undefined;
      const dists = calib.flatMap((r) => r.outcomes.map((o) => letterDistribution(o, r.unit.item.options.length))).filter((d): d is number[] => !!d);
      if (dists.length > 0) {
        prior = new Array<number>(maxK).fill(0);
        const cnt = new Array<number>(maxK).fill(0);
        for (const d of dists)
          d.forEach((p, l) => {
            prior![l]! += p;
            cnt[l]!++;
          });
        prior = prior.map((p, l) => (cnt[l]! > 0 ? p / cnt[l]! : 0));
      } else {
        prior = Object.values(rates).map((e) => e.value ?? 0);
      }
      const meanInv = prior.reduce((sum, p) => sum + 1 / Math.max(p, 1e-6), 0) / prior.length;
      correction = Object.fromEntries(prior.map((p, l) => [letterOf(l), Math.round((1 / Math.max(p, 1e-6) / meanInv) * 1e4) / 1e4]));
      const singleGold = singles.filter((r) => r.item.gold !== undefined && r.reads[0]!.kind === 'answer');
      if (singleGold.length > 0) {
        metrics.single_call_accuracy = proportion(singleGold.filter((r) => (r.reads[0] as { index?: number }).index === r.item.gold).length, singleGold.length);
      }
      const debiased: boolean[] = [];
      for (const r of results.filter((x) => !x.unit.data!.calibration && x.unit.item.gold !== undefined)) {
        const d = letterDistribution(r.outcomes[0], r.unit.item.options.length);
        if (!d) continue;
        const adj = d.map((p, l) => p / Math.max(prior[l] ?? 1e-6, 1e-6));
        const pick = adj.indexOf(Math.max(...adj));
        debiased.push(pick === r.unit.item.gold);
      }
      if (debiased.length > 0) metrics.debiased_accuracy = proportion(debiased.filter(Boolean).length, debiased.length);
    }

    const answered = all.reduce((sum, r) => sum + r.reads.filter((x) => x.kind !== 'failed').length, 0);
    const unparseable = all.reduce((sum, r) => sum + r.reads.filter((x) => x.kind === 'unparseable').length, 0);
    metrics.unparseable_rate = proportion(unparseable, answered);

    const worst = excess.length ? excess.reduce((a, b) => (b.lo - b.chance > a.lo - a.chance ? b : a)) : undefined;
    const positionFlag = !!worst && worst.lo - worst.chance > s.positionTolerance;
    const cons = metrics.consistency as Estimate;
    const consistencyFlag = s.minConsistency !== undefined && cons.n > 0 && cons.ci95[1] < s.minConsistency;
    const flagged = positionFlag || consistencyFlag;

    const examples = complete
      .filter((r) => !consistent.includes(r))
      .slice(0, 3)
      .map((r) => example(r.item, r.reads.map((read, j) => ({ condition: `rotation ${r.rotations[j]}`, read })), 'chose different option content under different orders'));

    const top = worst ? rates[worst.letter]! : undefined;
    let summary = `Consistent under rotation in ${pct(cons.value)} of items (${ciText(cons)})`;
    if (top && worst) summary += `; picks (${worst.letter}) in ${pct(top.value)} of answers (${ciText(top)}; chance ${pct(worst.chance)})`;
    summary += flagged ? ' — position bias.' : '.';

    return {
      flagged,
      items: all.length,
      metrics,
      examples,
      summary,
      mode: s.mode,
      ...(correction ? { correction } : {}),
      thresholds: { positionTolerance: s.positionTolerance, ...(s.minConsistency !== undefined ? { minConsistency: s.minConsistency } : {}) },
      ...(tools.stoppedEarly ? { stopped_early: true } : {}),
    };
  },
};
