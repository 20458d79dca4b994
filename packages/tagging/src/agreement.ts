/**
 * Agreement between tagger output and human codes: confusion counts, precision, recall, F1, Cohen's κ with a 95 %
 * confidence interval, and PABAK. One implementation, used by `dyadic eval`, `dyadic agreement`, the API's agreement
 * report and the tests. The human code is the reference ("gold"): tp = both yes, fp = machine yes / human no,
 * fn = machine no / human yes, tn = both no. κ, its interval and PABAK are symmetric in the two raters.
 */
export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface AgreementScore {
  n: number;
  kappa: number;
  precision: number;
  recall: number;
  f1: number;
  confusion: Confusion;
}

/** `score()` plus the statistics a reliability report needs; a superset, so it can stand wherever a score is read. */
export interface AgreementStats extends AgreementScore {
  /** Observed agreement (tp + tn) / n; null when n = 0. */
  po: number | null;
  /** Agreement expected by chance from the two raters' marginals; null when n = 0. */
  pe: number | null;
  /** Large-sample standard error of κ (Fleiss, Cohen & Everitt 1969); null when undefined (n = 0 or pe = 1). */
  kappaSE: number | null;
  /** Wald 95 % interval κ ± 1.96·SE, clipped to [−1, 1]; null when the SE is undefined. */
  kappaCI95: { lower: number; upper: number } | null;
  /** Prevalence- and bias-adjusted κ (Byrt, Bishop & Carlin 1993): 2·po − 1; null when n = 0. */
  pabak: number | null;
}

export function emptyConfusion(): Confusion {
  return { tp: 0, fp: 0, fn: 0, tn: 0 };
}

export function addPair(c: Confusion, gold: boolean, predicted: boolean): void {
  if (gold && predicted) c.tp++;
  else if (predicted) c.fp++;
  else if (gold) c.fn++;
  else c.tn++;
}

/**
 * Scores a confusion table. Conventions for empty cells: precision is 1 when nothing was predicted, recall is 1
 * when there is nothing to find, and κ is 1 when both raters agree on every item (including the all-one-class
 * case where chance agreement is 1), so a perfect run never scores 0.
 */
export function score(c: Confusion): AgreementScore {
  const n = c.tp + c.fp + c.fn + c.tn;
  const precision = c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  let kappa = 0;
  if (n > 0) {
    const { po, pe } = chance(c, n);
    kappa = pe === 1 ? (po === 1 ? 1 : 0) : (po - pe) / (1 - pe);
  }
  return { n, kappa, precision, recall, f1, confusion: { ...c } };
}

function chance(c: Confusion, n: number): { po: number; pe: number } {
  const po = (c.tp + c.tn) / n;
  const pYes = ((c.tp + c.fp) / n) * ((c.tp + c.fn) / n);
  const pNo = ((c.fn + c.tn) / n) * ((c.fp + c.tn) / n);
  return { po, pe: pYes + pNo };
}

/** z for a two-sided 95 % normal interval. */
const Z95 = 1.959963984540054;

/**
 * Standard error of Cohen's κ for a 2×2 table, the large-sample (non-null) variance of Fleiss, Cohen & Everitt (1969),
 * as given in Fleiss, Levin & Paik, *Statistical Methods for Rates and Proportions* (3rd ed., 2003), eq. 18.13.
 * With cell proportions p_ij (i = human, j = machine), marginals p_i. (human) and p_.j (machine):
 *
 *   A = Σ_i p_ii · [1 − (p_i. + p_.i)(1 − κ)]²
 *   B = (1 − κ)² · Σ_{i≠j} p_ij · (p_.i + p_j.)²
 *   C = [κ − p_e(1 − κ)]²
 *   Var(κ) = (A + B − C) / (n · (1 − p_e)²)
 *
 * This is the variance to use for intervals (not the simpler variance under H0: κ = 0). It is a large-sample
 * approximation: with small n or κ near ±1 the Wald interval is too narrow (it collapses to a point at κ = 1), so read
 * it together with n. Undefined (null) when n = 0 or p_e = 1 (both raters used one and the same class throughout).
 */
export function kappaStandardError(c: Confusion): number | null {
  const n = c.tp + c.fp + c.fn + c.tn;
  if (n === 0) return null;
  const { po, pe } = chance(c, n);
  if (pe >= 1) return null;
  const kappa = (po - pe) / (1 - pe);
  // Index 1 = yes, 2 = no; rows human, columns machine.
  const p11 = c.tp / n;
  const p12 = c.fn / n; // human yes, machine no
  const p21 = c.fp / n; // human no, machine yes
  const p22 = c.tn / n;
  const row1 = p11 + p12;
  const row2 = p21 + p22;
  const col1 = p11 + p21;
  const col2 = p12 + p22;
  const q = 1 - kappa;
  const a = p11 * (1 - (row1 + col1) * q) ** 2 + p22 * (1 - (row2 + col2) * q) ** 2;
  const b = q * q * (p12 * (col1 + row2) ** 2 + p21 * (col2 + row1) ** 2);
  const cc = (kappa - pe * q) ** 2;
  // Rounding can leave a tiny negative where the exact variance is 0 (perfect or perfectly opposite agreement).
  const variance = Math.max(0, (a + b - cc) / (n * (1 - pe) ** 2));
  return Math.sqrt(variance);
}

/** Everything a reliability report shows for one tag. */
export function agreementStats(c: Confusion): AgreementStats {
  const s = score(c);
  if (s.n === 0) return { ...s, po: null, pe: null, kappaSE: null, kappaCI95: null, pabak: null };
  const { po, pe } = chance(c, s.n);
  const se = kappaStandardError(c);
  const clip = (v: number) => Math.min(1, Math.max(-1, v));
  return {
    ...s,
    po,
    pe,
    kappaSE: se,
    kappaCI95: se === null ? null : { lower: clip(s.kappa - Z95 * se), upper: clip(s.kappa + Z95 * se) },
    pabak: 2 * po - 1,
  };
}
