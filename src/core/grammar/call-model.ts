// Running instance calling with a model: activation gates (mean activation of each filter over
// positive sequences), the run's motifs (stored motif rows of the run, or extracted on the fly
// when the user has not extracted them yet), and a streaming caller over any number of sequences.
import type Database from 'better-sqlite3';
import type { SeqModel } from '../model/registry';
import { attentionLayout } from '../model/attention-layout';
import { predictBatches } from '../model/infer';
import { callSequence, headAttentionAt, makeGates, suppress, type Call, type CallOptions, type FilterGate } from './instances';
import { revcomp } from '../seq/alphabet';
import { motifDisplayName } from '../../shared/motif-name';
import { mapChunks, type PoolLike } from '../jobs/pool';

export interface GrammarMotif {
  filter: number; name: string; passes: boolean; rcTwin: number | null; trimStart: number; trimEnd: number;
  /** mean activation over all positions of the positive sequences */
  meanPos: number;
  probs?: number[][];
}

/** Mean activation per filter over all positions of `seqs` (sampled positives). */
export async function meanActivation(model: SeqModel, seqs: Uint8Array[], signal?: AbortSignal): Promise<Float64Array> {
  const { F, W } = model.config;
  const sum = new Float64Array(F);
  let n = 0;
  for await (const b of predictBatches(model, seqs, { withR: true, batchSize: 128, signal })) {
    const Lp = b.L - W + 1, r = b.r!;
    for (let i = 0; i < b.count * Lp; i++) for (let f = 0; f < F; f++) sum[f] += r[i * F + f];
    n += b.count * Lp;
  }
  for (let f = 0; f < F; f++) sum[f] = n ? sum[f] / n : 0;
  return sum;
}

/** The run's motifs from the motifs table (null when none were extracted). */
export function storedMotifs(db: Database.Database, runId: number): Omit<GrammarMotif, 'meanPos'>[] | null {
  const has = db.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name='motifs'").get();
  if (!has) return null;
  const rows = db.prepare('SELECT filter_index, name, user_name, passes, rc_twin, trim_start, trim_end, probs FROM motifs WHERE run_id = ? AND filter_index IS NOT NULL ORDER BY filter_index').all(runId) as {
    filter_index: number; name: string; user_name: string | null; passes: number; rc_twin: number | null; trim_start: number; trim_end: number; probs: string;
  }[];
  if (!rows.length) return null;
  return rows.map((r) => ({ filter: r.filter_index, name: motifDisplayName({ userName: r.user_name, defaultName: r.name, filterIndex: r.filter_index }), passes: !!r.passes, rcTwin: r.rc_twin, trimStart: r.trim_start, trimEnd: r.trim_end, probs: JSON.parse(r.probs) }));
}

/** Motifs extracted on the fly (MODEL.md §5 motif rule) when the run has none stored. */
export async function extractedMotifs(model: SeqModel, pos: Uint8Array[], neg: Uint8Array[], signal?: AbortSignal): Promise<Omit<GrammarMotif, 'meanPos'>[]> {
  const { extractFilterMotifs } = await import('../motifs/extract');
  const ms = await extractFilterMotifs(model, pos, neg, { signal });
  return ms.map((m) => ({ filter: m.filter, name: motifDisplayName({ filterIndex: m.filter }), passes: m.passes, rcTwin: m.rcTwin, trimStart: m.trimStart, trimEnd: m.trimEnd, probs: m.probs }));
}

export function gatesOf(motifs: GrammarMotif[], F: number, W: number): (FilterGate | null)[] {
  const mean = new Float64Array(F);
  for (const m of motifs) if (m.filter < F) mean[m.filter] = m.meanPos;
  return makeGates(motifs, mean, F, W);
}

export interface SeqCallResult { index: number; prob: number; calls: (Call & { heads: Float32Array })[] }

type BatchOut = import('../model/infer').PredictionBatch;

function callsOfBatch(b: BatchOut, F: number, W: number, heads: number, gates: (FilterGate | null)[], opts: CallOptions): (Call & { heads: Float32Array })[][] {
  const Lp = b.L - W + 1;
  const out: (Call & { heads: Float32Array })[][] = [];
  for (let k = 0; k < b.count; k++) {
    const rOff = k * Lp * F, aOff = k * heads * Lp;
    const calls = callSequence(b.r!, rOff, b.attention!, aOff, Lp, F, heads, gates, opts);
    const maxes = new Float32Array(heads);
    for (let h = 0; h < heads; h++) { let m = 0; for (let j = 0; j < Lp; j++) { const v = b.attention![aOff + h * Lp + j]; if (v > m) m = v; } maxes[h] = m; }
    out.push(calls.map((c) => ({ ...c, heads: headAttentionAt(b.attention!, aOff, heads, Lp, c.pos, maxes) })));
  }
  return out;
}

/**
 * Call instances in every sequence (streamed in batches). onBatch gets the results of each batch in
 * input order (index = position in `seqs`).
 * `bothStrands`: the model also reads each sequence's reverse complement, and calls made there are
 * mapped back to forward coordinates with the opposite strand; calls of one motif overlapping by more
 * than half are merged (the better one kept). Why: with reverse-complement-doubled training the
 * penalties often keep one filter per motif (its twin pruned), and a one-strand filter read on the
 * forward strand alone finds only the sites on its own strand (simulated E2F6/MAX: the E2F6 filter
 * fired in 22 % of positives, instance recall capped at 0.59–0.70).
 */
export async function callAll(
  model: SeqModel, seqs: Iterable<Uint8Array>, gates: (FilterGate | null)[], opts: CallOptions & { batchSize?: number; signal?: AbortSignal; bothStrands?: boolean },
  onBatch: (res: SeqCallResult[]) => void | Promise<void>,
): Promise<void> {
  const { F, W, T } = model.config;
  const { heads } = attentionLayout(model);
  const bs = opts.batchSize ?? 128;
  const list = opts.bothStrands ? (Array.isArray(seqs) ? seqs as Uint8Array[] : Array.from(seqs)) : null;
  const rcIter = list ? predictBatches(model, (function* () { for (const q of list) yield revcomp(q); })(), { withR: true, withAttention: true, batchSize: bs, signal: opts.signal }) : null;
  for await (const b of predictBatches(model, list ?? seqs, { withR: true, withAttention: true, batchSize: bs, signal: opts.signal })) {
    const fwd = callsOfBatch(b, F, W, heads, gates, opts);
    let both = fwd;
    if (rcIter) {
      const rb = (await rcIter.next()).value as BatchOut;
      const rev = callsOfBatch(rb, F, W, heads, gates, opts);
      const L = b.L, Lp = L - W + 1;
      both = fwd.map((calls, k) => suppress([
        ...calls,
        ...rev[k].map((c) => ({ ...c, start: L - c.end, end: L - c.start, pos: Lp - 1 - c.pos, strand: (c.strand === '+' ? '-' : '+') as Call['strand'] })),
      ]).sort((x, y) => x.start - y.start));
    }
    await onBatch(both.map((calls, k) => ({ index: b.start + k, prob: b.probs[k * T], calls })));
  }
}

/** Every sequence's calls as one list (index = `offset` + position in `seqs`), in order. */
export async function callList(
  model: SeqModel, seqs: Uint8Array[], gates: (FilterGate | null)[], opts: CallOptions & { batchSize?: number; signal?: AbortSignal; bothStrands?: boolean }, offset = 0,
): Promise<SeqCallResult[]> {
  const out: SeqCallResult[] = [];
  if (!seqs.length) return out;
  await callAll(model, seqs, gates, opts, (res) => { for (const r of res) out.push({ ...r, index: r.index + offset }); });
  return out;
}

/** What a pool worker needs to call instances on a chunk: the model blob (cached per worker by `key`). */
export interface CallsTaskArgs {
  key: string; model: Uint8Array; seqs: Uint8Array[]; gates: (FilterGate | null)[]; offset: number;
  opts: CallOptions & { batchSize?: number; bothStrands?: boolean };
}

/** Pool task 'grammar.calls' (src/core/app/worker/pool-tasks.ts): callList on a chunk. */
export async function callsTask(args: unknown): Promise<{ result: PackedCalls; transfer: ArrayBuffer[] }> {
  const a = args as CallsTaskArgs;
  const { workerModelFor } = await import('../model/registry');
  const packed = packCalls(await callList(workerModelFor(a.key, a.model), a.seqs, a.gates, a.opts, a.offset));
  return { result: packed, transfer: Object.values(packed).map((x) => (x as ArrayBufferView).buffer as ArrayBuffer) };
}

/**
 * Calls as columns of typed arrays: hundreds of thousands of small objects (each with its own
 * heads array) cost more to copy between threads than to compute; columns transfer for free.
 */
type PackedCalls = ReturnType<typeof packCalls>;
function packCalls(res: SeqCallResult[]) {
  const n = res.reduce((a, r) => a + r.calls.length, 0);
  const H = n ? res.find((r) => r.calls.length)!.calls[0].heads.length : 0;
  const p = {
    index: new Int32Array(res.length), prob: new Float64Array(res.length), count: new Int32Array(res.length),
    ints: new Int32Array(n * 5), strand: new Uint8Array(n), reals: new Float64Array(n * 3), heads: new Float32Array(n * H),
  };
  let c = 0;
  res.forEach((r, i) => {
    p.index[i] = r.index; p.prob[i] = r.prob; p.count[i] = r.calls.length;
    for (const k of r.calls) {
      p.ints.set([k.motif, k.filter, k.start, k.end, k.pos], c * 5);
      p.strand[c] = k.strand === '+' ? 0 : 1;
      p.reals.set([k.attention, k.activation, k.score], c * 3);
      p.heads.set(k.heads, c * H);
      c++;
    }
  });
  return p;
}
function unpackCalls(p: PackedCalls): SeqCallResult[] {
  const H = p.strand.length ? p.heads.length / p.strand.length : 0;
  const out: SeqCallResult[] = [];
  let c = 0;
  for (let i = 0; i < p.index.length; i++) {
    const calls: SeqCallResult['calls'] = [];
    for (let j = 0; j < p.count[i]; j++, c++) {
      const o = c * 5, r = c * 3;
      calls.push({
        motif: p.ints[o], filter: p.ints[o + 1], start: p.ints[o + 2], end: p.ints[o + 3], strand: p.strand[c] === 0 ? '+' : '-',
        attention: p.reals[r], activation: p.reals[r + 1], score: p.reals[r + 2], pos: p.ints[o + 4], heads: p.heads.slice(c * H, (c + 1) * H),
      });
    }
    out.push({ index: p.index[i], prob: p.prob[i], calls });
  }
  return out;
}

/**
 * callList split across engine workers (jobs/pool.ts mapChunks): chunks cut on whole batches, so the
 * result equals the one-worker result exactly. `modelBytes`/`key` let the helpers load the same model.
 */
export async function callListParallel(
  pool: PoolLike | null, workers: number, model: SeqModel, modelBytes: Uint8Array, key: string,
  seqs: Uint8Array[], gates: (FilterGate | null)[], opts: CallOptions & { batchSize?: number; signal?: AbortSignal; bothStrands?: boolean },
): Promise<SeqCallResult[]> {
  const { signal, ...plain } = opts;
  const bs = opts.batchSize ?? 128;
  const chunks = await mapChunks<SeqCallResult[] | PackedCalls>(pool, workers, seqs.length, bs,
    (s, e) => callList(model, seqs.slice(s, e), gates, opts, s),
    (s, e) => ({ task: 'grammar.calls', args: { key, model: modelBytes, seqs: seqs.slice(s, e), gates, opts: plain, offset: s } satisfies CallsTaskArgs }));
  void signal;
  return chunks.flatMap((c) => (Array.isArray(c) ? c : unpackCalls(c)));
}
