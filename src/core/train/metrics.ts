// Classification metrics for binary tasks: accuracy, auROC, auPRC (average precision, the
// step-wise sklearn definition) and ROC / PR curve points, tie-aware, on typed arrays.

function order(scores: ArrayLike<number>): Uint32Array {
  const idx = new Uint32Array(scores.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  return idx.sort((a, b) => scores[b] - scores[a]);
}

/** Accuracy at threshold (default 0.5 on probabilities). */
export function accuracy(probs: ArrayLike<number>, labels: ArrayLike<number>, threshold = 0.5): number {
  let ok = 0;
  for (let i = 0; i < probs.length; i++) if ((probs[i] >= threshold ? 1 : 0) === (labels[i] >= 0.5 ? 1 : 0)) ok++;
  return probs.length ? ok / probs.length : NaN;
}

export interface Curve { x: number[]; y: number[]; thresholds: number[] }

/** ROC curve points (FPR, TPR), one per distinct score, starting at (0,0). */
export function rocCurve(scores: ArrayLike<number>, labels: ArrayLike<number>): Curve {
  const idx = order(scores);
  let P = 0; for (let i = 0; i < labels.length; i++) if (labels[i] >= 0.5) P++;
  const N = labels.length - P;
  const x = [0], y = [0], th = [Infinity];
  let tp = 0, fp = 0;
  for (let k = 0; k < idx.length; k++) {
    if (labels[idx[k]] >= 0.5) tp++; else fp++;
    if (k === idx.length - 1 || scores[idx[k + 1]] !== scores[idx[k]]) {
      x.push(N ? fp / N : 0); y.push(P ? tp / P : 0); th.push(scores[idx[k]]);
    }
  }
  return { x, y, thresholds: th };
}

/** Area under the ROC curve (trapezoid over distinct thresholds = Mann–Whitney with ties as ½). NaN if one class is absent. */
export function auroc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const c = rocCurve(scores, labels);
  const P = c.y[c.y.length - 1], Nn = c.x[c.x.length - 1];
  if (!P || !Nn) return NaN;
  let a = 0;
  for (let i = 1; i < c.x.length; i++) a += (c.x[i] - c.x[i - 1]) * (c.y[i] + c.y[i - 1]) / 2;
  return a;
}

/** Precision–recall curve points (recall, precision), one per distinct score. */
export function prCurve(scores: ArrayLike<number>, labels: ArrayLike<number>): Curve {
  const idx = order(scores);
  let P = 0; for (let i = 0; i < labels.length; i++) if (labels[i] >= 0.5) P++;
  const x: number[] = [0], y: number[] = [1], th: number[] = [Infinity];
  let tp = 0;
  for (let k = 0; k < idx.length; k++) {
    if (labels[idx[k]] >= 0.5) tp++;
    if (k === idx.length - 1 || scores[idx[k + 1]] !== scores[idx[k]]) {
      x.push(P ? tp / P : 0); y.push(tp / (k + 1)); th.push(scores[idx[k]]);
    }
  }
  return { x, y, thresholds: th };
}

/** Average precision: Σ (R_k − R_{k−1})·P_k over distinct thresholds. NaN without positives. */
export function auprc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const c = prCurve(scores, labels);
  if (c.x[c.x.length - 1] === 0) return NaN;
  let ap = 0;
  for (let i = 1; i < c.x.length; i++) ap += (c.x[i] - c.x[i - 1]) * c.y[i];
  return ap;
}

/** Keep at most n evenly spaced points of a curve (for plotting). */
export function thinCurve(c: Curve, n = 200): Curve {
  if (c.x.length <= n) return c;
  const out: Curve = { x: [], y: [], thresholds: [] };
  for (let k = 0; k < n; k++) {
    const i = Math.round((k * (c.x.length - 1)) / (n - 1));
    out.x.push(c.x[i]); out.y.push(c.y[i]); out.thresholds.push(c.thresholds[i]);
  }
  return out;
}

export interface TaskMetrics { accuracy: number; auroc: number; auprc: number }

/** Per-task metrics for n×T row-major probabilities/labels. */
export function taskMetrics(probs: Float32Array, labels: Float32Array, T: number): TaskMetrics[] {
  const n = probs.length / T, out: TaskMetrics[] = [];
  for (let t = 0; t < T; t++) {
    const p = new Float32Array(n), y = new Float32Array(n);
    for (let i = 0; i < n; i++) { p[i] = probs[i * T + t]; y[i] = labels[i * T + t]; }
    out.push({ accuracy: accuracy(p, y), auroc: auroc(p, y), auprc: auprc(p, y) });
  }
  return out;
}

/** Mean over tasks ignoring NaN. */
export function meanMetric(ms: TaskMetrics[], k: keyof TaskMetrics): number {
  const v = ms.map((m) => m[k]).filter((x) => Number.isFinite(x));
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN;
}
