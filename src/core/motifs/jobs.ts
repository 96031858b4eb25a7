// The bodies of the motif jobs (run in the engine worker): read motifs out of a trained run's
// filters (motifs.extract) and FIMO-style scans (motifs.scan). Parameters are validated by the
// command handlers before the job is queued and parsed again with the job contract's schemas
// (src/shared/api/motifs.ts, by defineJob); these bodies re-check what may have changed since.
import type Database from 'better-sqlite3';
import type { ScanJobParams } from '../../shared/api/motifs';
import { defineJob, jobWorkers } from '../jobs/context';
import { loadRunModel } from '../train/runs';
import { unpack, packedFromBytes } from '../seq/pack';
import { extractFilterMotifs } from './extract';
import { identifyRunMotifs } from './identity';
import { MotifLibrary, rowToMotif } from './library';
import { saveFilterMotifs, getMotif, asMotif, type ScanMotifRef } from './project-store';
import { loadScanSequences, scanAndStore, type ScanSource, type ScanOptions } from './scan';
import { backgroundInfo, complementAverage } from '../pwm/background';
import type { Motif } from '../pwm/types';

/** Evenly spaced subset of at most n items (deterministic). */
function spread<T>(xs: T[], n: number): T[] {
  if (xs.length <= n) return xs;
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(xs[Math.floor((i * xs.length) / n)]);
  return out;
}

/** Positives (any task label ≥ 0.5) and negatives (every task labelled 0) of a dataset, as codes. */
export function datasetPosNeg(db: Database.Database, datasetId: number, minLength: number): { pos: Uint8Array[]; neg: Uint8Array[]; tooShort: number } {
  const ds = db.prepare('SELECT n_tasks FROM datasets WHERE id = ?').get(datasetId) as { n_tasks: number } | undefined;
  if (!ds) throw new Error(`Dataset ${datasetId} no longer exists in this project.`);
  const pos: Uint8Array[] = [], neg: Uint8Array[] = [];
  let tooShort = 0;
  for (const r of db.prepare('SELECT labels, packed FROM dataset_seqs WHERE dataset_id = ? ORDER BY idx').iterate(datasetId) as IterableIterator<{ labels: Buffer; packed: Buffer }>) {
    const lab = new Float32Array(r.labels.buffer.slice(r.labels.byteOffset, r.labels.byteOffset + 4 * ds.n_tasks));
    const isPos = Array.from(lab).some((v) => v >= 0.5);
    const isNeg = Array.from(lab).every((v) => v === 0);
    if (!isPos && !isNeg) continue;
    const codes = unpack(packedFromBytes(new Uint8Array(r.packed.buffer, r.packed.byteOffset, r.packed.byteLength)));
    if (codes.length < minLength) { tooShort++; continue; }
    (isPos ? pos : neg).push(codes);
  }
  return { pos, neg, tooShort };
}

export const extractJob = defineJob('motifs.extract', async (ctx) => {
  const p = ctx.params;
  const db = ctx.db();
  ctx.progress({ fraction: 0.01, message: 'loading the trained model' });
  const { model, meta } = await loadRunModel(db, p.runId);
  try {
    const datasetId = p.datasetId ?? meta.datasetId;
    if (datasetId === null) throw new Error('This run is not linked to a dataset of this project: choose the dataset to read its filters on.');
    const { W, F } = model.config;
    const all = datasetPosNeg(db, datasetId, W);
    if (!all.pos.length) throw new Error('The dataset has no positive sequences to read the filters on.');
    const pos = spread(all.pos, p.maxSequences), neg = spread(all.neg, p.maxSequences);
    const total = pos.length + neg.length;
    const motifs = await extractFilterMotifs(model, pos, neg, {
      signal: ctx.signal,
      onProgress: (done) => {
        ctx.throwIfCancelled();
        ctx.progress({ fraction: 0.05 + 0.8 * (done / total), message: `reading ${F} filters: ${done} of ${total} sequences` });
      },
    });
    ctx.throwIfCancelled();
    const ids = saveFilterMotifs(db, p.runId, datasetId, motifs);
    let matched = 0;
    if (p.collectionId !== null) {
      ctx.progress({ fraction: 0.9, message: 'matching against the motif library' });
      const lib = new MotifLibrary(p.libraryPath, { readonly: true });
      try {
        const coll = lib.collection(p.collectionId);
        if (coll) {
          // every filter is compared and named, low-quality ones too (identity.ts)
          matched = identifyRunMotifs(db, p.runId, lib.tomtom(p.collectionId), coll, p.metric, (done, n) => {
            ctx.throwIfCancelled();
            ctx.progress({ fraction: 0.9 + 0.09 * (done / n), message: `naming motifs: compared ${done} of ${n} with ${coll.name}` });
          });
        }
      } finally {
        lib.close();
      }
    }
    return {
      runId: p.runId, datasetId, motifIds: ids, nFilters: F, nPassing: motifs.filter((m) => m.passes).length,
      nUnused: motifs.filter((m) => m.unused).length, nTwins: motifs.filter((m) => m.rcTwin !== null).length,
      nPositives: pos.length, nNegatives: neg.length, skippedShort: all.tooShort, matched,
    };
  } finally {
    model.dispose();
  }
});

/** The motifs of a scan request, in scan order: project motifs, then library motifs, then a whole collection. */
export function resolveScanMotifs(db: Database.Database, lib: MotifLibrary | null, p: Pick<ScanJobParams, 'motifIds' | 'libraryMotifIds' | 'collectionId'>): { motifs: Motif[]; refs: ScanMotifRef[] } {
  const motifs: Motif[] = [], refs: ScanMotifRef[] = [];
  for (const id of p.motifIds) {
    const m = getMotif(db, id);
    if (!m) throw new Error(`Motif ${id} no longer exists in this project.`);
    const mm = asMotif(m);
    motifs.push(mm);
    refs.push({ key: `p:${id}`, id: mm.id, name: m.name, width: mm.probs.length });
  }
  const libRows = [...(lib && p.libraryMotifIds.length ? lib.motifsByIds(p.libraryMotifIds) : []), ...(lib && p.collectionId !== null ? lib.collectionMotifs(p.collectionId) : [])];
  if ((p.libraryMotifIds.length || p.collectionId !== null) && !lib) throw new Error('The motif library is not available.');
  const seen = new Set<number>();
  for (const r of libRows) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    motifs.push(rowToMotif(r));
    refs.push({ key: `l:${r.id}`, id: r.motifId, name: r.name, width: r.width });
  }
  return { motifs, refs };
}

/** The scan's background option; a file's frequencies are averaged with their complement (two-strand scan, as MEME). */
export function scanBackground(p: Pick<ScanJobParams, 'bg' | 'bgFile' | 'bgValues'>): ScanOptions['bg'] {
  if (p.bg !== 'file') return p.bg;
  if (!p.bgValues || !p.bgFile) throw new Error('A background file was chosen but not read.');
  return backgroundInfo('file', complementAverage(p.bgValues), p.bgFile);
}

export const scanJob = defineJob('motifs.scan', async (ctx) => {
  const p = ctx.params;
  const db = ctx.db();
  ctx.progress({ fraction: 0.01, message: 'reading sequences' });
  const needLib = p.libraryMotifIds.length > 0 || p.collectionId !== null;
  const lib = needLib ? new MotifLibrary(p.libraryPath, { readonly: true }) : null;
  try {
    const { motifs, refs } = resolveScanMotifs(db, lib, p);
    if (!motifs.length) throw new Error('Choose at least one motif to scan with.');
    const { seqs, label } = await loadScanSequences(db, p.source as ScanSource, ctx.signal);
    if (!seqs.length) throw new Error(`No sequences in ${label}.`);
    ctx.throwIfCancelled();
    const source = p.source.kind === 'sequences' ? { kind: 'sequences', count: p.source.seqs.length, label } : { ...p.source, label };
    // Engine workers (jobs/pool.ts): each chunk of sequences is split by motif groups; the hits are the same.
    const { workers: n, pool } = await jobWorkers(ctx);
    const workers = { n, pool };
    const res = await scanAndStore(db, p.name || `${motifs.length} motif${motifs.length === 1 ? '' : 's'} in ${label}`, source, motifs, refs, seqs, {
      pThreshold: p.pThreshold, bg: scanBackground(p), maxHits: p.maxHits, signal: ctx.signal, jobId: ctx.jobId, workers,
      onProgress: (f, message) => ctx.progress({ fraction: 0.05 + 0.9 * f, message }),
    });
    return { ...res, nMotifs: motifs.length, nSeqs: seqs.length };
  } finally {
    lib?.close();
  }
});
