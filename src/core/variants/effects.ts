// The effect of a variant or a pair (issue 13): p(alt) − p(ref) (averaged over both strands when
// asked) and every motif instance that a difference destroys or creates anywhere in the window.
// Instances are called on both alleles over the whole window, on both strands, from one forward and
// one reverse-complement pass; a call is "lost" when it covers a changed base on the reference and
// no call of the same motif overlaps it by ≥ half on the alternate ("gained" the other way round).
// Each carries its activation on the other allele at the same filter and place.
import type { SeqModel } from '../model/registry';
import { attentionLayout } from '../model/attention-layout';
import { predictBatches, type PredictionBatch } from '../model/infer';
import { revcomp } from '../seq/alphabet';
import { ApiError } from '../../shared/api/errors';
import { callSequence, suppress, type Call, type FilterGate } from '../grammar/instances';
import { instanceName } from './motif-name';

export interface InstanceBrief {
  motif: number; name: string; start: number; end: number; strand: '+' | '-'; activation: number; attention: number;
  /** Activation of the same filter at the same place on the other allele (what the change left). */
  otherActivation?: number;
}
export interface ScoredVariant { pRef: number; pAlt: number; delta: number; lost: InstanceBrief[]; gained: InstanceBrief[] }

/** One allele read by the model: probability per strand, calls, activations per frame. */
interface Read { pF: number; pR: number | null; calls: Call[]; rF: Float32Array; rR: Float32Array | null }

export interface EffectOptions { bothStrands?: boolean; attentionThreshold?: number; signal?: AbortSignal; onProgress?: (done: number) => void | Promise<void>; chunk?: number }

async function readAll(model: SeqModel, seqs: Uint8Array[], gates: (FilterGate | null)[], bothStrands: boolean, thr: number, signal?: AbortSignal): Promise<Read[]> {
  const { F, W, T } = model.config, { nL, NH, heads } = attentionLayout(model);
  const out: Read[] = new Array(seqs.length);
  const opts = { withR: true, withAttention: true, batchSize: 128, signal };
  const rcIter = bothStrands ? predictBatches(model, seqs.map((s) => revcomp(s)), opts) : null;
  const frame = (b: PredictionBatch, k: number) => {
    const Lp = b.L - W + 1;
    const calls = callSequence(b.r!, k * Lp * F, b.attention!, k * heads * Lp, Lp, F, heads, gates, { attentionThreshold: thr });
    return { calls, r: b.r!.slice(k * Lp * F, (k + 1) * Lp * F), p: b.probs[k * T] };
  };
  for await (const b of predictBatches(model, seqs, opts)) {
    const rb = rcIter ? ((await rcIter.next()).value as PredictionBatch) : null;
    const L = b.L, Lp = L - W + 1;
    for (let k = 0; k < b.count; k++) {
      const f = frame(b, k);
      if (!rb) { out[b.start + k] = { pF: f.p, pR: null, calls: f.calls, rF: f.r, rR: null }; continue; }
      const r = frame(rb, k);
      const calls = suppress([
        ...f.calls,
        ...r.calls.map((c) => ({ ...c, start: L - c.end, end: L - c.start, pos: Lp - 1 - c.pos, strand: (c.strand === '+' ? '-' : '+') as Call['strand'] })),
      ]).sort((x, y) => x.start - y.start);
      out[b.start + k] = { pF: f.p, pR: r.p, calls, rF: f.r, rR: r.r };
    }
  }
  return out;
}

/** Activation of call c's filter at c's place, read from another allele's tracks. */
function activationAt(c: Call, other: Read, gates: (FilterGate | null)[], F: number): number {
  const g = gates[c.filter];
  const onForward = !g || g.strand === c.strand;
  const Lp = other.rF.length / F;
  if (onForward) return other.rF[c.pos * F + c.filter];
  return other.rR ? other.rR[(Lp - 1 - c.pos) * F + c.filter] : NaN;
}

const covers = (c: { start: number; end: number }, diffs: number[]) => diffs.some((k) => k >= c.start && k < c.end);
const sameSite = (c: Call, d: Call) => d.motif === c.motif && 2 * (Math.min(c.end, d.end) - Math.max(c.start, d.start)) >= Math.min(c.end - c.start, d.end - d.start);

/** Calls of `a` that cover a changed base and have no same-motif call of `b` overlapping by ≥ half. */
export function changedInstances(a: Call[], b: Call[], diffs: number[]): Call[] {
  return a.filter((c) => covers(c, diffs) && !b.some((d) => sameSite(c, d)));
}

function brief(c: Call, other: Read, gates: (FilterGate | null)[], F: number): InstanceBrief {
  const o = activationAt(c, other, gates, F);
  return { motif: c.motif, name: instanceName(gates, c), start: c.start, end: c.end, strand: c.strand, activation: c.activation, attention: c.attention, ...(Number.isFinite(o) ? { otherActivation: o } : {}) };
}

/**
 * Score ref/alt windows (equal length within a pair) in chunks, progress after each.
 * `diffs` of a window: the changed positions (window coordinates); default [offset].
 */
export async function scoreEffects(
  model: SeqModel, windows: { refSeq: Uint8Array; altSeq: Uint8Array; offset: number; diffs?: number[] }[], gates: (FilterGate | null)[], opts: EffectOptions = {},
): Promise<ScoredVariant[]> {
  const both = opts.bothStrands ?? true, thr = opts.attentionThreshold ?? 0.5, chunk = opts.chunk ?? 256;
  const { F } = model.config;
  const out: ScoredVariant[] = [];
  for (let s = 0; s < windows.length; s += chunk) {
    const part = windows.slice(s, s + chunk);
    const seqs: Uint8Array[] = [];
    for (const w of part) seqs.push(w.refSeq, w.altSeq);
    const reads = await readAll(model, seqs, gates, both, thr, opts.signal);
    part.forEach((w, k) => {
      const r = reads[2 * k], a = reads[2 * k + 1];
      const p = (x: Read) => (x.pR === null ? x.pF : (x.pF + x.pR) / 2);
      const pRef = p(r), pAlt = p(a);
      if (!Number.isFinite(pRef) || !Number.isFinite(pAlt)) throw new ApiError('internal', 'The model returned an invalid probability (NaN) for some windows: this trained model is broken; retrain it.');
      const diffs = w.diffs ?? [w.offset];
      out.push({
        pRef, pAlt, delta: pAlt - pRef,
        lost: changedInstances(r.calls, a.calls, diffs).map((c) => brief(c, a, gates, F)),
        gained: changedInstances(a.calls, r.calls, diffs).map((c) => brief(c, r, gates, F)),
      });
    });
    await opts.onProgress?.(Math.min(windows.length, s + chunk));
  }
  return out;
}
