// The simplest alternative to the model (issue 13): a PWM the user picks scores each allele by its
// best log-odds match anywhere in the window on either strand; the baseline effect is
// best(alt) − best(ref). N columns score the column's mean log-odds (no evidence either way).
import { logOdds } from '../pwm/matrix';

export interface PwmInput { name: string; probs: number[][] }

/** Best log-odds score of `pwm` (w × 4) over both strands of seq; −Infinity when seq is shorter than w. */
export function bestLogOdds(pwm: number[][], seq: Uint8Array): number {
  const w = pwm.length;
  const mean = pwm.map((r) => (r[0] + r[1] + r[2] + r[3]) / 4);
  const col = (i: number, c: number) => (c < 4 ? pwm[i][c] : mean[i]);
  let best = -Infinity;
  for (let s = 0; s + w <= seq.length; s++) {
    let f = 0, r = 0;
    for (let i = 0; i < w; i++) {
      const c = seq[s + i];
      f += col(i, c);
      r += col(w - 1 - i, c < 4 ? 3 - c : 4);
    }
    if (f > best) best = f;
    if (r > best) best = r;
  }
  return best;
}

/** Baseline Δ per pair: best log-odds on the alternate minus on the reference. */
export function pwmDeltas(m: PwmInput, windows: { refSeq: Uint8Array; altSeq: Uint8Array }[]): number[] {
  const pwm = logOdds({ id: 'baseline', name: m.name, probs: m.probs });
  return windows.map((w) => bestLogOdds(pwm, w.altSeq) - bestLogOdds(pwm, w.refSeq));
}
