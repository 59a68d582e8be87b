/**
 * Binomial tails for large n. `exact.ts`'s `binomialUpperTail` builds the full
 * Poisson-binomial table (O(n^2)); for a dataset with thousands of exemplars
 * that is too slow inside a lint pass. This sums the binomial pmf from k to n
 * in log space: O(n) time, O(1) memory, and agrees with the table to ~1e-12.
 */

/** P(X >= k) for X ~ Binomial(n, p). */
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
