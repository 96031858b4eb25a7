// Jobs of the grammar feature (run in the engine worker): 'grammar.instances' (instance calls over a
// dataset for a run, with precision/recall vs planted truth and the FIMO baseline), 'grammar.syntax'
// (pair statistics + rules vs negatives or dinucleotide shuffles). Each writes its results in one
// transaction at the end, so a cancelled or failed job leaves nothing half-written. The
// 'grammar.track' engine call serves the track view of one sequence. The 'variants.score' job is in
// src/core/variants/jobs.ts (it reuses runMotifs from here).
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { defineJob, jobWorkers } from '../jobs/context';
import type { SeqModel } from '../model/registry';
import { attentionLayout } from '../model/attention-layout';
import { loadRunModel, getRun, runModelBytes } from '../train/runs';
import { packedFromBytes, unpack } from '../seq/pack';
import { decode as decodeSeq, encode, revcomp } from '../seq/alphabet';
import { dinucShuffle } from '../data/shuffle';
import { Rng } from '../seq/random';
import { getTruth } from '../data/store';
import { ApiError } from '../../shared/api/errors';
import { callAll, callListParallel, extractedMotifs, gatesOf, meanActivation, storedMotifs, type GrammarMotif, type SeqCallResult } from './call-model';
import { evaluateCalls, fimoSites } from './evaluate';
import type { ScoredSite } from './instances';
import { analyseSyntax, type SeqCalls } from './syntax';
import { callsBySequence, getAnalysis, getInstanceSet, listInstanceSets, saveAnalysis, saveInstanceSet, type NewCall, type SetMotif } from './store';
import { replaceRules, type NewRule } from './rules-store';
import { predict, predictBatches } from '../model/infer';
import { pooledAttention } from './instances';
import { nameOfFilter } from '../../shared/motif-name';

interface DsRow { idx: number; name: string; labels: Buffer; packed: Buffer; chrom: string | null; start: number | null; end: number | null; strand: string | null }
const codesOf = (b: Buffer) => unpack(packedFromBytes(new Uint8Array(b.buffer, b.byteOffset, b.byteLength)));
const isPositive = (b: Buffer) => new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + 4))[0] >= 0.5;

/** Rows of a dataset split in idx order, in pages (no statement stays open across awaits). */
function* datasetRows(db: Database.Database, datasetId: number, split: string, page = 1000): Generator<DsRow[]> {
  const sql = `SELECT idx, name, labels, packed, chrom, start, end, strand FROM dataset_seqs WHERE dataset_id = ? AND idx > ? ${split === 'all' ? '' : 'AND split = ?'} ORDER BY idx LIMIT ?`;
  const st = db.prepare(sql);
  let last = -1;
  for (;;) {
    const rows = (split === 'all' ? st.all(datasetId, last, page) : st.all(datasetId, last, split, page)) as DsRow[];
    if (!rows.length) return;
    last = rows[rows.length - 1].idx;
    yield rows;
  }
}

function countRows(db: Database.Database, datasetId: number, split: string): { n: number; nPos: number } {
  let n = 0, nPos = 0;
  for (const r of db.prepare(`SELECT labels FROM dataset_seqs WHERE dataset_id = ? ${split === 'all' ? '' : 'AND split = ?'}`).all(...(split === 'all' ? [datasetId] : [datasetId, split])) as { labels: Buffer }[]) { n++; if (isPositive(r.labels)) nPos++; }
  return { n, nPos };
}

/** Motifs with gates for a run: stored motifs (or extracted on the fly) and mean activation over ≤ 1000 positives. */
export async function runMotifs(db: Database.Database, model: SeqModel, runId: number, datasetId: number | null, fallback: Uint8Array[], signal?: AbortSignal): Promise<GrammarMotif[]> {
  const { W } = model.config;
  const pos: Uint8Array[] = [], neg: Uint8Array[] = [];
  if (datasetId !== null) {
    for (const rows of datasetRows(db, datasetId, 'all')) {
      for (const r of rows) { const c = codesOf(r.packed); if (c.length < W) continue; if (isPositive(r.labels)) { if (pos.length < 1000) pos.push(c); } else if (neg.length < 1000) neg.push(c); }
      if (pos.length >= 1000 && neg.length >= 1000) break;
    }
  }
  const sample = pos.length ? pos : fallback.filter((c) => c.length >= W).slice(0, 1000);
  if (!sample.length) throw new ApiError('invalid_input', 'There are no sequences to read the filters\' typical activation from.');
  const base = storedMotifs(db, runId) ?? (await extractedMotifs(model, sample, neg, signal));
  const mean = await meanActivation(model, sample, signal);
  return base.map((m) => ({ ...m, meanPos: mean[m.filter] }));
}

const toSetMotifs = (ms: GrammarMotif[]): SetMotif[] => ms.map((m) => ({ filter: m.filter, twin: m.rcTwin, name: m.name, trimStart: m.trimStart, trimEnd: m.trimEnd, meanPos: m.meanPos, passes: m.passes, probs: m.probs }));

export const instancesJob = defineJob('grammar.instances', async (ctx) => {
  const p = ctx.params;
  const db = ctx.db();
  ctx.progress({ fraction: 0.01, message: 'loading the trained model' });
  const { model } = await loadRunModel(db, p.runId);
  try {
    const ds = db.prepare('SELECT id, kind FROM datasets WHERE id = ?').get(p.datasetId) as { id: number; kind: string } | undefined;
    if (!ds) throw new ApiError('not_found', `No dataset ${p.datasetId} in this project.`);
    const { F, W } = model.config;
    let { n } = countRows(db, p.datasetId, p.split);
    if (p.maxSequences) n = Math.min(n, p.maxSequences);
    if (!n) throw new ApiError('invalid_input', `The dataset has no sequences in '${p.split}'.`);
    ctx.progress({ fraction: 0.03, message: 'reading the motifs and their typical activation' });
    const motifs = await runMotifs(db, model, p.runId, p.datasetId, [], ctx.signal);
    const gates = gatesOf(motifs, F, W);
    if (!gates.some(Boolean)) throw new ApiError('invalid_input', 'None of this run\'s filters passes as a motif (trimmed length ≥ 5 and mean IC ≥ 1), so there is nothing to call.');
    const calls: NewCall[] = [];
    const truthSeqs = new Set(getTruth(db, p.datasetId).map((t) => t.seqIdx));
    const hasTruth = truthSeqs.size > 0;
    const kept: { idx: number; codes: Uint8Array }[] = [];
    // Engine workers (jobs/pool.ts): each page of sequences is split on whole batches, so calls are identical.
    const { workers, pool } = await jobWorkers(ctx);
    let done = 0, genomic = false, skipped = 0;
    const t0 = Date.now();
    outer: for (const rows of datasetRows(db, p.datasetId, p.split, 512)) {
      ctx.throwIfCancelled();
      const batch: { r: DsRow; codes: Uint8Array }[] = [];
      for (const r of rows) {
        if (done + batch.length >= n) break;
        const codes = codesOf(r.packed);
        if (codes.length < W) { skipped++; continue; }
        batch.push({ r, codes });
      }
      const callOpts = { attentionThreshold: p.attentionThreshold, activationScale: p.activationScale, signal: ctx.signal, bothStrands: true };
      const onCalls = (res: SeqCallResult[]) => {
        for (const s of res) {
          const { r } = batch[s.index];
          const pos = isPositive(r.labels);
          for (const c of s.calls) {
            let chrom: string | null = null, gs: number | null = null, ge: number | null = null, gst: string | null = null;
            if (r.chrom !== null && r.start !== null && r.end !== null) {
              genomic = true; chrom = r.chrom;
              if (r.strand === '-') { gs = r.end - c.end; ge = r.end - c.start; gst = c.strand === '+' ? '-' : '+'; } else { gs = r.start + c.start; ge = r.start + c.end; gst = c.strand; }
            }
            calls.push({ seqIdx: r.idx, seqName: r.name, positive: pos, motif: c.motif, filter: c.filter, start: c.start, end: c.end, strand: c.strand, attention: c.attention, activation: c.activation, score: c.score, heads: c.heads, chrom, gstart: gs, gend: ge, gstrand: gst });
          }
        }
      };
      const codes = batch.map((b) => b.codes);
      if (workers > 1) onCalls(await callListParallel(pool, workers, model, runModelBytes(db, p.runId), `${ctx.jobId}:${p.runId}`, codes, gates, callOpts));
      else await callAll(model, codes, gates, callOpts, onCalls);
      if (hasTruth && p.baseline) for (const b of batch) kept.push({ idx: b.r.idx, codes: b.codes });
      done += batch.length;
      const secs = (Date.now() - t0) / 1000;
      ctx.progress({ fraction: 0.05 + 0.85 * (done / n), message: `${done.toLocaleString('en')} of ${n.toLocaleString('en')} sequences, ${calls.length.toLocaleString('en')} calls`, points: [{ series: 'sequences/s', x: done, y: secs > 0 ? done / secs : 0 }] });
      if (done >= n) break outer;
    }
    ctx.throwIfCancelled();
    let evaluation = null;
    if (hasTruth) {
      ctx.progress({ fraction: 0.92, message: 'comparing calls with the planted instances' + (p.baseline ? ' and FIMO' : '') });
      const seen = new Set(calls.map((c) => c.seqIdx));
      for (const k of kept) seen.add(k.idx);
      const truth = getTruth(db, p.datasetId).filter((t) => seen.has(t.seqIdx)).map((t) => ({ seq: t.seqIdx, start: t.start, end: t.end }));
      const scored: ScoredSite[] = calls.map((c) => ({ seq: c.seqIdx, start: c.start, end: c.end, score: c.score }));
      let fimo: ScoredSite[] | null = null;
      if (p.baseline) {
        const reps = motifs.filter((m) => gates[m.filter] && gates[m.filter]!.motif === m.filter && m.probs);
        const ms = reps.map((m) => ({ id: `filter${m.filter + 1}`, name: m.name, probs: m.trimEnd > m.trimStart ? m.probs!.slice(m.trimStart, m.trimEnd) : m.probs! }));
        fimo = fimoSites(ms, kept.map((k) => k.codes), 1e-3, kept.map((k) => k.idx));
      }
      evaluation = evaluateCalls(scored, truth, fimo);
    }
    const setId = saveInstanceSet(db, { runId: p.runId, datasetId: p.datasetId, split: p.split, params: { attentionThreshold: p.attentionThreshold, activationScale: p.activationScale, skippedShort: skipped, nL: attentionLayout(model).nL, NH: attentionLayout(model).NH }, motifs: toSetMotifs(motifs), nSeqs: done, genomic, evaluation, jobId: ctx.jobId }, calls);
    const secs = (Date.now() - t0) / 1000;
    return { setId, nSeqs: done, nCalls: calls.length, seqPerSecond: secs > 0 ? done / secs : null, skippedShort: skipped };
  } finally { model.dispose(); }
});

export const syntaxJob = defineJob('grammar.syntax', async (ctx) => {
  const p = ctx.params;
  const db = ctx.db();
  const set = getInstanceSet(db, p.setId);
  if (!set) throw new ApiError('not_found', `No instance set ${p.setId} in this project.`);
  ctx.progress({ fraction: 0.05, message: 'reading the instance calls' });
  const bySeq = callsBySequence(db, p.setId);
  const pos: SeqCalls[] = bySeq.filter((s) => s.positive);
  let ctl: SeqCalls[] = [], nPos: number, nCtl: number;
  const counts = countRows(db, set.datasetId, set.split);
  nPos = counts.nPos;
  if (p.control === 'negatives') {
    ctl = bySeq.filter((s) => !s.positive);
    nCtl = Math.min(counts.n, set.nSeqs) - nPos;
    if (nCtl <= 0) throw new ApiError('invalid_input', 'This dataset has no negative sequences: choose dinucleotide-shuffled controls instead.');
  } else {
    ctx.progress({ fraction: 0.1, message: 'loading the model to call instances in shuffled positives' });
    const { model } = await loadRunModel(db, set.runId);
    try {
      const gates = gatesOf(set.motifs.map((m) => ({ ...m, rcTwin: m.twin })), model.config.F, model.config.W);
      const rng = new Rng(p.seed);
      const shuffled: { idx: number; codes: Uint8Array }[] = [];
      for (const rows of datasetRows(db, set.datasetId, set.split)) for (const r of rows) if (isPositive(r.labels)) shuffled.push({ idx: r.idx, codes: dinucShuffle(codesOf(r.packed), rng) });
      nPos = shuffled.length; nCtl = shuffled.length;
      let done = 0;
      for (let s = 0; s < shuffled.length; s += 512) {
        ctx.throwIfCancelled();
        const part = shuffled.slice(s, s + 512).filter((x) => x.codes.length >= model.config.W);
        await callAll(model, part.map((x) => x.codes), gates, { attentionThreshold: Number(set.params.attentionThreshold ?? 0.5), activationScale: Number(set.params.activationScale ?? 1), signal: ctx.signal, bothStrands: true }, (res) => {
          for (const r of res) if (r.calls.length) ctl.push({ seq: part[r.index].idx, calls: r.calls.map((c) => ({ motif: c.motif, start: c.start, end: c.end, strand: c.strand })) });
        });
        done += part.length;
        ctx.progress({ fraction: 0.1 + 0.7 * (done / shuffled.length), message: `calling instances in ${done} of ${shuffled.length} shuffled positives` });
      }
    } finally { model.dispose(); }
  }
  ctx.progress({ fraction: 0.85, message: 'counting pairs, spacings and orientations' });
  const res = analyseSyntax(pos, ctl, nPos, nCtl!, { minSpacing: p.minSpacing, maxSpacing: p.maxSpacing, minSupport: p.minSupport, minEnrichment: p.minEnrichment });
  ctx.throwIfCancelled();
  const names = new Map(set.motifs.map((m) => [m.filter, m.name]));
  const name = (f: number) => nameOfFilter(names, f);
  const heads = (pos.find((s) => s.calls.some((c) => c.heads))?.calls.find((c) => c.heads)?.heads?.length) ?? null;
  const NH = Number(set.params.NH) || null;
  const rules: NewRule[] = res.rules.slice(0, 200).map((r) => ({
    runId: set.runId, motifA: { filter: r.a, name: name(r.a) }, motifB: { filter: r.b, name: name(r.b) }, orientation: r.orientation,
    spacingMin: r.spacingMin, spacingMax: r.spacingMax, spacingMode: r.spacingMode, enrichment: r.enrichment, support: r.support, controlSupport: r.controlSupport,
    pValue: r.pValue, layer: r.head !== null && NH ? Math.floor(r.head / NH) : r.head !== null ? 0 : null, head: r.head !== null && NH ? r.head % NH : r.head,
  }));
  const analysisId = db.transaction(() => {
    const id = saveAnalysis(db, { runId: set.runId, setId: p.setId, control: p.control, params: { ...p, heads, nPos, nCtl } , jobId: ctx.jobId }, res);
    replaceRules(db, set.runId, id, rules);
    return id;
  })();
  return { analysisId, nRules: rules.length, nPairs: res.pairs.length };
});

// ---------------------------------------------------------------------------------------------
// Track data of one sequence (engine call)

export const TrackArgs = z.object({
  projectPath: z.string(), runId: z.number().int(), setId: z.number().int().nullable().default(null),
  source: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('dataset'), datasetId: z.number().int(), idx: z.number().int() }),
    z.object({ kind: z.literal('sequence'), text: z.string(), name: z.string().default('sequence') }),
    z.object({ kind: z.literal('variant'), setId: z.number().int(), idx: z.number().int(), allele: z.enum(['ref', 'alt']) }),
  ]),
});

const modelCache = new Map<string, { model: SeqModel; key: string; motifs: SetMotif[] | null; motifKey: string }>();

async function cachedModel(db: Database.Database, path: string, runId: number): Promise<SeqModel> {
  const run = getRun(db, runId);
  if (!run) throw new ApiError('not_found', `No run ${runId} in this project.`);
  const key = `${run.finishedAt ?? run.createdAt}`;
  const id = `${path}#${runId}`;
  const hit = modelCache.get(id);
  if (hit && hit.key === key) return hit.model;
  if (hit) hit.model.dispose();
  const { model } = await loadRunModel(db, runId);
  modelCache.set(id, { model, key, motifs: null, motifKey: '' });
  return model;
}

export interface TrackData {
  name: string; sequence: string;
  /** forward strand alone, and the mean of both strands (what the variants table and instance calls use) */
  prob: number; probBothStrands: number; W: number; nL: number; NH: number; Lp: number;
  /** per layer×head attention (raw softmax) */
  attention: number[][];
  pooled: number[];
  /** per passing filter: activation track over L′ */
  filters: { filter: number; motif: number; name: string; strand: '+' | '-'; gate: number; trimStart: number; trimEnd: number; activation: number[] }[];
  truth: { start: number; end: number; strand: string; name: string }[];
  /** where the variant is (variant tracks) */
  marker: number | null;
  markers?: number[];
}

/**
 * What the track view reads of a scored variant set, passed in by the caller (src/core/app/worker/calls.ts)
 * because the variants floor sits above this one: one variant's reference and alternate windows
 * (variants/store.ts's variantWindows) and the motifs the set was scored with.
 */
export interface VariantReaders {
  windows(db: Database.Database, setId: number, idx: number): { ref: Uint8Array; alt: Uint8Array; offset: number; name: string } | null;
  scoredMotifs(db: Database.Database, setId: number): GrammarMotif[] | undefined;
}

export async function trackCall(raw: unknown, env: { db(path: string): Database.Database }, variants: VariantReaders): Promise<TrackData> {
  const a = TrackArgs.parse(raw);
  const db = env.db(a.projectPath);
  const model = await cachedModel(db, a.projectPath, a.runId);
  const { F, W } = model.config;
  const { nL, NH } = attentionLayout(model);
  let codes: Uint8Array, name: string, marker: number | null = null, markers: number[] | undefined, truth: TrackData['truth'] = [];
  if (a.source.kind === 'dataset') {
    const r = db.prepare('SELECT name, packed FROM dataset_seqs WHERE dataset_id = ? AND idx = ?').get(a.source.datasetId, a.source.idx) as { name: string; packed: Buffer } | undefined;
    if (!r) throw new ApiError('not_found', `Sequence ${a.source.idx} is not in dataset ${a.source.datasetId}.`);
    codes = codesOf(r.packed); name = r.name;
    truth = getTruth(db, a.source.datasetId, a.source.idx).map((t) => ({ start: t.start, end: t.end, strand: t.strand, name: t.motifName }));
  } else if (a.source.kind === 'sequence') {
    const t = a.source.text.replace(/^>.*$/m, '').replace(/\s+/g, '');
    if (!/^[ACGTNacgtn]+$/.test(t)) throw new ApiError('invalid_input', 'The sequence may only contain A, C, G, T and N.');
    codes = encode(t); name = a.source.name;
  } else {
    const w = variants.windows(db, a.source.setId, a.source.idx);
    if (!w) throw new ApiError('not_found', `Variant ${a.source.idx} is not in set ${a.source.setId}.`);
    codes = a.source.allele === 'ref' ? w.ref : w.alt; name = `${w.name} (${a.source.allele})`; marker = w.offset;
    markers = [];
    for (let k = 0; k < w.ref.length; k++) if (w.ref[k] !== w.alt[k]) markers.push(k);
  }
  if (codes.length < W) throw new ApiError('invalid_input', `The sequence is ${codes.length} bp, shorter than the model's filter width (${W} bp).`);
  if (codes.length > 20_000) throw new ApiError('invalid_input', 'The track view shows sequences up to 20 kb.');
  // motifs/gates: the chosen (or latest) instance set of the run, else stored motifs with gate 0.
  const set = a.setId !== null ? getInstanceSet(db, a.setId) : listInstanceSets(db, a.runId)[0] ?? null;
  let motifs: GrammarMotif[];
  const scoredWith = a.source.kind === 'variant' ? variants.scoredMotifs(db, a.source.setId) : undefined;
  if (set) motifs = set.motifs.map((m) => ({ ...m, rcTwin: m.twin }));
  else if (scoredWith?.length) motifs = scoredWith; // the motifs a variant set was scored with (extracted on the fly)
  else {
    const st = storedMotifs(db, a.runId);
    if (!st) throw new ApiError('conflict', 'Call instances for this run first (or extract its motifs on the Motifs screen), so that its filters are known.');
    motifs = st.map((m) => ({ ...m, meanPos: 0 }));
  }
  const gates = gatesOf(motifs, F, W);
  let out: TrackData | null = null;
  for await (const b of predictBatches(model, [codes], { withR: true, withAttention: true, batchSize: 1 })) {
    const Lp = b.L - W + 1, heads = nL * NH;
    const att: number[][] = [];
    for (let h = 0; h < heads; h++) att.push(Array.from(b.attention!.subarray(h * Lp, (h + 1) * Lp), (v) => +v.toPrecision(4)));
    const filters: TrackData['filters'] = [];
    gates.forEach((g, f) => {
      if (!g) return;
      const act: number[] = new Array(Lp);
      for (let j = 0; j < Lp; j++) act[j] = +b.r![j * F + f].toPrecision(4);
      filters.push({ filter: f, motif: g.motif, name: g.name, strand: g.strand, gate: g.gate, trimStart: g.trimStart, trimEnd: g.trimEnd, activation: act });
    });
    if (!Number.isFinite(b.probs[0])) throw new ApiError('internal', 'The model returned an invalid probability (NaN) for this sequence: this trained model is broken; retrain it.');
    const rc = await predict(model, [revcomp(codes)]);
    const probBothStrands = (b.probs[0] + rc.probs[0]) / 2;
    out = { name, sequence: decodeSeq(codes), prob: b.probs[0], probBothStrands, W, nL, NH, Lp, attention: att, pooled: Array.from(pooledAttention(b.attention!, 0, heads, Lp), (v) => +v.toPrecision(4)), filters, truth, marker, ...(markers ? { markers } : {}) };
  }
  return out!;
}

/** Example sequences that follow a rule: names and the pair's calls (for the rules list). */
export function ruleExamples(db: Database.Database, analysisId: number, rule: { a: number; b: number; orientation: string; spacingMin: number; spacingMax: number }, limit = 12): { seqIdx: number; seqName: string; datasetId: number; calls: { motif: number; start: number; end: number; strand: string }[] }[] {
  const an = getAnalysis(db, analysisId);
  if (!an) return [];
  const set = getInstanceSet(db, an.setId);
  if (!set) return [];
  const found = an.result.rules.find((r) => r.a === rule.a && r.b === rule.b && r.orientation === rule.orientation && r.spacingMin === rule.spacingMin && r.spacingMax === rule.spacingMax);
  const idxs = (found?.examples ?? []).slice(0, limit);
  const out = [];
  for (const i of idxs) {
    const calls = db.prepare('SELECT motif, start, end, strand, seq_name FROM instances WHERE set_id = ? AND seq_idx = ? AND motif IN (?, ?) ORDER BY start').all(set.id, i, rule.a, rule.b) as { motif: number; start: number; end: number; strand: string; seq_name: string }[];
    out.push({ seqIdx: i, seqName: calls[0]?.seq_name ?? `#${i}`, datasetId: set.datasetId, calls: calls.map(({ seq_name: _s, ...c }) => c) });
  }
  return out;
}
