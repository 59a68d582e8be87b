/**
 * Exact tail probabilities for counts. Used by the few-shot structure rules
 * (is this letter or label over-represented?) and by the audit.
 */

/**
 * Distribution of the number of successes in independent Bernoulli trials with
 * probabilities `ps` (Poisson-binomial), computed exactly by dynamic programming.
 * Returns pmf[k] for k = 0..ps.length.
 */
export function poissonBinomialPmf(ps: readonly number[]): Float64Array {
  const pmf = new Float64Array(ps.length + 1);
  pmf[0] = 1;
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i]!;
    for (let k = i + 1; k >= 1; k--) pmf[k] = pmf[k]! * (1 - p) + pmf[k - 1]! * p;
    pmf[0] = pmf[0]! * (1 - p);
  }
  return pmf;
}

/** P(X >= k) for X ~ Poisson-binomial(ps). */
export function poissonBinomialUpperTail(ps: readonly number[], k: number): number {
  if (k <= 0) return 1;
  if (k > ps.length) return 0;
  const pmf = poissonBinomialPmf(ps);
  let sum = 0;
  for (let i = k; i < pmf.length; i++) sum += pmf[i]!;
  return Math.min(1, sum);
}

/** P(X >= k) for X ~ Binomial(n, p). */
export function binomialUpperTail(n: number, p: number, k: number): number {
  return poissonBinomialUpperTail(new Array<number>(n).fill(p), k);
}

/** Bonferroni correction for m comparisons. */
export function bonferroni(p: number, m: number): number {
  return Math.min(1, p * Math.max(1, m));
}
