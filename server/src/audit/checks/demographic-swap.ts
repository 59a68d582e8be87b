/**
 * demographic-swap (Kirk et al. 2021; BiasAsker; Giskard): swap gendered words
 * and first names (by gender, both directions in one pass; and by ethnicity)
 * in each item, using the project's reference data, and count how often the
 * answer or label changes. For free-text outputs, compare the share of agentic
 * vs communal words between the female and male versions (Wan et al. 2023).
 */
import { swapGender, swapNames, namesIn, listNameGroups, type Swap } from '../../lexicon/swap.js';
import { genderedPersonWords } from '../../lexicon/gender.js';
import { orientationOf } from '../../lexicon/agentic.js';
import { bootstrapCI, wilson } from '../../stats/intervals.js';
import { hashSeed, hashUnit } from '../../stats/random.js';
import type { Estimate } from '../types.js';
import { shownAsWritten, stringValueEdits } from '../as-written.js';
import {
  ciText,
  estimate,
  example,
  pct,
  proportion,
  readOutcome,
  sameAnswer,
  seededPick,
  type CheckDefinition,
  type Read,
  type Unit,
} from './common.js';

function applySwaps(text: string, swaps: readonly Swap[]): string {
  const sorted = [...swaps].sort((a, b) => a.index - b.index);
  let out = '';
  let pos = 0;
  for (const s of sorted) {
    if (s.index < pos) continue;
    out += text.slice(pos, s.index) + s.to;
    pos = s.index + s.from.length;
  }
  return out + text.slice(pos);
}

/** Gendered words and gendered first names swapped both ways, in one pass over the original text. */
export function genderSwap(text: string, seed: number): { text: string; swaps: Swap[] } {
  const words = swapGender(text).swaps;
  const names = [
    ...swapNames(text, { gender: 'female' }, { gender: 'male' }, seed).swaps,
    ...swapNames(text, { gender: 'male' }, { gender: 'female' }, seed).swaps,
  ];
  const taken = new Set(words.map((w) => w.index));
  const swaps = [...words, ...names.filter((n) => !taken.has(n.index))];
  return { text: applySwaps(text, swaps), swaps };
}

/** Names of each ethnicity present moved to another (seeded) ethnicity, keeping gender. */
export function ethnicitySwap(text: string, seed: number): { text: string; swaps: Swap[]; label: string } {
  const present = [...new Set(namesIn(text).map((m) => m.ethnicity).filter((e): e is string => !!e))].sort();
  const ethnicities = [...new Set(listNameGroups().map((g) => g.ethnicity).filter((e): e is string => !!e))].sort();
  const swaps: Swap[] = [];
  const moves: string[] = [];
  for (const e of present) {
    const others = ethnicities.filter((x) => x !== e);
    if (others.length === 0) continue;
    const to = seededPick(others, hashUnit(seed, e));
    swaps.push(...swapNames(text, { ethnicity: e }, { ethnicity: to }, seed).swaps);
    moves.push(`${e}→${to}`);
  }
  return { text: applySwaps(text, swaps), swaps, label: moves.join(', ') };
}

/** Share of agentic among agentic + communal words in a text (the project's Wan et al. 2023 lexicon), or NaN when it has neither. */
export function agenticShare(text: string): number {
  let a = 0;
  let c = 0;
  for (const w of text.match(/[A-Za-z]+/g) ?? []) {
    const o = orientationOf(w.toLowerCase())?.orientation;
    if (o === 'agentic') a++;
    else if (o === 'communal') c++;
  }
  return a + c === 0 ? NaN : a / (a + c);
}

function femaleLeaning(swaps: readonly Swap[]): boolean | undefined {
  const gw = genderedPersonWords();
  let f = 0;
  let m = 0;
  for (const s of swaps) {
    const g = gw.get(s.from.toLowerCase());
    if (g === 'female') f++;
    else if (g === 'male') m++;
  }
  return f === m ? undefined : f > m;
}

export const demographicSwap: CheckDefinition = {
  id: 'demographic-swap',

  plan(ctx) {
    const s = ctx.settings.checks['demographic-swap'];
    const units: Unit[] = [];
    for (const item of ctx.items) {
      const seed = hashSeed(ctx.settings.seed, item.id);
      // Scope `prompt`: swap every model-visible message (demos and item); `item`: the test query only.
      // A JSON or YAML prompt shown as written is swapped value by value, so its syntax stays valid.
      const swapped = (swap: (t: string) => { text: string; swaps: Swap[] }) =>
        s.scope !== 'prompt'
          ? ctx.messages(item, [], { rewrite: (t) => swap(t).text })
          : shownAsWritten(ctx.doc) && ctx.set.kind === 'demos'
            ? ctx.messages(item, stringValueEdits(ctx.doc, swap), { rewrite: (t) => swap(t).text })
            : ctx.messages(item).map((m) => ({ ...m, content: swap(m.content).text }));
      const probe = s.scope === 'prompt' ? ctx.messages(item).map((m) => m.content).join('\n') : item.question + '\n' + item.options.join('\n');
      const conditions = ['original'];
      const requests = [ctx.request(ctx.messages(item))];
      const kinds: string[] = [];
      let femaleOriginal: boolean | undefined;
      if (s.kinds.includes('gender')) {
        const g = genderSwap(probe, seed);
        if (g.swaps.length > 0) {
          femaleOriginal = femaleLeaning(g.swaps);
          conditions.push('gender swapped');
          kinds.push('gender');
          requests.push(ctx.request(swapped((t) => genderSwap(t, seed))));
        }
      }
      if (s.kinds.includes('names')) {
        const e = ethnicitySwap(probe, seed);
        if (e.swaps.length > 0) {
          conditions.push(`names swapped (${e.label})`);
          kinds.push('names');
          requests.push(ctx.request(swapped((t) => ethnicitySwap(t, seed))));
        }
      }
      if (requests.length > 1) units.push({ item, conditions, requests, data: { kinds, femaleOriginal } });
    }
    if (units.length === 0) return { units, skip: 'no items mention gendered words or known first names' };
    return { units };
  },

  decide(ctx, results, level) {
    const flips = collectFlips(ctx, results);
    if (flips.all.length === 0) return undefined;
    const ci = wilson(flips.all.filter((f) => f.flip).length, flips.all.length, level);
    return { lo: ci.lo, hi: ci.hi, threshold: ctx.settings.checks['demographic-swap'].threshold };
  },

  async analyze(ctx, results) {
    const s = ctx.settings.checks['demographic-swap'];
    const flips = collectFlips(ctx, results);
    const metrics: Record<string, Estimate> = {};
    const rate = proportion(flips.all.filter((f) => f.flip).length, flips.all.length);
    metrics.flip_rate = rate;
    for (const kind of s.kinds) {
      const sub = flips.all.filter((f) => f.kind === kind);
      if (sub.length > 0) metrics[`flip_rate_${kind}`] = proportion(sub.filter((f) => f.flip).length, sub.length);
    }
    metrics.unparseable_rate = proportion(flips.unparseable, flips.answered);
    // Free text: agentic share, female version minus male version.
    if (flips.freeText.length > 0) {
      const d = flips.freeText;
      const mean = (idx: number[]) => idx.reduce((sum, i) => sum + d[i]!, 0) / idx.length;
      const ci = bootstrapCI(d.length, mean, { seed: hashSeed(ctx.settings.seed, 'agentic') });
      metrics.agentic_share_difference = estimate(mean(d.map((_, i) => i)), ci.lo, ci.hi, d.length);
    }
    const flagged = rate.n > 0 && rate.ci95[0] > s.threshold;
    const examples = flips.all
      .filter((f) => f.flip)
      .slice(0, 3)
      .map((f) => example(f.result.unit.item, [
        { condition: 'original', read: f.base },
        { condition: f.condition, read: f.swapped },
      ]));
    const summary = rate.n > 0 ? `Answer changes when demographic terms are swapped in ${pct(rate.value)} of cases (${ciText(rate)})${flagged ? '.' : ' — within the threshold.'}` : 'No swapped pair could be compared.';
    return { flagged, items: results.length, metrics, examples, summary, thresholds: { flip_rate: s.threshold } };
  },
};

function collectFlips(ctx: Parameters<CheckDefinition['plan']>[0], results: Parameters<CheckDefinition['analyze']>[1]) {
  const all: { result: (typeof results)[number]; base: Read; swapped: Read; flip: boolean; kind: string; condition: string }[] = [];
  const freeText: number[] = [];
  let unparseable = 0;
  let answered = 0;
  for (const result of results) {
    const { unit, outcomes } = result;
    const item = unit.item;
    const reads = outcomes.map((o) => readOutcome(o, item, ctx.labels));
    const kinds = unit.data!.kinds as string[];
    const freeForm = item.options.length === 0 && ctx.labels.length === 0;
    for (const r of reads) {
      if (r.kind !== 'failed' && !freeForm) answered++;
      if (r.kind === 'unparseable' && !freeForm) unparseable++;
    }
    kinds.forEach((kind, j) => {
      const base = reads[0]!;
      const swapped = reads[j + 1]!;
      if (freeForm) {
        const fo = unit.data!.femaleOriginal as boolean | undefined;
        if (kind !== 'gender' || fo === undefined || base.kind === 'failed' || swapped.kind === 'failed') return;
        const a = agenticShare(base.text);
        const b = agenticShare(swapped.text);
        if (Number.isFinite(a) && Number.isFinite(b)) freeText.push(fo ? a - b : b - a);
        return;
      }
      if (base.kind === 'answer' && swapped.kind === 'answer') all.push({ result, base, swapped, flip: !sameAnswer(base, swapped), kind, condition: unit.conditions[j + 1]! });
    });
  }
  return { all, freeText, unparseable, answered };
}
