/**
 * Odds ratio of a 2x2 table with a Wald confidence interval on the log scale.
 * When any cell is zero, 0.5 is added to every cell (Haldane-Anscombe correction)
 * so the ratio and its interval stay finite.
 */
import { zFor } from './intervals.js';

export interface OddsRatio {
  /** Point estimate (after correction, if applied). */
  oddsRatio: number;
  lo: number;
  hi: number;
  logOddsRatio: number;
  se: number;
  /** Whether the Haldane-Anscombe correction was applied. */
  corrected: boolean;
  level: number;
}

/**
 * Table:      col1  col2
 *     row1      a     b
 *     row2      c     d
 * OR = (a * d) / (b * c).
 */
export function oddsRatio(a: number, b: number, c: number, d: number, level = 0.95): OddsRatio {
  const corrected = a === 0 || b === 0 || c === 0 || d === 0;
  const k = corrected ? 0.5 : 0;
  const [A, B, C, D] = [a + k, b + k, c + k, d + k];
  const log = Math.log(A) + Math.log(D) - Math.log(B) - Math.log(C);
  const se = Math.sqrt(1 / A + 1 / B + 1 / C + 1 / D);
  const z = zFor(level);
  return { oddsRatio: Math.exp(log), lo: Math.exp(log - z * se), hi: Math.exp(log + z * se), logOddsRatio: log, se, corrected, level };
}
