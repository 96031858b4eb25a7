// Reads the sequences a user gives directly (FASTA, or a table with a sequence column such as a
// DeepBind .seq.gz) into planned import records: labels from FASTA headers or label columns,
// folds from a fold column, coordinates from chrom:start-end names, too-N sequences dropped and
// counted, every sequence centre-cropped/N-padded when a length was chosen. A file that is not
// what was asked (a table given as FASTA) is refused at once with what it is and what to choose.
import { basename } from 'node:path';
import type { TableColumns as TableColumnsSpec } from '../../shared/api/data';
import { readFasta } from '../io/fasta';
import { inspectFile, readTable, type TableColumns } from '../io/table';
import { N } from '../seq/alphabet';
import { fitLength, type FitReport } from './fit-length';
import { isPositive } from './stats';
import type { PlannedSeq, PlanHooks } from './import';

const COORD = /^(?:.*\|)?([A-Za-z0-9_.\-]+):(\d+)-(\d+)(?:\(([+-])\))?$/;

export class GivenFileError extends Error {
  override readonly name = 'ImportError';
}

export interface GivenOptions {
  maxN: number;
  fitTo?: number;
  fit: FitReport;
  hooks: PlanHooks;
  progress: (fraction: number, message: string) => void;
}

export interface GivenRead {
  seqs: PlannedSeq[];
  nLabels: number;
  labelNames: string[] | null;
  tooManyN: number;
  notes: string[];
}

function nFraction(codes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < codes.length; i++) if (codes[i] === N) n++;
  return codes.length ? n / codes.length : 1;
}

export async function readGiven(file: string, role: 'positives' | 'test', columns: TableColumnsSpec | null, o: GivenOptions): Promise<GivenRead> {
  const out: GivenRead = { seqs: [], nLabels: -1, labelNames: null, tooManyN: 0, notes: [] };
  const stream = { fileName: file, signal: o.hooks.signal, onProgress: ({ bytes, totalBytes }: { bytes: number; totalBytes?: number }) => o.progress(totalBytes ? bytes / totalBytes : 0, `reading ${basename(file)}`) };
  const look = await inspectFile(file, { fileName: file });
  let cols: TableColumns | null = columns;
  if (!cols && look.kind === 'table') {
    // A table where FASTA was asked: for the test-set file use its proposed columns; the main file
    // must be imported as a table (the wizard does this on its own when it inspects the file).
    if (role === 'test' && look.proposed) cols = look.proposed;
    else throw new GivenFileError(`${basename(file)} is not FASTA: ${look.summary} Import it as a table (the Data screen offers this when you pick the file).`);
  }
  if (cols && (look.kind === 'fasta' || look.kind === 'genome' || look.kind === 'bed')) throw new GivenFileError(`${basename(file)} is not a table with a sequence column: ${look.summary}`);
  const take = (name: string, codes: Uint8Array, labels: number[], fold: string | null) => {
    if (out.nLabels < 0) out.nLabels = labels.length;
    if (nFraction(codes) > o.maxN) { out.tooManyN++; return; }
    if (o.fitTo && codes.length !== o.fitTo) {
      if (codes.length > o.fitTo) o.fit.cropped++;
      else o.fit.padded++;
      codes = fitLength(codes, o.fitTo);
    }
    const m = COORD.exec(name);
    out.seqs.push({
      name, split: 'train', labels: labels.length ? labels : [1], codes, fold,
      chrom: m ? m[1] : null, start: m ? Number(m[2]) : null, end: m ? Number(m[3]) : null, strand: m?.[4] ?? null,
      origin: labels.length && !isPositive(labels) ? 'negative:file' : 'positive',
    });
  };
  if (cols) {
    for await (const r of readTable(file, cols, stream)) take(r.name, r.codes, r.labels, r.fold);
    out.labelNames = cols.labels.length ? [...cols.labels] : null;
    if (look.deepbind) out.notes.push(`${basename(file)} is a DeepBind-style table: sequences from “seq”, labels from “Bound”, names from “EventID”${cols.fold ? ', folds from “FoldID”' : ''}.`);
  } else {
    for await (const r of readFasta(file, stream)) take(r.name, r.codes, r.labels ?? [], null);
  }
  if (out.nLabels < 0) out.nLabels = 0;
  return out;
}
