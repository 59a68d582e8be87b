import { describe, expect, it } from 'vitest';
import { binomialTwoSidedHalf, binomialUpperTailLinear, poissonBinomialUpperTail } from '../../server/src/stats/exact.js';

describe('binomialUpperTailLinear', () => {
  it('matches the exact Poisson-binomial table', () => {
    for (const n of [1, 2, 5, 10, 30, 100, 400]) {
      for (const p of [0.01, 0.1, 0.25, 0.5, 0.9]) {
        for (let k = -1; k <= n + 1; k += Math.max(1, Math.floor(n / 13))) {
          const a = binomialUpperTailLinear(n, p, k);
          const b = poissonBinomialUpperTail(new Array<number>(n).fill(p), k);
          expect(Math.abs(a - b)).toBeLessThan(1e-9);
        }
      }
    }
  });

  it('handles large n in linear time', () => {
    expect(binomialUpperTailLinear(100000, 0.5, 60000)).toBe(0);
    expect(binomialUpperTailLinear(100000, 0.5, 50000)).toBeCloseTo(0.5013, 3);
    expect(binomialTwoSidedHalf(6, 6)).toBeCloseTo(2 / 64, 12);
    expect(binomialTwoSidedHalf(6, 0)).toBeCloseTo(2 / 64, 12);
    expect(binomialTwoSidedHalf(4, 2)).toBe(1);
  });
});
