// FIMO-style scanning of any sequences (a project dataset, a FASTA file, pasted sequences) with any
// motifs (project motifs, library motifs, whole library collections), stored as a paged scan.
// The scan runs fimo() in chunks of sequences (for progress and cancellation) with one fixed
// background (MEME's default unless asked: uniform, the scanned sequences' composition over the
// whole scan, or a background file, averaged with its complement as for any two-strand scan);
// p-values are per window as in one fimo() call, and q-values are recomputed by
// Benjamini–Hochberg over all hits and all tests of the whole scan, so the stored result equals a
// single fimo() over every sequence (the test checks this). The scan records its background.
import type Database from 'better-sqlite3';
import { fimo, resolveBackground } from '../pwm/fimo';
import { bhQValues } from '../pwm/pvalue';
import type { Bg } from '../pwm/matrix';
import type { BackgroundInfo } from '../pwm/background';
import type { Motif } from '../pwm/types';
import { unpack, packedFromBytes } from '../seq/pack';
import { encode } from '../seq/alphabet';
import { readFasta } from '../io/fasta';
import { writeScan, type ScanMotifRef, type ScanHitRow } from './project-store';
import { fimoParallel } from './fimo-parallel';
import type { PoolLike } from '../jobs/pool';
import { DEFAULT_SCAN_P } from '../../shared/scan-defaults';

export interface ScanSequence { name: string; codes: Uint8Array; region?: { chrom: string; start: number; end: number; strand: '+' | '-' } | null }

export type ScanSource =
  | { kind: 'dataset'; datasetId: number; split?: 'all' | 'train' | 'valid' | 'test' }
  | { kind: 'fasta'; path: string }
  | { kind: 'sequences'; seqs: { name: string; seq: string }[] };

/** Sequences of a scan source. Dataset rows keep their genomic region when they were cut from peaks. */
export async function loadScanSequences(db: Database.Database, src: ScanSource, signal?: AbortSignal): Promise<{ seqs: ScanSequence[]; label: string }> {
  if (src.kind === 'dataset') {
    const ds = db.prepare('SELECT name FROM datasets WHERE id = ?').get(src.datasetId) as { name: string } | undefined;
    if (!ds) throw new Error(`Dataset ${src.datasetId} no longer exists in this project.`);
    const split = src.split && src.split !== 'all' ? src.split : null;
    const rows = db.prepare(`SELECT idx, name, packed, chrom, start, end, strand FROM dataset_seqs WHERE dataset_id = ?${split ? ' AND split = ?' : ''} ORDER BY idx`)
      .iterate(...(split ? [src.datasetId, split] : [src.datasetId])) as IterableIterator<{ idx: number; name: string; packed: Buffer; chrom: string | null; start: number | null; end: number | null; strand: string | null }>;
    const seqs: ScanSequence[] = [];
    for (const r of rows) {
      const codes = unpack(packedFromBytes(new Uint8Array(r.packed.buffer, r.packed.byteOffset, r.packed.byteLength)));
      const region = r.chrom !== null && r.start !== null && r.end !== null && r.end - r.start === codes.length
        ? { chrom: r.chrom, start: r.start, end: r.end, strand: (r.strand === '-' ? '-' : '+') as '+' | '-' } : null;
      seqs.push({ name: r.name, codes, region });
    }
    return { seqs, label: `dataset “${ds.name}”${split ? ` (${split})` : ''}` };
  }
  if (src.kind === 'fasta') {
    const seqs: ScanSequence[] = [];
    for await (const rec of readFasta(src.path, { signal, parseLabels: false })) seqs.push({ name: rec.name, codes: rec.codes });
    return { seqs, label: src.path.split(/[\\/]/).pop() ?? src.path };
  }
  return { seqs: src.seqs.map((s) => ({ name: s.name, codes: encode(s.seq) })), label: `${src.seqs.length} pasted sequence${src.seqs.length === 1 ? '' : 's'}` };
}

/**
 * Parse pasted sequences: FASTA (lines starting with '>') or one sequence per line (named seq1, seq2…).
 * Whitespace inside lines is ignored. Throws an Error naming the line on a bad character.
 */
export function parsePastedSequences(text: string): { name: string; seq: string }[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const out: { name: string; seq: string }[] = [];
  const fasta = lines.some((l) => l.trimStart().startsWith('>'));
  let cur: { name: string; seq: string } | null = null;
  lines.forEach((raw, i) => {
    const l = raw.trim();
    if (!l) return;
    if (fasta && l.startsWith('>')) {
      cur = { name: l.slice(1).trim().split(/\s+/)[0] || `seq${out.length + 1}`, seq: '' };
      out.push(cur);
      return;
    }
    const s = l.replace(/\s+/g, '');
    const bad = /[^ACGTUNRYSWKMBDHVacgtunryswkmbdhv]/.exec(s);
    if (bad) throw new Error(`Line ${i + 1}: '${bad[0]}' is not a nucleotide (expected A, C, G, T or N).`);
    if (fasta) {
      if (!cur) throw new Error(`Line ${i + 1}: sequence before the first '>' header.`);
      (cur as { seq: string }).seq += s;
    } else out.push({ name: `seq${out.length + 1}`, seq: s });
  });
  if (!out.length) throw new Error('No sequences: paste FASTA or one sequence per line.');
  const empty = out.find((s) => !s.seq.length);
  if (empty) throw new Error(`Sequence “${empty.name}” is empty.`);
  return out;
}

export interface ScanOptions {
  pThreshold?: number;
  /** MEME's default ('meme', the default), 'uniform', 'sequences', or a resolved background (a file's). */
  bg?: 'meme' | 'uniform' | 'sequences' | BackgroundInfo;
  maxHits?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number, message: string) => void;
  /** Engine workers sharing each chunk by motif groups (./fimo-parallel.ts); the result is the same. */
  workers?: { pool: PoolLike | null; n: number };
}

export interface ScanOutput { hits: Omit<ScanHitRow, 'rank'>[]; tests: number; truncated: boolean; bg: Bg; background: BackgroundInfo; nBases: number }

/** Map [start, end) on a sequence cut from `region` to genome coordinates (minus-strand regions flip). */
function toGenome(region: NonNullable<ScanSequence['region']>, start: number, end: number, strand: '+' | '-') {
  if (region.strand === '+') return { gstart: region.start + start, gend: region.start + end, gstrand: strand };
  return { gstart: region.end - end, gend: region.end - start, gstrand: strand === '+' ? '-' : '+' };
}

/** Scan in chunks; result equals one fimo(motifs, all sequences) with the same background. */
export async function runScan(motifs: Motif[], seqs: ScanSequence[], opts: ScanOptions = {}): Promise<ScanOutput> {
  const codes = seqs.map((s) => s.codes);
  const background = resolveBackground(opts.bg, codes);
  const pThreshold = opts.pThreshold ?? DEFAULT_SCAN_P;
  const maxHits = opts.maxHits ?? 200_000;
  const all: (Omit<ScanHitRow, 'rank' | 'q'> & { q: number })[] = [];
  let tests = 0, truncated = false, nBases = 0;
  for (const c of codes) nBases += c.length;
  // fimo() prepares every motif per call (≈7 ms per JASPAR motif): chunks grow with the motif count
  // so that preparation stays a small share of the scan, while progress still moves.
  const chunkBases = Math.max(1_000_000, Math.ceil(nBases / 50), motifs.length * 10_000);
  let i = 0, done = 0;
  while (i < seqs.length) {
    if (opts.signal?.aborted) throw new Error('cancelled');
    let j = i, b = 0;
    while (j < seqs.length && (j === i || b + codes[j].length <= chunkBases)) { b += codes[j].length; j++; }
    const fo = { pThreshold, bg: background, maxHits: maxHits - all.length + 1 };
    const r = opts.workers && opts.workers.n > 1 ? await fimoParallel(opts.workers.pool, opts.workers.n, motifs, codes.slice(i, j), fo) : fimo(motifs, codes.slice(i, j), fo);
    for (const t of r.tests) tests += t;
    for (const h of r.hits) {
      const s = seqs[i + h.seqIndex];
      const g = s.region ? toGenome(s.region, h.start, h.end, h.strand) : null;
      all.push({
        motifIdx: h.motifIndex, seqIdx: i + h.seqIndex, seqName: s.name, start: h.start, end: h.end, strand: h.strand, score: h.score,
        p: h.p, q: 1, matched: h.matched, chrom: g ? s.region!.chrom : null, gstart: g?.gstart ?? null, gend: g?.gend ?? null, gstrand: g?.gstrand ?? null,
      });
    }
    done += b;
    if (r.truncated || all.length > maxHits) { truncated = true; break; }
    i = j;
    opts.onProgress?.(done / Math.max(1, nBases), `scanned ${(done / 1e6).toFixed(2)} of ${(nBases / 1e6).toFixed(2)} Mb`);
  }
  if (all.length > maxHits) all.length = maxHits;
  all.sort((a, b) => a.p - b.p || a.seqIdx - b.seqIdx || a.start - b.start || (a.strand < b.strand ? -1 : a.strand > b.strand ? 1 : 0));
  const q = bhQValues(all.map((h) => h.p), tests);
  all.forEach((h, k) => (h.q = q[k]));
  return { hits: all, tests, truncated, bg: background.values, background, nBases };
}

/** Run a scan and store it (one transaction); returns the scan id. */
export async function scanAndStore(
  db: Database.Database, name: string, source: Record<string, unknown>, motifs: Motif[], refs: ScanMotifRef[], seqs: ScanSequence[],
  opts: ScanOptions & { jobId?: string | null } = {},
): Promise<{ scanId: number; nHits: number; truncated: boolean; tests: number }> {
  const out = await runScan(motifs, seqs, opts);
  const genomic = seqs.some((s) => !!s.region);
  const scanId = writeScan(db, {
    name, source, motifs: refs,
    params: { pThreshold: opts.pThreshold ?? DEFAULT_SCAN_P, bg: out.background.kind, bgValues: out.bg, background: out.background, maxHits: opts.maxHits ?? 200_000 },
    nSeqs: seqs.length, nBases: out.nBases, nTests: out.tests, truncated: out.truncated, genomic, jobId: opts.jobId ?? null,
  }, out.hits);
  return { scanId, nHits: out.hits.length, truncated: out.truncated, tests: out.tests };
}
