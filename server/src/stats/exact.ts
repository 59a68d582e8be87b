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

/**
 * P(X >= k) for X ~ Binomial(n, p) in O(n) time and O(1) memory: the pmf summed
 * from k to n in log space. `binomialUpperTail` builds the full table (O(n^2)),
 * too slow for datasets of thousands of exemplars inside a lint pass; the two
 * agree to ~1e-12.
 */
export function binomialUpperTailLinear(n: number, p: number, k: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  // log C(n, k) = sum_{j=1..k} log((n - k + j) / j)
  let logC = 0;
  for (let j = 1; j <= k; j++) logC += Math.log((n - k + j) / j);
  let logTerm = logC + k * lp + (n - k) * lq;
  let sum = 0;
  for (let i = k; i <= n; i++) {
    sum += Math.exp(logTerm);
    // C(n, i + 1) / C(n, i) = (n - i) / (i + 1)
    if (i < n) logTerm += Math.log((n - i) / (i + 1)) + lp - lq;
  }
  return Math.min(1, sum);
}

/** Two-sided p-value of k successes (the larger count) in n trials against p = 0.5. */
export function binomialTwoSidedHalf(n: number, k: number): number {
  const hi = Math.max(k, n - k);
  return Math.min(1, 2 * binomialUpperTailLinear(n, 0.5, hi));
}
