/**
 * Agreement between tagger output and human codes: confusion counts, precision, recall, F1 and Cohen's κ.
 * One implementation, used by `dyadic eval`, `dyadic agreement` and the tests.
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
    const po = (c.tp + c.tn) / n;
    const pYes = ((c.tp + c.fp) / n) * ((c.tp + c.fn) / n);
    const pNo = ((c.fn + c.tn) / n) * ((c.fp + c.tn) / n);
    const pe = pYes + pNo;
    kappa = pe === 1 ? (po === 1 ? 1 : 0) : (po - pe) / (1 - pe);
  }
  return { n, kappa, precision, recall, f1, confusion: { ...c } };
}
