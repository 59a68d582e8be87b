import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { bootstrapCI, newcombePaired, normalQuantile, wilson } from '../../server/src/stats/intervals.js';
import { hashSeed, mulberry32 } from '../../server/src/stats/random.js';

describe('intervals', () => {
  test('normal quantile', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.005)).toBeCloseTo(-2.575829, 5);
  });

  test('Wilson interval: Newcombe (1998) example 81/263', () => {
    const ci = wilson(81, 263);
    expect(ci.lo).toBeCloseTo(0.2553, 4);
    expect(ci.hi).toBeCloseTo(0.3662, 4);
  });

  test('Wilson interval edge cases', () => {
    expect(wilson(0, 0)).toEqual({ lo: 0, hi: 1 });
    expect(wilson(0, 10).lo).toBe(0);
    expect(wilson(10, 10).hi).toBe(1);
    expect(wilson(0, 10).hi).toBeCloseTo(0.2775, 4);
  });

  test('Newcombe paired interval covers the true difference about 95% of the time (simulated correlated pairs)', () => {
    const rand = mulberry32(hashSeed('paired'));
    // Cell probabilities: both 0.3, x only 0.25, y only 0.05, neither 0.4 -> true difference 0.2.
    let covered = 0;
    const trials = 2000;
    for (let t = 0; t < trials; t++) {
      const cells = [0, 0, 0, 0];
      for (let i = 0; i < 50; i++) {
        const u = rand();
        cells[u < 0.3 ? 0 : u < 0.55 ? 1 : u < 0.6 ? 2 : 3]!++;
      }
      const r = newcombePaired(cells[0]!, cells[1]!, cells[2]!, cells[3]!);
      if (r.lo <= 0.2 && 0.2 <= r.hi) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.92);
    expect(covered / trials).toBeLessThan(0.99);
  });

  test('Newcombe paired interval: identical answers give an interval around 0', () => {
    const r = newcombePaired(10, 0, 0, 30);
    expect(r.diff).toBe(0);
    expect(r.lo).toBeLessThan(0);
    expect(r.hi).toBeGreaterThan(0);
  });

  test('Newcombe interval contains the difference and stays in [-1, 1]', () => {
    fc.assert(
      fc.property(fc.nat(30), fc.nat(30), fc.nat(30), fc.nat(30), (a, b, c, d) => {
        fc.pre(a + b + c + d > 0);
        const r = newcombePaired(a, b, c, d);
        return r.lo <= r.diff + 1e-12 && r.diff <= r.hi + 1e-12 && r.lo >= -1 && r.hi <= 1;
      }),
    );
  });

  test('bootstrap is reproducible for a seed and brackets the statistic', () => {
    const xs = Array.from({ length: 50 }, (_, i) => (i % 5) / 4);
    const mean = (idx: number[]) => idx.reduce((s, i) => s + xs[i]!, 0) / idx.length;
    const a = bootstrapCI(xs.length, mean, { seed: 7 });
    const b = bootstrapCI(xs.length, mean, { seed: 7 });
    expect(a).toEqual(b);
    expect(a.lo).toBeLessThan(0.5);
    expect(a.hi).toBeGreaterThan(0.5);
  });

  test('Wilson 95% intervals cover the truth about 95% of the time', () => {
    const rand = mulberry32(hashSeed('coverage'));
    let covered = 0;
    const trials = 2000;
    for (let t = 0; t < trials; t++) {
      let k = 0;
      for (let i = 0; i < 40; i++) if (rand() < 0.3) k++;
      const ci = wilson(k, 40);
      if (ci.lo <= 0.3 && 0.3 <= ci.hi) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.92);
    expect(covered / trials).toBeLessThan(0.985);
  });
});
