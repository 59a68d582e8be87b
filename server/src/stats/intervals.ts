/**
 * Confidence intervals for audit metrics: Wilson score intervals for
 * proportions, Newcombe's hybrid score interval for paired differences of
 * proportions, and a seeded percentile bootstrap for everything else.
 */
import { mulberry32 } from './random.js';

/** z for a two-sided interval at `level` (e.g. 0.95 -> 1.95996). */
export function zFor(level: number): number {
  return normalQuantile(1 - (1 - level) / 2);
}

/**
 * Inverse of the standard normal CDF: Acklam's rational approximation, without his refinement
 * step: relative error < 1.15e-9 (against scipy.stats.norm.ppf from 1e-300 to 1 - 1e-10, at
 * most 1.13e-9; for the z of levels 0.5 to 0.9999, an absolute error below 4e-9).
 */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  let x: number;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else if (p <= 1 - lo) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  return x;
}

export interface Interval {
  lo: number;
  hi: number;
}

/**
 * Wilson score interval for k successes in n trials. n = 0 gives [0, 1]. At k = 0 the
 * lower bound is exactly 0 and at k = n the upper bound exactly 1 (the closed form's
 * center - half and center + half round to 1.4e-20 for 0 of 20,000 and to 1 - 1.1e-16 for
 * 1 of 1 at level 0.8, an interval that leaves out its own estimate).
 */
export function wilson(k: number, n: number, level = 0.95): Interval {
  if (n <= 0) return { lo: 0, hi: 1 };
  const z = zFor(level);
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { lo: k <= 0 ? 0 : clamp01(center - half), hi: k >= n ? 1 : clamp01(center + half) };
}

/**
 * Paired binary outcomes (x1_i, x2_i): CI for p1 - p2 by Newcombe's hybrid
 * score method (Newcombe 1998, method 10), built from the two Wilson intervals
 * and the correlation of the pairs. Counts: a = both 1, b = x1 only, c = x2 only, d = neither.
 */
export function newcombePaired(a: number, b: number, c: number, d: number, level = 0.95): Interval & { diff: number } {
  const n = a + b + c + d;
  if (n === 0) return { diff: 0, lo: -1, hi: 1 };
  const p1 = (a + b) / n;
  const p2 = (a + c) / n;
  const w1 = wilson(a + b, n, level);
  const w2 = wilson(a + c, n, level);
  // Newcombe's correlation estimate: ad - bc, less n/2 when it is positive (0 when that would
  // go below 0), over the square root of the margins' product (0 when a margin is 0).
  const denom = (a + b) * (c + d) * (a + c) * (b + d);
  const cross = a * d - b * c;
  const phi = denom > 0 ? (cross > n / 2 ? cross - n / 2 : cross < 0 ? cross : 0) / Math.sqrt(denom) : 0;
  const dl1 = p1 - w1.lo;
  const du1 = w1.hi - p1;
  const dl2 = p2 - w2.lo;
  const du2 = w2.hi - p2;
  const delta = Math.sqrt(Math.max(0, dl1 * dl1 - 2 * phi * dl1 * du2 + du2 * du2));
  const eps = Math.sqrt(Math.max(0, du1 * du1 - 2 * phi * du1 * dl2 + dl2 * dl2));
  const diff = p1 - p2;
  return { diff, lo: Math.max(-1, diff - delta), hi: Math.min(1, diff + eps) };
}

/**
 * Seeded percentile bootstrap over `n` units: `stat(indices)` gets a resample
 * of unit indices and returns the statistic (NaN results are skipped).
 */
export function bootstrapCI(n: number, stat: (indices: number[]) => number, opts: { seed: number; reps?: number; level?: number }): Interval {
  const reps = opts.reps ?? 2000;
  const level = opts.level ?? 0.95;
  if (n === 0) return { lo: NaN, hi: NaN };
  const rand = mulberry32(opts.seed);
  const values: number[] = [];
  const idx = new Array<number>(n);
  for (let r = 0; r < reps; r++) {
    for (let i = 0; i < n; i++) idx[i] = Math.floor(rand() * n);
    const v = stat(idx);
    if (Number.isFinite(v)) values.push(v);
  }
  if (values.length === 0) return { lo: NaN, hi: NaN };
  values.sort((x, y) => x - y);
  const alpha = 1 - level;
  return { lo: quantileSorted(values, alpha / 2), hi: quantileSorted(values, 1 - alpha / 2) };
}

/** Linear-interpolated quantile of an ascending array. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Population standard deviation. */
export function stddev(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) * (x - m), 0) / xs.length);
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}
