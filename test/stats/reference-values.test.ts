/**
 * Every statistic in server/src/stats against reference values from SciPy 1.17.1 / NumPy 2.4
 * (computed once with python3, pasted here; CI does not need python). Each table names the
 * call that produced it; each test states its tolerance and why.
 */
import { describe, expect, it } from 'vitest';
import { binomialTwoSidedHalf, binomialUpperTail, binomialUpperTailLinear, bonferroni, poissonBinomialPmf, poissonBinomialUpperTail } from '../../server/src/stats/exact.js';
import { newcombePaired, normalQuantile, quantileSorted, stddev, wilson, zFor } from '../../server/src/stats/intervals.js';
import { oddsRatio } from '../../server/src/stats/odds.js';
import { countUpperTail } from '../../server/src/rules/shared/fewshot.js';

const relErr = (x: number, ref: number) => (x === ref ? 0 : Math.abs(x - ref) / Math.abs(ref));

describe('binomial tails against scipy', () => {
  // [n, p, k, scipy.stats.binom.sf(k - 1, n, p)] = P(X >= k)
  const tails: [number, number, number, number][] = [
    [10, 0.5, 8, 0.0546875],
    [30, 0.1, 1, 0.9576088417247838],
    [30, 0.1, 10, 0.0004543551149053831],
    [400, 0.25, 130, 0.0004524305519860247],
    [1000, 0.25, 500, 1.2814285436213035e-64],
    [1000, 0.01, 1, 0.9999568287525893],
    [20000, 0.5, 10500, 8.005546700793882e-13],
    [20000, 0.25, 5446, 2.8490258683347595e-13],
    [20000, 0.25, 5001, 0.4961998550044615],
    [20000, 0.5, 9900, 0.922383862735896],
    [20000, 0.5, 11000, 9.770413852912744e-46],
    [20000, 1e-9, 1, 1.999980001133313e-5],
  ];

  it('binomialUpperTailLinear: relative error < 1e-9 (measured: 7e-11 at n = 20,000), no underflow to 0', () => {
    for (const [n, p, k, ref] of tails) {
      const v = binomialUpperTailLinear(n, p, k);
      expect(v).toBeGreaterThan(0);
      expect(relErr(v, ref), `${n} ${p} ${k}`).toBeLessThan(1e-9);
    }
  });

  it('binomialUpperTail (exact table, n <= 1,000): relative error < 1e-12', () => {
    for (const [n, p, k, ref] of tails) if (n <= 1000) expect(relErr(binomialUpperTail(n, p, k), ref), `${n} ${p} ${k}`).toBeLessThan(1e-12);
  });

  it('edges: k <= 0 is 1, k > n is 0, p = 0 and p = 1, n = 0', () => {
    for (const f of [binomialUpperTailLinear, binomialUpperTail]) {
      expect(f(10, 0.3, 0)).toBe(1);
      expect(f(10, 0.3, -1)).toBe(1);
      expect(f(10, 0.3, 11)).toBe(0);
      expect(f(0, 0.3, 0)).toBe(1);
      expect(f(0, 0.3, 1)).toBe(0);
      expect(f(10, 0, 1)).toBe(0);
      expect(f(10, 1, 10)).toBe(1);
      // k = n: p^n (scipy.stats.binom.sf(9, 10, 0.3) = 5.9049e-06)
      expect(relErr(f(10, 0.3, 10), 5.9049e-6)).toBeLessThan(1e-12);
    }
  });

  it('binomialTwoSidedHalf matches scipy.stats.binomtest(k, n, 0.5).pvalue (relative error < 1e-9)', () => {
    // [n, k, scipy.stats.binomtest(k, n, 0.5).pvalue]
    const two: [number, number, number][] = [
      [6, 6, 0.03125],
      [6, 0, 0.03125],
      [20, 15, 0.04138946533203125],
      [20, 5, 0.04138946533203125],
      [7, 3, 1.0],
      [7, 4, 1.0],
      [101, 70, 0.0001308223106691452],
      [20000, 10500, 1.6011093401587764e-12],
      [20000, 9500, 1.6011093401587764e-12],
      [1, 1, 1.0],
    ];
    for (const [n, k, ref] of two) expect(relErr(binomialTwoSidedHalf(n, k), ref), `${n} ${k}`).toBeLessThan(1e-9);
    expect(binomialTwoSidedHalf(0, 0)).toBe(1);
  });

  it('Poisson-binomial pmf and tails match numpy.convolve of the Bernoulli pmfs (absolute error < 1e-15)', () => {
    // functools.reduce(numpy.convolve, [[1 - p, p] for p in (0.1, 0.5, 0.9, 0.25)])
    const ref = [0.033749999999999995, 0.3525, 0.455, 0.14750000000000002, 0.011250000000000001];
    const ps = [0.1, 0.5, 0.9, 0.25];
    const pmf = poissonBinomialPmf(ps);
    for (let k = 0; k < ref.length; k++) expect(Math.abs(pmf[k]! - ref[k]!)).toBeLessThan(1e-15);
    for (let k = 0; k <= ps.length + 1; k++) {
      const tail = k <= 0 ? 1 : ref.slice(k).reduce((s, x) => s + x, 0);
      expect(Math.abs(poissonBinomialUpperTail(ps, k) - tail)).toBeLessThan(1e-15);
    }
  });

  it('countUpperTail above 1,000 trials (normal approximation) is within the documented 1e-3 of scipy.stats.binom.sf', () => {
    // [n, p, k, scipy.stats.binom.sf(k - 1, n, p)]
    const cut: [number, number, number, number][] = [
      [1001, 0.25, 280, 0.01722456084809716],
      [2000, 0.5, 1049, 0.01502916195126311],
      [20000, 0.25, 5200, 0.0005872162957183871],
      [20000, 0.25, 5446, 2.8490258683347595e-13],
      [1500, 1 / 3, 560, 0.000614504524639342],
    ];
    for (const [n, p, k, ref] of cut) expect(Math.abs(countUpperTail(new Array<number>(n).fill(p), k) - ref), `${n} ${p} ${k}`).toBeLessThan(1e-3);
  });

  it('bonferroni: p * m capped at 1, m < 1 treated as 1', () => {
    expect(bonferroni(0.01, 4)).toBe(0.04);
    expect(bonferroni(0.3, 4)).toBe(1);
    expect(bonferroni(0.01, 0)).toBe(0.01);
    expect(bonferroni(1e-320, 4)).toBeGreaterThan(0);
  });
});

describe('normal quantile against scipy.stats.norm.ppf', () => {
  it('normalQuantile: relative error < 1.2e-9 (Acklam, no refinement step), infinite at 0 and 1', () => {
    // [p, scipy.stats.norm.ppf(p)]
    const nq: [number, number][] = [
      [1e-300, -37.0470962993612],
      [1e-10, -6.361340902404056],
      [0.001, -3.090232306167813],
      [0.01, -2.3263478740408408],
      [0.02425, -1.972961051311885],
      [0.3, -0.5244005127080409],
      [0.9, 1.2815515655446004],
      [0.975, 1.959963984540054],
      [0.995, 2.5758293035489004],
      [0.9999999999, 6.361340889697422],
    ];
    for (const [p, ref] of nq) expect(relErr(normalQuantile(p), ref), `${p}`).toBeLessThan(1.2e-9);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
  });

  it('zFor(level): absolute error < 4e-9 for levels 0.5 to 0.9975', () => {
    // [level, scipy.stats.norm.ppf(1 - (1 - level) / 2)]
    const z: [number, number][] = [
      [0.5, 0.6744897501960817],
      [0.8, 1.2815515655446004],
      [0.9, 1.6448536269514722],
      [0.95, 1.959963984540054],
      [0.99, 2.5758293035489004],
      [0.999, 3.2905267314919255],
      [0.9975, 3.023341439739154], // 1 - 0.05/20: the early-stopping level with 20 looks
    ];
    for (const [level, ref] of z) expect(Math.abs(zFor(level) - ref), `${level}`).toBeLessThan(4e-9);
  });
});

describe('intervals against scipy', () => {
  it('wilson matches scipy.stats.binomtest(k, n).proportion_ci(level, "wilson") (absolute error < 1e-8)', () => {
    // [k, n, level, lo, hi]
    const ws: [number, number, number, number, number][] = [
      [81, 263, 0.95, 0.2552885198782742, 0.36620957698280004],
      [3, 10, 0.9, 0.1268765839031979, 0.5583002041301649],
      [15, 148, 0.99, 0.05364486961396485, 0.18326735011315254],
      [10000, 20000, 0.999, 0.4883693790293987, 0.5116306209706013],
      [5, 7, 0.8, 0.47246281655659694, 0.8746640094625457],
      [0, 10, 0.99, 0.0, 0.39885409330490806],
      [1, 1, 0.8, 0.3784475032253529, 1.0],
      [0, 20000, 0.95, 0.0, 0.00019203605610462553],
      [20000, 20000, 0.95, 0.9998079639438954, 1.0],
    ];
    for (const [k, n, level, lo, hi] of ws) {
      const ci = wilson(k, n, level);
      expect(Math.abs(ci.lo - lo), `${k}/${n} ${level}`).toBeLessThan(1e-8);
      expect(Math.abs(ci.hi - hi), `${k}/${n} ${level}`).toBeLessThan(1e-8);
    }
  });

  it('wilson at k = 0 and k = n contains its estimate: lo exactly 0, hi exactly 1, at any level', () => {
    // The closed form gave lo = 1.4e-20 for 0 of 20,000 and hi = 1 - 1.1e-16 for 1 of 1 at 0.8.
    for (const level of [0.8, 0.9, 0.95, 0.99, 0.999]) {
      for (const n of [1, 2, 10, 263, 20000]) {
        expect(wilson(0, n, level).lo, `0/${n} ${level}`).toBe(0);
        expect(wilson(n, n, level).hi, `${n}/${n} ${level}`).toBe(1);
      }
    }
  });

  it('newcombePaired matches the method-10 formula computed in python from scipy Wilson limits (absolute error < 1e-8)', () => {
    // [a, b, c, d, level, diff, lo, hi]: p1 = (a+b)/n, p2 = (a+c)/n, (l1, u1), (l2, u2) =
    // scipy.stats.binomtest(a+b | a+c, n).proportion_ci(level, 'wilson'), phi = C/sqrt((a+b)(c+d)(a+c)(b+d))
    // (0 when that is 0) with C = ad - bc - n/2 when ad - bc > n/2, 0 when 0 <= ad - bc <= n/2, else ad - bc
    // (Newcombe's correction, as in Fagerland et al.'s Newcombe_square_and_add_CI_paired_2x2), lo = diff - sqrt((p1-l1)^2 - 2 phi (p1-l1)(u2-p2) + (u2-p2)^2),
    // hi = diff + sqrt((u1-p1)^2 - 2 phi (u1-p1)(p2-l2) + (p2-l2)^2), clipped to [-1, 1].
    const nc: [number, number, number, number, number, number, number, number][] = [
      [36, 12, 2, 0, 0.95, 0.19999999999999996, 0.05692958400323875, 0.3404276029749408],
      [12, 7, 3, 28, 0.95, 0.08000000000000002, -0.04740261075731467, 0.2037498560286588],
      [12, 7, 3, 28, 0.9, 0.08000000000000002, -0.027316192202583398, 0.1847110922707768],
      [12, 7, 3, 28, 0.99, 0.08000000000000002, -0.08569659049000913, 0.23958080833544063],
      [100, 30, 10, 860, 0.95, 0.020000000000000004, 0.007477357589467973, 0.03306872911657713],
      [2, 2, 2, 2, 0.95, 0.0, -0.4027453071631501, 0.4027453071631501],
      [0, 5, 0, 0, 0.95, 1.0, 0.38554900569034356, 1.0],
      [10, 0, 0, 30, 0.95, 0.0, -0.06410870673337785, 0.06410870673337785],
      [5000, 3000, 1000, 11000, 0.99, 0.10000000000000003, 0.09205090921560655, 0.10793011986938339],
      // Fagerland et al.'s two examples (Cavo et al. 2012; Bentur et al. 2009), and ad - bc = 10 <= n/2 (phi = 0).
      [59, 6, 16, 80, 0.95, -0.06211180124223603, -0.11862119563870996, -0.00462511393305004],
      [1, 1, 7, 12, 0.95, -0.2857142857142857, -0.506920226686141, -0.025559124164859837],
      [3, 2, 1, 4, 0.95, 0.09999999999999998, -0.24791064308808575, 0.4133603896105389],
    ];
    for (const [a, b, c, d, level, diff, lo, hi] of nc) {
      const r = newcombePaired(a, b, c, d, level);
      expect(Math.abs(r.diff - diff)).toBeLessThan(1e-12);
      expect(Math.abs(r.lo - lo), `${a} ${b} ${c} ${d} ${level}`).toBeLessThan(1e-8);
      expect(Math.abs(r.hi - hi), `${a} ${b} ${c} ${d} ${level}`).toBeLessThan(1e-8);
    }
    expect(newcombePaired(0, 0, 0, 0)).toEqual({ diff: 0, lo: -1, hi: 1 });
  });

  it('oddsRatio matches scipy.stats.contingency.odds_ratio(kind="sample").confidence_interval(level) (Woolf log-Wald; relative error < 1e-7)', () => {
    // [a, b, c, d, level, OR, lo, hi]
    const ors: [number, number, number, number, number, number, number, number][] = [
      [10, 5, 3, 12, 0.95, 8.0, 1.522282953800136, 42.04211828046436],
      [20, 1, 1, 20, 0.9, 400.0, 36.8864836449656, 4337.632221602052],
      [1000, 900, 800, 1200, 0.99, 1.6666666666666667, 1.4105832165189631, 1.9692406270314045],
      [1, 1, 1, 1, 0.95, 1.0, 0.01984252396814992, 50.3968145184122],
    ];
    for (const [a, b, c, d, level, or, lo, hi] of ors) {
      const r = oddsRatio(a, b, c, d, level);
      expect(r.corrected).toBe(false);
      expect(relErr(r.oddsRatio, or)).toBeLessThan(1e-12);
      expect(relErr(r.lo, lo), `${a} ${b} ${c} ${d}`).toBeLessThan(1e-7);
      expect(relErr(r.hi, hi), `${a} ${b} ${c} ${d}`).toBeLessThan(1e-7);
    }
  });

  it('oddsRatio with a zero cell: Haldane-Anscombe (0.5 added to every cell), finite and containing its estimate', () => {
    // OR = scipy.stats.contingency.odds_ratio([[2a+1, 2b+1], [2c+1, 2d+1]], kind='sample').statistic (the
    // 0.5-added table doubled: scipy takes integers), interval exp(log OR -/+ scipy.stats.norm.ppf(1 - (1 - level)/2)
    // * sqrt(sum of 1/(cell + 0.5))).
    const orh: [number, number, number, number, number, number, number, number][] = [
      [0, 5, 3, 12, 0.95, 0.3246753246753247, 0.014218285537277947, 7.4139787231484116],
      [7, 0, 0, 7, 0.9, 225.0, 7.527066267610829, 6725.727952979603],
      [0, 0, 0, 0, 0.95, 1.0, 0.0039123569057351645, 255.60040254356386],
      [0, 0, 3, 12, 0.99, 3.5714285714285716, 0.01642341487688218, 776.6412854107815],
    ];
    for (const [a, b, c, d, level, or, lo, hi] of orh) {
      const r = oddsRatio(a, b, c, d, level);
      expect(r.corrected).toBe(true);
      expect(relErr(r.oddsRatio, or)).toBeLessThan(1e-12);
      expect(relErr(r.lo, lo), `${a} ${b} ${c} ${d}`).toBeLessThan(1e-7);
      expect(relErr(r.hi, hi), `${a} ${b} ${c} ${d}`).toBeLessThan(1e-7);
      expect(r.lo).toBeLessThanOrEqual(r.oddsRatio);
      expect(r.oddsRatio).toBeLessThanOrEqual(r.hi);
    }
  });

  it('quantileSorted is numpy.quantile(method="linear"); stddev is numpy.std (ddof = 0)', () => {
    const xs = [1, 1, 2, 3, 4, 5, 6, 9];
    // [q, numpy.quantile([1, 1, 2, 3, 4, 5, 6, 9], q, method='linear')]
    const qs: [number, number][] = [
      [0, 1.0],
      [0.025, 1.0],
      [0.1, 1.0],
      [0.5, 3.5],
      [0.9, 6.8999999999999995],
      [0.975, 8.475000000000001],
      [1, 9.0],
    ];
    for (const [q, ref] of qs) expect(Math.abs(quantileSorted(xs, q) - ref)).toBeLessThan(1e-12);
    expect(quantileSorted([], 0.5)).toBeNaN();
    // numpy.std([1, 1, 2, 3, 4, 5, 6, 9])
    expect(Math.abs(stddev(xs) - 2.5708704751503917)).toBeLessThan(1e-12);
    expect(stddev([])).toBeNaN();
  });
});
