// Scoring designs with a trained run, inside the engine worker: the model is loaded once per run and
// kept (cached per project file and run), every design gets its predicted probability per task and
// the model's own motif-instance calls read from its attention (MODEL.md §5 "Instances").
//
// Instance calls on a design (documented in docs/design.md):
// - attention a_j = max over layers and heads, divided by its maximum over the sequence, so the
//   threshold (default 0.5) is relative to the strongest attended position of that design;
// - at each such position j, every passing filter f whose activation r[j,f] is above the filter's
//   gate (its mean activation over the run's positives, as on the Syntax screen; when those are
//   unknown, the motif's stored firing threshold, 0.5 × its maximum activation, as stored with
//   the motif) is a call; filters that are the same motif (groupFilterMotifs, as on the Syntax
//   screen: trimmed PFMs with mean column Pearson ≥ 0.75 over ≥ 6 (and ≥ half) aligned columns, either strand;
//   RC twins always) are reported as their representative, on the strand of their alignment;
// - a call covers the representative's trimmed columns as aligned to the firing filter's window
//   (so it lines up with inserted consensus bases); overlapping calls of the same motif and strand
//   are merged, keeping the best.
import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { SeqModel } from '../model/registry';
import { attentionLayout } from '../model/attention-layout';
import { listMotifs, type ProjectMotifRecord } from '../motifs/project-store';
import { encode } from '../seq/alphabet';
import { getRun } from '../train/runs';
import { groupFilterMotifs } from '../grammar/instances';

export interface InstanceCall {
  motifId: number;
  motifName: string;
  filter: number;
  /** 0-based half-open on the design's + strand. */
  start: number;
  end: number;
  strand: '+' | '-';
  /** Relative attention (0–1) at the call. */
  attention: number;
  activation: number;
}

export interface ScoredSequence {
  probs: number[];
  calls: InstanceCall[];
}

export const ScoreArgs = z.object({
  projectPath: z.string(),
  runId: z.number().int(),
  sequences: z.array(z.string()).max(10_000),
  withCalls: z.boolean().default(true),
  attentionThreshold: z.number().min(0).max(1).default(0.5),
});

interface CallMotif {
  rec: ProjectMotifRecord;
  /** representative motif of the filter's group (groupFilterMotifs) */
  rep: ProjectMotifRecord;
  minus: boolean;
  /** call span [start, end) relative to the window start */
  start: number;
  end: number;
}

interface Loaded {
  model: SeqModel;
  key: string;
  W: number;
  F: number;
  T: number;
  /** per filter: how a call of it is reported (null = not a passing motif). */
  byFilter: (CallMotif | null)[];
  /**
   * Per filter activation gate: its mean activation over the run's positives (MODEL.md §5, the
   * same gate the Syntax screen uses), so the canvas and the instance table agree.
   */
  gates: Float64Array;
}

const cache = new Map<string, Loaded>();

/** Key that changes when the run's model or its motifs change. */
function cacheKey(db: Database.Database, runId: number): string {
  const run = getRun(db, runId);
  if (!run) throw new Error(`No run ${runId} in this project.`);
  const m = db.prepare('SELECT COUNT(*) AS n, MAX(created_at) AS t, SUM(passes) AS p FROM motifs WHERE run_id = ?').get(runId) as { n: number; t: string | null; p: number | null };
  return `${run.finishedAt ?? run.createdAt}|${m.n}|${m.t}|${m.p}`;
}

export function filterMotifMap(motifs: ProjectMotifRecord[], F: number, W: number): (CallMotif | null)[] {
  const byIndex = new Map<number, ProjectMotifRecord>();
  for (const m of motifs) if (m.filterIndex !== null && m.filterIndex < F) byIndex.set(m.filterIndex, m);
  const groups = groupFilterMotifs([...byIndex.values()].map((m) => ({ filter: m.filterIndex!, passes: m.passes, rcTwin: m.rcTwin, trimStart: m.trimStart, trimEnd: m.trimEnd, probs: m.probs })), W);
  const out: (CallMotif | null)[] = [];
  for (let f = 0; f < F; f++) {
    const rec = byIndex.get(f), g = groups.get(f);
    if (!rec || !g) { out.push(null); continue; }
    out.push({ rec, rep: byIndex.get(g.rep) ?? rec, minus: g.strand === '-', start: g.start, end: g.end });
  }
  return out;
}

/** The run's model, loaded once per worker (and re-loaded when the run or its motifs change). */
export async function loadScorer(db: Database.Database, projectPath: string, runId: number): Promise<Loaded> {
  const id = `${projectPath}#${runId}`;
  const key = cacheKey(db, runId);
  const hit = cache.get(id);
  if (hit && hit.key === key) return hit;
  if (hit) { hit.model.dispose(); cache.delete(id); }
  const { loadRunModel } = await import('../train/runs');
  const { model } = await loadRunModel(db, runId);
  const { F, W, T } = model.config;
  const gates = await positiveGates(db, model, runId);
  const loaded: Loaded = { model, key, F, W, T, byFilter: filterMotifMap(listMotifs(db, { runId }), F, W), gates };
  cache.set(id, loaded);
  return loaded;
}

/** Mean activation of each filter over ≤ 1000 positives of the run's dataset (NaN when unknown). */
async function positiveGates(db: Database.Database, model: SeqModel, runId: number): Promise<Float64Array> {
  const F = model.config.F;
  const run = getRun(db, runId);
  if (run?.datasetId != null) {
    try {
      const { runMotifs } = await import('../grammar/jobs');
      const ms = await runMotifs(db, model, runId, run.datasetId, []);
      const g = new Float64Array(F).fill(NaN);
      for (const m of ms) if (m.filter < F) g[m.filter] = m.meanPos;
      return g;
    } catch {
      // no positives to read from: fall back to each motif's stored firing threshold
    }
  }
  return new Float64Array(F).fill(NaN);
}

/** Drop cached models of a project (when it closes) — frees the tensors. */
export function dropScorers(projectPath?: string): void {
  for (const [id, l] of cache) if (!projectPath || id.startsWith(projectPath + '#')) { l.model.dispose(); cache.delete(id); }
}

/**
 * Calls from one sequence's motif activations r (L′×F, row-major) and attention (nL×NH×L′).
 * Exported for tests.
 */
export function callInstances(
  r: Float32Array, attention: Float32Array, Lp: number, F: number, W: number, heads: number,
  byFilter: (CallMotif | null)[], threshold = 0.5, gates?: Float64Array,
): InstanceCall[] {
  const a = new Float32Array(Lp);
  for (let h = 0; h < heads; h++) for (let j = 0; j < Lp; j++) { const v = attention[h * Lp + j]; if (v > a[j]) a[j] = v; }
  let max = 0;
  for (let j = 0; j < Lp; j++) if (a[j] > max) max = a[j];
  if (!(max > 0)) return [];
  const raw: InstanceCall[] = [];
  for (let j = 0; j < Lp; j++) {
    const rel = a[j] / max;
    if (rel < threshold) continue;
    for (let f = 0; f < F; f++) {
      const cm = byFilter[f];
      if (!cm) continue;
      const act = r[j * F + f];
      const gate = gates && Number.isFinite(gates[f]) ? gates[f] : cm.rec.threshold;
      if (!(act > gate) || act <= 0) continue;
      // The representative's trimmed columns as aligned to this filter's window (clipped to the sequence).
      const s = Math.max(0, j + cm.start), e = Math.min(Lp - 1 + W, j + cm.end);
      raw.push({ motifId: cm.rep.id, motifName: cm.rep.name, filter: f, start: s, end: e, strand: cm.minus ? '-' : '+', attention: rel, activation: act });
    }
  }
  // Merge overlapping calls of the same motif and strand (keep the strongest activation).
  raw.sort((x, y) => x.motifId - y.motifId || x.strand.localeCompare(y.strand) || x.start - y.start);
  const out: InstanceCall[] = [];
  for (const c of raw) {
    const last = out[out.length - 1];
    if (last && last.motifId === c.motifId && last.strand === c.strand && c.start < last.end) {
      if (c.activation > last.activation) { last.start = c.start; last.end = c.end; last.activation = c.activation; last.filter = c.filter; }
      last.attention = Math.max(last.attention, c.attention);
    } else out.push({ ...c });
  }
  return out.sort((x, y) => x.start - y.start);
}

/** Score sequences (any lengths ≥ W) with a loaded model. */
export async function scoreWith(l: Loaded, sequences: string[], opts: { withCalls?: boolean; attentionThreshold?: number; batchSize?: number; signal?: AbortSignal } = {}): Promise<ScoredSequence[]> {
  const { predictBatches } = await import('../model/infer');
  const withCalls = opts.withCalls ?? true;
  const codes = sequences.map((s, i) => {
    const c = encode(s);
    if (c.length < l.W) throw new Error(`design ${i + 1} is ${c.length} bp, shorter than the model's filter width ${l.W}`);
    return c;
  });
  const out: ScoredSequence[] = new Array(sequences.length);
  const heads = withCalls ? attentionLayout(l.model).heads : 0;
  for await (const b of predictBatches(l.model, codes, { batchSize: opts.batchSize ?? 128, withR: withCalls, withAttention: withCalls, signal: opts.signal })) {
    const Lp = b.L - l.W + 1;
    for (let i = 0; i < b.count; i++) {
      const probs = Array.from(b.probs.subarray(i * l.T, (i + 1) * l.T));
      const calls = withCalls
        ? callInstances(b.r!.subarray(i * Lp * l.F, (i + 1) * Lp * l.F), b.attention!.subarray(i * heads * Lp, (i + 1) * heads * Lp), Lp, l.F, l.W, heads, l.byFilter, opts.attentionThreshold, l.gates)
        : [];
      out[b.start + i] = { probs, calls };
    }
  }
  return out;
}

/** Engine call 'design.score' (see src/core/app/worker/calls.ts). */
export async function scoreCall(rawArgs: unknown, env: { db(path: string): Database.Database }): Promise<ScoredSequence[]> {
  const args = ScoreArgs.parse(rawArgs);
  const db = env.db(args.projectPath);
  const l = await loadScorer(db, args.projectPath, args.runId);
  return scoreWith(l, args.sequences, { withCalls: args.withCalls, attentionThreshold: args.attentionThreshold });
}
