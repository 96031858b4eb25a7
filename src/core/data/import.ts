// The import pipeline behind the Data screen's wizard: FASTA (positives, optional labels) or peaks +
// genome → windows → negatives (none, GC-matched genomic, dinucleotide shuffles, user FASTA) →
// split (held-out chromosomes or seeded random) → statistics. `planImport` builds everything in
// memory without touching the project (the preview); `runImport` then writes it in one
// transaction, so a cancelled or failed import leaves no dataset behind.
//
// Rules (see docs/data.md): sequences with more than `maxNFraction` N are dropped and counted;
// unlabelled positives get label 1, added negatives label 0 on every task; a sequence counts as
// positive in the statistics when any label is > 0. FASTA names of the form chrom:start-end give a
// record its coordinates (so a chromosome split can apply to FASTA from bedtools getfasta).
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type Database from 'better-sqlite3';
import type { ImportSpec, DatasetStats, DatasetSource } from '../../shared/api/data';
import { loadBed, type Peak } from '../io/bed';
import { openGenome } from '../io/genome';
import { chromAlias, describeAliases } from '../io/chrom-alias';
import { InputError } from '../io/errors';
import { N } from '../seq/alphabet';
import { Rng } from '../seq/random';
import { peaksToWindows, GenomeMismatchError } from './windows';
import { gcMatchedNegatives, shuffledNegatives, fastaNegatives } from './negatives';
import { randomSplit, SplitError, type Split } from './splits';
import { computeStats, isPositive, type DropItem } from './stats';
import { writeDatasetAsync, type NewDataset, type NewSequence, type SplitName } from './store';
import type { TableColumns } from '../../shared/api/data';
import { fitLength, describeFit, type FitReport } from './fit-length';
import { proposeHoldout } from './holdout';
import { readGiven } from './read-given';

export interface PlanHooks {
  signal?: AbortSignal;
  /** fraction 0…1 of the planning work, with a short message. */
  progress?: (fraction: number, message: string) => void;
}

export interface PlannedSeq extends NewSequence {
  labels: number[];
  /** Index (in the plan) of the positive this sequence was made from: it goes to the same split. */
  follows?: number;
  /** Split fixed by the user's files (a separate test-set file). */
  fixed?: SplitName;
  /** The table's fold value (split mode 'fold'). */
  fold?: string | null;
}

export interface ImportPlan {
  meta: NewDataset;
  seqs: PlannedSeq[];
  stats: DatasetStats;
  /** Reasons the plan cannot be imported as is (preview shows them; import refuses). */
  blockers: string[];
}

/** Thrown for a spec that cannot work (empty split, no sequences left…); becomes the job's error. */
export class ImportError extends Error {
  override readonly name = 'ImportError';
}

const COORD = /^(?:.*\|)?([A-Za-z0-9_.\-]+):(\d+)-(\d+)(?:\(([+-])\))?$/;

function aborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw signal.reason ?? new DOMException('Aborted', 'AbortError');
}
function nFraction(codes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < codes.length; i++) if (codes[i] === N) n++;
  return codes.length ? n / codes.length : 1;
}

const tick = () => new Promise<void>((r) => setImmediate(r));

function sourceInfo(role: string, path: string, format: string): DatasetSource {
  let sizeBytes: number | null = null;
  try { sizeBytes = statSync(path).size; } catch { /* reported by the reader */ }
  return { role, path, file: basename(path), format, sizeBytes };
}

function throttle(fn: ((f: number, m: string) => void) | undefined, ms = 150) {
  let last = 0;
  return (f: number, m: string, force = false) => {
    const now = Date.now();
    if (!fn || (!force && now - last < ms)) return;
    last = now;
    fn(Math.max(0, Math.min(1, f)), m);
  };
}

/** Shuffled negatives in batches (so cancel is seen), deterministic for a seed. */
async function shuffleInBatches(positives: Uint8Array[], ratio: number, seed: number, maxN: number, hooks: PlanHooks, report: (f: number) => void) {
  const master = new Rng(seed);
  const codes: Uint8Array[] = [], source: number[] = [];
  let lowComplexity = 0, skippedN = 0;
  const B = 2000;
  for (let b = 0; b < positives.length; b += B) {
    aborted(hooks.signal);
    const r = shuffledNegatives(positives.slice(b, b + B), { k: 2, ratio, seed: master.u32(), maxNFraction: maxN });
    codes.push(...r.codes);
    for (const s of r.source) source.push(b + s);
    lowComplexity += r.report.lowComplexity;
    skippedN += r.report.skippedN;
    report(Math.min(1, (b + B) / positives.length));
    await tick();
  }
  return { codes, source, report: { lowComplexity, skippedN } };
}

/** Assigns every planned sequence to a split; returns human-readable problems instead of throwing. */
function assignSplits(all: PlannedSeq[], spec: ImportSpec, defaultSplit: NonNullable<ImportSpec['split']>): { blockers: string[]; notes: string[] } {
  const split = spec.split ?? defaultSplit;
  const blockers: string[] = [], notes: string[] = [];
  // Sequences whose split the user's files fix (a separate test set, and what follows them) keep it.
  const fixedOf = (s: PlannedSeq) => s.fixed ?? (s.follows !== undefined ? all[s.follows].fixed : undefined);
  for (const s of all) { const f = fixedOf(s); if (f) s.split = f; }
  const seqs = all.filter((s) => !fixedOf(s));
  const hasTestFile = seqs.length < all.length;
  if (split.mode === 'fold') {
    const test = new Set(split.test), valid = new Set(split.valid);
    for (const c of valid) if (test.has(c)) blockers.push(`Fold ${c} is in both the validation and the test set.`);
    for (const s of seqs) if (s.follows === undefined) s.split = s.fold != null && test.has(s.fold) ? 'test' : s.fold != null && valid.has(s.fold) ? 'valid' : 'train';
    if (!valid.size && split.validFraction > 0) {
      const train = seqs.map((s, i) => (s.follows === undefined && s.split === 'train' ? i : -1)).filter((i) => i >= 0);
      const sp = randomSplit(train.length, { fractions: [1 - split.validFraction, split.validFraction, 0], seed: spec.seed, labels: train.map((i) => (isPositive(seqs[i].labels) ? 'pos' : 'neg')) });
      for (const i of sp.valid) seqs[train[i]].split = 'valid';
    }
    for (const s of seqs) if (s.follows !== undefined) s.split = all[s.follows].split;
    notes.push(`Split by the fold column: test ${split.test.join(' + ') || (hasTestFile ? 'the separate test file' : 'none')}, validation ${split.valid.join(' + ') || `a random ${Math.round(split.validFraction * 100)}% of the rest`}; all others train.`);
  } else if (split.mode === 'random') {
    // Sequences made from a positive (its shuffles) follow it; the others are split, stratified by label.
    const fractions: [number, number, number] = hasTestFile ? [split.fractions[0], split.fractions[1], 0] : split.fractions;
    const leaders = seqs.map((_, i) => i).filter((i) => seqs[i].follows === undefined);
    const keys = leaders.map((i) => (isPositive(seqs[i].labels) ? 'pos' : 'neg') + (seqs[i].labels.length > 1 ? seqs[i].labels.join(',') : ''));
    let sp: Split;
    try {
      sp = randomSplit(leaders.length, { fractions, seed: spec.seed, labels: keys });
    } catch (e) {
      if (!(e instanceof SplitError)) throw e;
      blockers.push(e.message);
      return { blockers, notes };
    }
    for (const k of ['train', 'valid', 'test'] as const) for (const i of sp[k]) seqs[leaders[i]].split = k;
    for (const s of seqs) if (s.follows !== undefined) s.split = all[s.follows].split;
    notes.push(`Random split ${fractions.map((f) => Math.round(f * 100)).join('/')} (train/validation/test), seed ${spec.seed}, stratified by label${seqs.some((s) => s.follows !== undefined) ? '; shuffled negatives stay in their positive’s split' : ''}.`);
  } else {
    chromosomeSplit(seqs, split, spec, blockers, notes);
  }
  if (hasTestFile) notes.push(`The test set is the separate file ${basename(spec.testFile!)} (${all.filter((s) => s.split === 'test').length.toLocaleString('en')} sequences).`);
  for (const [k, label] of [['train', 'training'], ['valid', 'validation'], ['test', 'test']] as const)
    if (split.mode === 'fold' && !all.some((s) => s.split === k)) blockers.push(`The ${label} split is empty: give more sequences${k === 'test' ? ', a test-set file,' : ''} or change the split.`);
  return { blockers, notes };
}

function chromosomeSplit(seqs: PlannedSeq[], split: { valid: string[]; test: string[] }, spec: ImportSpec, blockers: string[], notes: string[]): void {
  const valid = new Set(split.valid), test = new Set(split.test);
  for (const c of valid) if (test.has(c)) blockers.push(`Chromosome ${c} is in both the validation and the test set.`);
  const missing: number[] = [];
  seqs.forEach((s, i) => {
    if (!s.chrom) { missing.push(i); return; }
    s.split = test.has(s.chrom) ? 'test' : valid.has(s.chrom) ? 'valid' : 'train';
  });
  if (missing.length) {
    // Sequences without coordinates (e.g. negatives from a FASTA without chrom:start-end names):
    // spread over the splits in the same proportions as those with coordinates.
    const n = seqs.length - missing.length;
    const share = (k: SplitName) => seqs.filter((s) => s.chrom && s.split === k).length / Math.max(1, n);
    if (n === 0) blockers.push('A chromosome split needs coordinates: name FASTA records chrom:start-end (as bedtools getfasta does), or choose a random split.');
    else {
      const sp = randomSplit(missing.length, { fractions: [share('train'), share('valid'), share('test')], seed: spec.seed });
      for (const k of ['train', 'valid', 'test'] as const) for (const i of sp[k]) seqs[missing[i]].split = k;
      notes.push(`${missing.length} sequence(s) without coordinates were spread over the splits in the same proportions as the others.`);
    }
  }
  const chroms = [...new Set(seqs.map((s) => s.chrom).filter((c): c is string => !!c))].sort();
  for (const [k, label, list] of [['valid', 'validation', split.valid], ['test', 'test', split.test]] as const) {
    if (!seqs.some((s) => s.split === k))
      blockers.push(`The ${label} split is empty: none of ${list.length ? list.join(', ') : '(no chromosome chosen)'} is among your chromosomes (${chroms.slice(0, 12).join(', ')}${chroms.length > 12 ? ', …' : ''}). Edit the held-out chromosomes or choose a random split.`);
  }
  if (!seqs.some((s) => s.split === 'train')) blockers.push('The training split is empty: every chromosome is held out.');
  notes.push(`Held-out chromosomes: validation ${split.valid.join(' + ') || 'none'}, test ${split.test.join(' + ') || 'none'}; all others train.`);
}

export async function planImport(spec: ImportSpec, hooks: PlanHooks = {}): Promise<ImportPlan> {
  const progress = throttle(hooks.progress);
  const maxN = spec.maxNFraction;
  const dropped: DropItem[] = [];
  const notes: string[] = [];
  const sources: DatasetSource[] = [];
  const seqs: PlannedSeq[] = [];
  let taskNames = ['task1'];
  let genomePath: string | null = null;
  const kind = spec.source.kind;
  const neg = spec.negatives;

  const fit: FitReport = { cropped: 0, padded: 0 };
  const given = (file: string, role: 'positives' | 'test', columns: TableColumns | null, share: [number, number]) =>
    readGiven(file, role, columns, { maxN, fitTo: spec.fitLength, fit, hooks, progress: (f, m) => progress(share[0] + (share[1] - share[0]) * f, m) });
  let defaultSplit: NonNullable<ImportSpec['split']> = { mode: 'random', fractions: [0.8, 0.1, 0.1] };
  if (spec.source.kind === 'fasta' || spec.source.kind === 'table') {
    const isTable = spec.source.kind === 'table';
    const file = spec.source.kind === 'table' ? spec.source.file : spec.source.positives;
    const columns = spec.source.kind === 'table' ? spec.source.columns : null;
    sources.push(sourceInfo('positives', file, isTable ? 'table' : 'fasta'));
    const r = await given(file, 'positives', columns, [0, spec.testFile ? 0.35 : 0.5]);
    seqs.push(...r.seqs);
    if (r.nLabels > 0) {
      taskNames = r.labelNames ?? Array.from({ length: r.nLabels }, (_, i) => `task${i + 1}`);
      notes.push(isTable ? `Labels for ${r.nLabels} task(s) read from column(s) ${taskNames.map((t) => `“${t}”`).join(', ')}.` : `Labels for ${r.nLabels} task(s) read from label= in the FASTA headers.`);
    }
    notes.push(...r.notes);
    dropped.push({ what: 'positives', reason: `more than ${Math.round(maxN * 100)}% N`, count: r.tooManyN });
    if (columns?.fold) defaultSplit = { mode: 'fold', test: [], valid: [], validFraction: 0.1 };
  } else {
    const { peaks: peakFile, genome: gFile, window } = spec.source;
    genomePath = gFile;
    sources.push(sourceInfo('peaks', peakFile, 'bed'), sourceInfo('genome', gFile, 'genome'));
    progress(0, `opening genome ${basename(gFile)}`, true);
    const genome = await openGenome(gFile, {
      fileName: gFile,
      signal: hooks.signal,
      onProgress: ({ bytes, totalBytes }) => progress(totalBytes ? (0.25 * bytes) / totalBytes : 0, `reading genome ${basename(gFile)}`),
    });
    aborted(hooks.signal);
    notes.push(...(genome.notes ?? []));
    const peaks: Peak[] = await loadBed(peakFile, {
      fileName: peakFile,
      signal: hooks.signal,
      onProgress: ({ bytes, totalBytes }) => progress(0.25 + (totalBytes ? (0.05 * bytes) / totalBytes : 0), `reading ${basename(peakFile)}`),
    });
    if (!peaks.length) throw new InputError(peakFile, undefined, 'at least one peak line (chrom, start, end)', 'no peaks');
    const sizes = genome.chromSizes();
    // `X` in the peaks and `chrX` in the genome (or the other way round, M ↔ MT) are one chromosome.
    const renamed = new Map<string, string>();
    let nRenamed = 0;
    for (const p of peaks) {
      if (sizes.has(p.chrom)) continue;
      const alias = chromAlias(sizes, p.chrom);
      if (!alias) continue;
      renamed.set(p.chrom, alias);
      p.chrom = alias;
      nRenamed++;
    }
    if (renamed.size) notes.push(`Chromosome names in ${basename(peakFile)} were matched to the genome's: ${describeAliases(renamed)} (${nRenamed.toLocaleString('en')} peak(s)).`);
    if (!spec.split) {
      // Held-out chromosomes proposed from this genome and these peaks (not human ones for a worm).
      const per = new Map<string, number>();
      for (const p of peaks) per.set(p.chrom, (per.get(p.chrom) ?? 0) + 1);
      const h = proposeHoldout(sizes, per);
      defaultSplit = h.mode === 'chromosome' ? { mode: 'chromosome', valid: h.valid, test: h.test } : { mode: 'random', fractions: [0.8, 0.1, 0.1] };
      notes.push(h.reason);
    }
    // Peaks that run past their chromosome's end mean a genome/assembly mismatch for that line.
    const beyond: Peak[] = [];
    const inside = peaks.filter((p) => {
      const n = sizes.get(p.chrom);
      if (n !== undefined && p.end > n) { beyond.push(p); return false; }
      return true;
    });
    if (beyond.length) {
      const b = beyond[0];
      dropped.push({ what: 'peaks', reason: 'peak runs past the end of its chromosome (wrong genome assembly?)', count: beyond.length, detail: `${basename(peakFile)} line ${b.line}: ${b.chrom}:${b.start}-${b.end}, but ${b.chrom} is ${sizes.get(b.chrom)} bp` });
      if (beyond.length === peaks.length) throw new InputError(peakFile, b.line, `peaks within the chromosomes of ${basename(gFile)} (${b.chrom} is ${sizes.get(b.chrom)} bp)`, `${b.chrom}:${b.start}-${b.end}; every peak runs past its chromosome end — is this the right genome assembly?`);
    }
    let win;
    try {
      win = peaksToWindows(inside, sizes, { length: window.length, jitter: window.jitter, seed: spec.seed, useSummit: window.centre === 'summit' });
    } catch (e) {
      if (e instanceof GenomeMismatchError) {
        const first = inside.find((p) => !sizes.has(p.chrom));
        throw new InputError(peakFile, first?.line, `chromosome names that are in the genome ${basename(gFile)} (it has ${[...sizes.keys()].slice(0, 8).join(', ')}${sizes.size > 8 ? ', …' : ''})`, `'${first?.chrom}' — no peak chromosome is in this genome`);
      }
      throw e;
    }
    const rep = win.report;
    const firstMissing = inside.find((p) => !sizes.has(p.chrom));
    dropped.push(
      { what: 'peaks', reason: 'chromosome not in the genome', count: rep.dropped.missingChromosome, detail: rep.missingChromosomes.length ? `${rep.missingChromosomes.slice(0, 10).join(', ')}${firstMissing ? ` (first at ${basename(peakFile)} line ${firstMissing.line})` : ''}` : undefined },
      { what: 'windows', reason: 'window runs off the chromosome end', count: rep.dropped.offChromosomeEnd },
      { what: 'windows', reason: 'duplicate window (same chromosome and start)', count: rep.dropped.duplicate },
    );
    const hasSummit = inside.some((p) => p.summit !== undefined);
    notes.push(`${window.length} bp windows centred on ${window.centre === 'summit' && hasSummit ? 'the narrowPeak summit (column 10)' : 'the peak centre'}${window.jitter ? `, jitter ±${window.jitter} bp` : ''}.`);
    let tooManyN = 0;
    for (let i = 0; i < win.windows.length; i++) {
      const w = win.windows[i];
      if ((i & 1023) === 0) {
        aborted(hooks.signal);
        progress(0.3 + (0.2 * i) / win.windows.length, `cutting windows (${i.toLocaleString('en')} of ${win.windows.length.toLocaleString('en')})`);
        await tick();
      }
      const codes = await genome.fetch(w.chrom, w.start, w.end);
      if (nFraction(codes) > maxN) { tooManyN++; continue; }
      seqs.push({ name: w.name ?? `${w.chrom}:${w.start}-${w.end}`, split: 'train', labels: [1], codes, chrom: w.chrom, start: w.start, end: w.end, strand: '+', origin: 'positive' });
    }
    dropped.push({ what: 'windows', reason: `more than ${Math.round(maxN * 100)}% N`, count: tooManyN });
    if (neg.mode === 'genomic') {
      progress(0.5, 'sampling GC-matched genomic negatives', true);
      const posCodes = seqs.map((s) => s.codes);
      const lengths = new Set(posCodes.map((c) => c.length));
      if (lengths.size > 1) throw new ImportError('GC-matched genomic negatives need positives of one length.');
      const g = await gcMatchedNegatives(genome, posCodes, [...peaks, ...win.windows], {
        ratio: neg.ratio, seed: spec.seed + 1, maxNFraction: maxN, signal: hooks.signal,
        onProgress: (a, w) => progress(0.5 + (0.3 * a) / Math.max(1, w), `GC-matched negatives: ${a.toLocaleString('en')} of ${w.toLocaleString('en')}`),
      });
      g.windows.forEach((w, i) => seqs.push({ name: `neg:${w.chrom}:${w.start}-${w.end}`, split: 'train', labels: [0], codes: g.codes[i], chrom: w.chrom, start: w.start, end: w.end, strand: '+', origin: 'negative:genomic' }));
      const r = g.report;
      dropped.push({ what: 'negatives', reason: 'could not be found in their GC bin (genome too small or GC too extreme)', count: r.unfilled });
      notes.push(`GC-matched genomic negatives: ${r.accepted.toLocaleString('en')} of ${r.wanted.toLocaleString('en')} found in ${r.tries.toLocaleString('en')} draws (rejected: ${r.overlappedPeak} overlapping a peak, ${r.skippedN} with too many N, ${r.duplicates} repeats); GC bins of ${r.binWidth}.`);
    }
  }

  // A separate test-set file: its sequences are the test split, whatever split is chosen.
  let testHasNegatives = false;
  if (spec.testFile) {
    const tf = spec.testFile;
    sources.push(sourceInfo('test', tf, 'auto'));
    const r = await given(tf, 'test', spec.source.kind === 'table' ? spec.source.columns : null, [0.35, 0.5]);
    if (r.nLabels > 0 && r.nLabels !== taskNames.length) throw new ImportError(`The test-set file ${basename(tf)} has ${r.nLabels} label(s) per sequence; the main file has ${taskNames.length}. Give both files the same label columns.`);
    const names = new Set(seqs.map((x) => x.name));
    let renamedTest = 0;
    for (const x of r.seqs) {
      x.fixed = 'test';
      if (r.nLabels === 0) x.labels = new Array(taskNames.length).fill(1);
      if (names.has(x.name)) { x.name = `test:${x.name}`; renamedTest++; }
    }
    testHasNegatives = r.seqs.some((x) => !isPositive(x.labels));
    seqs.push(...r.seqs);
    notes.push(...r.notes);
    if (renamedTest) notes.push(`${renamedTest} test sequence(s) share a name with a training sequence and were renamed test:<name>.`);
    dropped.push({ what: 'test sequences', reason: `more than ${Math.round(maxN * 100)}% N`, count: r.tooManyN });
  }

  // Negatives that do not need a genome (a test file with its own negatives gets no more).
  const positiveIdx = seqs.map((_, i) => i).filter((i) => isPositive(seqs[i].labels) && !(testHasNegatives && seqs[i].fixed === 'test'));
  const positives = positiveIdx.map((i) => seqs[i]);
  if (neg.mode === 'shuffle') {
    progress(0.5, 'shuffling positives (dinucleotide)', true);
    const r = await shuffleInBatches(positives.map((s) => s.codes), neg.ratio, spec.seed + 2, maxN, hooks, (f) => progress(0.5 + 0.3 * f, 'shuffling positives (dinucleotide)'));
    const copies = new Map<number, number>();
    r.codes.forEach((codes, i) => {
      const src = positives[r.source[i]];
      const c = (copies.get(r.source[i]) ?? 0) + 1;
      copies.set(r.source[i], c);
      seqs.push({ name: `${src.name}_shuf${c}`, split: 'train', labels: new Array(taskNames.length).fill(0), codes, chrom: src.chrom, start: null, end: null, strand: null, origin: 'negative:shuffle', follows: positiveIdx[r.source[i]] });
    });
    dropped.push({ what: 'negatives', reason: 'positive too repetitive to shuffle (every dinucleotide shuffle equals it)', count: r.report.lowComplexity });
    notes.push('Negatives are exact dinucleotide shuffles (uShuffle) of the positives; each goes to the same split as its positive.');
  } else if (neg.mode === 'fasta') {
    const file = neg.fasta!;
    sources.push(sourceInfo('negatives', file, 'fasta'));
    progress(0.5, `reading negatives ${basename(file)}`, true);
    const r = await fastaNegatives(file, positives.length, {
      fileName: file, ratio: neg.ratio, seed: spec.seed + 3, maxNFraction: maxN, signal: hooks.signal,
      onProgress: ({ bytes, totalBytes }) => progress(0.5 + (totalBytes ? (0.3 * bytes) / totalBytes : 0), `reading negatives ${basename(file)}`),
    });
    const posNames = new Set(seqs.map((s) => s.name));
    let renamed = 0;
    r.names.forEach((name, i) => {
      const m = COORD.exec(name);
      let nm = name;
      if (posNames.has(nm)) { nm = `neg:${name}`; renamed++; }
      seqs.push({ name: nm, split: 'train', labels: new Array(taskNames.length).fill(0), codes: spec.fitLength ? fitLength(r.codes[i], spec.fitLength) : r.codes[i], chrom: m ? m[1] : null, start: m ? Number(m[2]) : null, end: m ? Number(m[3]) : null, strand: m?.[4] ?? null, origin: 'negative:fasta' });
    });
    dropped.push({ what: 'negatives', reason: `more than ${Math.round(maxN * 100)}% N`, count: r.report.skippedN });
    if (r.report.subsampledFrom > r.codes.length) notes.push(`${r.report.subsampledFrom.toLocaleString('en')} usable negatives in ${basename(file)}; a seeded random ${r.codes.length.toLocaleString('en')} were kept (ratio ${neg.ratio}:1).`);
    if (renamed) notes.push(`${renamed} negative(s) share a name with a positive and were renamed neg:<name>.`);
  }
  if (neg.mode !== 'none' && neg.ratio !== 1) notes.push(`Negatives : positives ratio ${neg.ratio}:1.`);

  aborted(hooks.signal);
  if (!seqs.length) {
    // Name the file(s) read and why everything was dropped.
    const read = sources.map((src) => String(src.file)).join(', ');
    const why = dropped.filter((d) => d.count > 0).map((d) => `${d.count} ${d.what}: ${d.reason}`).join('; ');
    throw new ImportError(`No sequences are left after filtering ${read}${why ? ` (${why})` : ''}: check the drop report.`);
  }
  progress(0.8, 'assigning splits', true);
  if (spec.fitLength && kind !== 'peaks') notes.push(describeFit(fit, spec.fitLength));
  else if (kind !== 'peaks' && new Set(seqs.map((x) => x.codes.length)).size > 1) notes.push('Sequences have different lengths: training needs one length (choose “centre-crop/pad to” when importing, or use the one-click fix on the Train screen).');
  const { blockers, notes: splitNotes } = assignSplits(seqs, spec, defaultSplit);
  notes.push(...splitNotes);
  if (!seqs.some((s) => !isPositive(s.labels))) notes.push('There are no negatives: a classifier needs them (choose a negatives option, or give labels in the FASTA).');
  const stats = computeStats(seqs, taskNames, dropped, notes);
  progress(0.85, 'statistics ready', true);
  return {
    meta: { name: spec.name, kind: kind === 'table' ? 'fasta' : kind, taskNames, sources, params: spec as unknown as Record<string, unknown>, seed: spec.seed, stats, genome: genomePath },
    seqs,
    stats,
    blockers,
  };
}

/** Plans and writes a dataset in one transaction; returns its id. Nothing is written on cancel or error. */
export async function runImport(db: Database.Database, spec: ImportSpec, hooks: PlanHooks = {}): Promise<{ datasetId: number; stats: DatasetStats }> {
  const plan = await planImport(spec, hooks);
  if (plan.blockers.length) throw new ImportError(plan.blockers.join(' '));
  aborted(hooks.signal);
  hooks.progress?.(0.86, `saving ${plan.seqs.length.toLocaleString('en')} sequences`);
  // Let the app record that message before this worker takes the project's write lock.
  await new Promise((r) => setTimeout(r, 100));
  const id = await writeDatasetAsync(db, plan.meta, plan.seqs, [], { signal: hooks.signal });
  return { datasetId: id, stats: plan.stats };
}
