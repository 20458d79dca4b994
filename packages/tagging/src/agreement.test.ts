/**
 * Agreement statistics against values worked out by hand (arithmetic in the comments; nothing here was copied from
 * the code's output). Cells: p11 = tp/n (both yes), p12 = fn/n (human yes, machine no), p21 = fp/n (human no,
 * machine yes), p22 = tn/n. Rows are the human coder, columns the machine.
 * SE formula (Fleiss, Cohen & Everitt 1969): Var = (A + B − C) / (n (1 − pe)²) with
 *   A = Σ p_ii [1 − (p_i. + p_.i)(1 − κ)]², B = (1 − κ)² Σ_{i≠j} p_ij (p_.i + p_j.)², C = [κ − pe (1 − κ)]².
 */
import { describe, expect, it } from 'vitest';
import { addPair, agreementStats, emptyConfusion, kappaStandardError, score, type Confusion } from './agreement.js';

const Z = 1.959963984540054;

function table(tp: number, fp: number, fn: number, tn: number): Confusion {
  const c = emptyConfusion();
  for (const [g, p, k] of [[true, true, tp], [false, true, fp], [true, false, fn], [false, false, tn]] as const) for (let i = 0; i < k; i++) addPair(c, g, p);
  return c;
}

describe('agreementStats', () => {
  it('tp 20, fp 5, fn 10, tn 15 (n 50)', () => {
    // p11 .4, p12 .2, p21 .1, p22 .3; human marginals .6/.4, machine .5/.5.
    // po = .7; pe = .6·.5 + .4·.5 = .5; κ = (.7 − .5)/(1 − .5) = .4; 1 − κ = .6.
    // A = .4·[1 − (.6+.5)·.6]² + .3·[1 − (.4+.5)·.6]² = .4·.34² + .3·.46² = .04624 + .06348 = .10972
    // B = .36·(.2·(.5+.4)² + .1·(.5+.6)²) = .36·(.162 + .121) = .36·.283 = .10188
    // C = (.4 − .5·.6)² = .01
    // Var = (.10972 + .10188 − .01)/(50·.25) = .2016/12.5 = .016128; SE = √.016128 = .126996
    // CI = .4 ± 1.96·.126996 = .4 ± .248910 → [.151090, .648910]; PABAK = 2·.7 − 1 = .4
    // P = 20/25 = .8; R = 20/30 = .6667; F1 = 2·.8·.6667/(.8 + .6667) = .72727
    const s = agreementStats(table(20, 5, 10, 15));
    expect(s.n).toBe(50);
    expect(s.confusion).toEqual({ tp: 20, fp: 5, fn: 10, tn: 15 });
    expect(s.po).toBeCloseTo(0.7, 10);
    expect(s.pe).toBeCloseTo(0.5, 10);
    expect(s.kappa).toBeCloseTo(0.4, 10);
    expect(s.kappaSE).toBeCloseTo(Math.sqrt(0.016128), 10);
    expect(s.kappaSE).toBeCloseTo(0.126996, 5);
    expect(s.kappaCI95!.lower).toBeCloseTo(0.4 - Z * Math.sqrt(0.016128), 10);
    expect(s.kappaCI95!.lower).toBeCloseTo(0.15109, 4);
    expect(s.kappaCI95!.upper).toBeCloseTo(0.64891, 4);
    expect(s.pabak).toBeCloseTo(0.4, 10);
    expect(s.precision).toBeCloseTo(0.8, 10);
    expect(s.recall).toBeCloseTo(2 / 3, 10);
    expect(s.f1).toBeCloseTo(0.72727, 5);
  });

  it('tp 4, fp 1, fn 0, tn 5 (n 10): the interval is clipped at 1', () => {
    // p11 .4, p12 0, p21 .1, p22 .5; human .4/.6, machine .5/.5.
    // po = .9; pe = .4·.5 + .6·.5 = .5; κ = .4/.5 = .8; 1 − κ = .2.
    // A = .4·[1 − .9·.2]² + .5·[1 − 1.1·.2]² = .4·.82² + .5·.78² = .26896 + .3042 = .57316
    // B = .04·(0 + .1·(.5 + .4)²) = .04·.081 = .00324
    // C = (.8 − .5·.2)² = .49
    // Var = (.57316 + .00324 − .49)/(10·.25) = .0864/2.5 = .03456; SE = .185903
    // CI = .8 ± 1.96·.185903 = .8 ± .364364 → [.435636, 1.164 → 1]; PABAK = .8
    // P = 4/5 = .8; R = 4/4 = 1; F1 = 1.6/1.8 = .88889
    const s = agreementStats(table(4, 1, 0, 5));
    expect(s.kappa).toBeCloseTo(0.8, 10);
    expect(s.kappaSE).toBeCloseTo(Math.sqrt(0.03456), 10);
    expect(s.kappaCI95!.lower).toBeCloseTo(0.435636, 5);
    expect(s.kappaCI95!.upper).toBe(1);
    expect(s.pabak).toBeCloseTo(0.8, 10);
    expect(s.precision).toBeCloseTo(0.8, 10);
    expect(s.recall).toBe(1);
    expect(s.f1).toBeCloseTo(0.888889, 5);
  });

  it('tp 1, fp 3, fn 3, tn 1 (n 8): worse than chance, clipped at −1', () => {
    // p11 .125, p12 .375, p21 .375, p22 .125; both raters .5/.5.
    // po = .25; pe = .5; κ = (.25 − .5)/.5 = −.5; 1 − κ = 1.5.
    // A = .125·[1 − 1·1.5]² · 2 = .125·.25·2 = .0625
    // B = 2.25·(.375·1² + .375·1²) = 2.25·.75 = 1.6875
    // C = (−.5 − .5·1.5)² = 1.5625
    // Var = (.0625 + 1.6875 − 1.5625)/(8·.25) = .1875/2 = .09375; SE = .306186
    // CI = −.5 ± 1.96·.306186 = −.5 ± .600114 → [−1.100 → −1, .100114]; PABAK = 2·.25 − 1 = −.5
    const s = agreementStats(table(1, 3, 3, 1));
    expect(s.kappa).toBeCloseTo(-0.5, 10);
    expect(s.kappaSE).toBeCloseTo(Math.sqrt(0.09375), 10);
    expect(s.kappaCI95).toEqual({ lower: -1, upper: expect.closeTo(0.100114, 5) });
    expect(s.pabak).toBeCloseTo(-0.5, 10);
    expect(s.f1).toBeCloseTo(0.25, 10);
  });

  it('perfect agreement on both classes: κ 1 with a zero-width interval', () => {
    // tp 3, tn 2: po = 1, pe = .6·.6 + .4·.4 = .52, κ = 1, 1 − κ = 0.
    // A = .6·1 + .4·1 = 1; B = 0; C = (1 − 0)² = 1 → Var = 0.
    const s = agreementStats(table(3, 0, 0, 2));
    expect(s.kappa).toBe(1);
    expect(s.kappaSE).toBeCloseTo(0, 12);
    expect(s.kappaCI95!.lower).toBeCloseTo(1, 10);
    expect(s.kappaCI95!.upper).toBe(1);
    expect(s.pabak).toBe(1);
  });

  it('one class only (pe = 1): κ 1 by convention, no standard error or interval', () => {
    // tn 6: both coders said "no" to everything; pe = 0·0 + 1·1 = 1, so κ is 0/0. PABAK = 2·1 − 1 = 1.
    const s = agreementStats(table(0, 0, 0, 6));
    expect(s).toMatchObject({ n: 6, kappa: 1, po: 1, pe: 1, kappaSE: null, kappaCI95: null, pabak: 1, precision: 1, recall: 1 });
    expect(kappaStandardError(table(0, 0, 0, 6))).toBeNull();
  });

  it('nothing coded: n 0 and every rate that needs items is null', () => {
    expect(agreementStats(emptyConfusion())).toEqual({
      n: 0, kappa: 0, precision: 1, recall: 1, f1: 1, confusion: { tp: 0, fp: 0, fn: 0, tn: 0 },
      po: null, pe: null, kappaSE: null, kappaCI95: null, pabak: null,
    });
  });

  it('extends score(): the shared keys are identical', () => {
    const c = table(7, 2, 3, 11);
    const s = agreementStats(c);
    expect({ n: s.n, kappa: s.kappa, precision: s.precision, recall: s.recall, f1: s.f1, confusion: s.confusion }).toEqual(score(c));
  });
});
