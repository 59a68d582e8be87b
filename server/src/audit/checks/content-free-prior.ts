/**
 * content-free-prior (Zhao et al. 2021; Fei et al. 2023): ask the prompt with
 * content-free inputs (`N/A`, empty, `[MASK]`) and random in-domain word
 * strings. An unbiased prompt gives no label (or letter) a preference on them.
 * The prior comes from logprobs where the endpoint gives them, otherwise from
 * sampling; the report shows the calibration weights W = diag(1 / prior).
 */
import { letterOf } from '../answers.js';
import { bootstrapCI } from '../../stats/intervals.js';
import { hashSeed, mulberry32 } from '../../stats/random.js';
import type { CallOutcome, Estimate } from '../types.js';
import {
  estimate,
  ciText,
  labelDistribution,
  letterDistribution,
  pct,
  proportion,
  readOutcome,
  type AuditContext,
  type CheckDefinition,
  type Unit,
} from './common.js';

function randomStrings(texts: readonly string[], count: number, seed: number): string[] {
  const words = [...new Set(texts.flatMap((t) => t.match(/[A-Za-z][A-Za-z'-]{2,}/g) ?? []))];
  if (words.length === 0 || count === 0) return [];
  const lengths = texts.map((t) => (t.match(/\S+/g) ?? []).length).sort((a, b) => a - b);
  const len = Math.max(3, Math.min(12, lengths[Math.floor(lengths.length / 2)] ?? 6));
  const rand = mulberry32(seed);
  return Array.from({ length: count }, () => Array.from({ length: len }, () => words[Math.floor(rand() * words.length)]!).join(' '));
}

function setup(ctx: AuditContext) {
  const s = ctx.settings.checks['content-free-prior'];
  const template = ctx.items.find((i) => i.options.length >= 2) ?? (ctx.labels.length >= 2 ? ctx.items[0] : undefined);
  if (!template) return undefined;
  const labels = template.options.length >= 2 ? template.options.map((_, i) => letterOf(i)) : ctx.labels;
  const pool = [...ctx.items.map((i) => i.question), ...ctx.set.exemplars.map((e) => e.question?.text ?? '')];
  // Distinct inputs only: a repeated input is not new evidence.
  const inputs = [...new Set([...s.inputs, ...randomStrings(pool, s.randomStrings, hashSeed(ctx.settings.seed, 'content-free'))])];
  return { s, template, labels, lettered: template.options.length >= 2, inputs };
}

export const contentFreePrior: CheckDefinition = {
  id: 'content-free-prior',

  plan(ctx) {
    const st = setup(ctx);
    if (!st) return { units: [], skip: 'no lettered options or label set to measure a prior over' };
    const { s, template, lettered, inputs } = st;
    const units: Unit[] = inputs.map((input, i) => {
      const messages = ctx.messages(template, [], lettered ? { question: input, optionText: input } : { question: input });
      const requests =
        s.logprobs === 'auto'
          ? [ctx.request(messages, { topLogprobs: 20 })]
          : Array.from({ length: s.samples }, (_, j) => ctx.request(messages, { temperature: s.sampleTemperature, seed: ctx.settings.seed + j }));
      return {
        item: { ...template, id: `content-free:${i}`, question: input, options: lettered ? template.options.map(() => input) : [] },
        conditions: requests.map((_, j) => (requests.length > 1 ? `sample ${j}` : 'logprobs')),
        requests,
        data: { input, messages },
      };
    });
    return { units, ...(s.logprobs === 'auto' ? { extraCallsUpTo: inputs.length * s.samples } : {}) };
  },

  async analyze(ctx, results, tools) {
    const { s, labels, lettered } = setup(ctx)!;
    const L = labels.length;
    const dist = (o: CallOutcome | undefined) => (lettered ? letterDistribution(o, L) : labelDistribution(o, labels));
    const metrics: Record<string, Estimate | Record<string, Estimate>> = {};
    const distributions = results.map((r) => (s.logprobs === 'auto' ? dist(r.outcomes[0]) : undefined));
    const viaLogprobs = distributions.length > 0 && distributions.every((d) => d !== undefined);
    // Per input: its label distribution, from logprobs or as the shares of its samples.
    let perInput: number[][];
    if (viaLogprobs) perInput = distributions as number[][];
    else {
      // Sampling: the planned samples, or (logprobs asked for but not returned) extra sampled calls now.
      let unparseable = 0;
      let answered = 0;
      perInput = [];
      for (const r of results) {
        let outcomes = r.outcomes;
        if (s.logprobs === 'auto') {
          const messages = r.unit.data!.messages as Parameters<AuditContext['request']>[0];
          outcomes = await Promise.all(
            Array.from({ length: s.samples }, (_, j) => tools.call(ctx.request(messages, { temperature: s.sampleTemperature, seed: ctx.settings.seed + j }))),
          );
        }
        const counts = new Array<number>(L).fill(0);
        for (const o of outcomes) {
          const read = readOutcome(o, r.unit.item, labels);
          if (read.kind !== 'failed') answered++;
          if (read.kind === 'unparseable') unparseable++;
          if (read.kind !== 'answer') continue;
          const k = read.index !== undefined ? read.index : labels.findIndex((l) => l.toLowerCase() === (read.label ?? '').toLowerCase());
          if (k >= 0) counts[k]!++;
        }
        const n = counts.reduce((a, b) => a + b, 0);
        if (n > 0) perInput.push(counts.map((c) => c / n));
      }
      metrics.unparseable_rate = proportion(unparseable, answered);
    }
    // The prior is the mean over inputs; its CI is a bootstrap over inputs (samples of one input are not independent).
    const prior = labels.map((_, k) => (perInput.length > 0 ? perInput.reduce((sum, d) => sum + d[k]!, 0) / perInput.length : 0));
    const labelPrior: Record<string, Estimate> = {};
    labels.forEach((label, k) => {
      const ci = bootstrapCI(perInput.length, (idx) => idx.reduce((sum, i) => sum + perInput[i]![k]!, 0) / idx.length, { seed: hashSeed(ctx.settings.seed, 'prior', k) });
      labelPrior[label] = perInput.length > 0 ? estimate(prior[k]!, ci.lo, ci.hi, perInput.length) : { value: null, ci95: [0, 1], n: 0 };
    });
    metrics.label_prior = labelPrior;
    const maxK = prior.indexOf(Math.max(...prior));
    const top = labelPrior[labels[maxK]!]!;
    metrics.max_label_share = top;
    const chance = 1 / L;
    const flagged = top.n > 0 && top.ci95[0] > chance + s.tolerance;
    const meanInv = prior.reduce((sum, p) => sum + 1 / Math.max(p, 1e-3), 0) / L;
    const correction = Object.fromEntries(labels.map((l, k) => [l, Math.round((1 / Math.max(prior[k]!, 1e-3) / meanInv) * 1e4) / 1e4]));
    const name = lettered ? `(${labels[maxK]})` : `"${labels[maxK]}"`;
    const summary = `On content-free inputs the prompt gives ${name} ${pct(top.value)} (${ciText(top)}; chance ${pct(chance)}), measured by ${viaLogprobs ? 'logprobs' : 'sampling'}${flagged ? ' — a label prior.' : '.'}`;
    return {
      flagged,
      items: results.length,
      metrics,
      examples: [],
      summary,
      correction,
      thresholds: { max_label_share: chance + s.tolerance },
    };
  },
};
