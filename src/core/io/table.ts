// Sequence tables: TSV/CSV (plain or gzip) with one sequence per row, as labs keep them and as
// DeepBind ships its ENCODE `*.seq.gz` files (header `FoldID EventID seq Bound`). `inspectFile`
// looks at the first rows of any file the user picks and says what it is (FASTA, BED, a table, a
// DeepBind table) and which column holds what, so the wizard can offer the right import before
// any long work; `readTable` then streams the rows with the columns the user confirmed, naming
// file, line and column for anything that is not what was expected.
import { readLines, sourceName, type StreamOptions } from './source';
import { InputError } from './errors';
import { encode } from '../seq/alphabet';

export type FileKind = 'fasta' | 'bed' | 'table' | 'genome' | 'unknown';

export interface TableColumns {
  sequence: string;
  /** Numeric label columns (one per task); none → every row is a positive. */
  labels: string[];
  name?: string;
  /** A column of fold/split names (DeepBind FoldID, or train/valid/test). */
  fold?: string;
}

export interface FileInspection {
  path: string;
  kind: FileKind;
  /** A DeepBind-style ENCODE table (FoldID, EventID, seq, Bound). */
  deepbind: boolean;
  delimiter: 'tab' | 'comma' | 'semicolon' | null;
  hasHeader: boolean;
  columns: string[];
  /** The column mapping proposed for a table. */
  proposed: TableColumns | null;
  /** First rows (cells as text), for the preview table. */
  rows: string[][];
  /** Lengths of the sequences seen in the sample (FASTA or table). */
  lengths: { min: number; max: number; n: number } | null;
  /** Distinct values of the proposed fold column in the sample. */
  folds: string[];
  /** One sentence for the user: what this file looks like and what will be done. */
  summary: string;
}

const SAMPLE_LINES = 400;
const SEQ_RE = /^[ACGTNacgtn]+$/;
const LABEL_NAMES = /^(bound|label|labels|y|class|target|activity|is_?bound|positive)$/i;
const NAME_NAMES = /^(eventid|event_id|name|id|seq_?id|seqname|sequence_?name|peak|peak_?id)$/i;
const FOLD_NAMES = /^(foldid|fold|fold_id|split|set|subset)$/i;

function splitRow(line: string, delim: string): string[] {
  if (delim !== ',') return line.split(delim).map((c) => c.trim());
  // CSV with optional double quotes.
  const out: string[] = [];
  let cur = '', q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (q) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; }
      else if (ch === '"') q = false;
      else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') { out.push(cur.trim()); cur = ''; }
    else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

const DELIM: Record<'tab' | 'comma' | 'semicolon', string> = { tab: '\t', comma: ',', semicolon: ';' };

async function firstLines(path: string, n: number, opts: StreamOptions): Promise<string[]> {
  const out: string[] = [];
  for await (const { text } of readLines(path, opts)) {
    out.push(text);
    if (out.length >= n) break;
  }
  return out;
}

/** Looks at the start of a file and says what it is and how a table's columns map. */
export async function inspectFile(path: string, opts: StreamOptions = {}): Promise<FileInspection> {
  const base: FileInspection = { path, kind: 'unknown', deepbind: false, delimiter: null, hasHeader: false, columns: [], proposed: null, rows: [], lengths: null, folds: [], summary: '' };
  const lines = (await firstLines(path, SAMPLE_LINES, opts)).filter((l) => l.trim() !== '');
  if (!lines.length) return { ...base, summary: `${path} is empty.` };
  if (lines[0].startsWith('>')) {
    // FASTA: record lengths in the sample; one record longer than the sample → a genome.
    const lengths: number[] = [];
    let cur = -1;
    for (const l of lines) {
      if (l.startsWith('>')) { if (cur >= 0) lengths.push(cur); cur = 0; }
      else if (cur >= 0) cur += l.trim().length;
    }
    if (lines.length < SAMPLE_LINES - 1 && cur >= 0) lengths.push(cur); // the whole file was read: its last record is complete
    const complete = lengths.length > 0;
    if (!complete || (lengths.length < 2 && Math.max(cur, ...lengths) > 10_000)) {
      return { ...base, kind: 'genome', summary: 'A FASTA file with long records: a genome (use it with a BED file of peaks).' };
    }
    const min = Math.min(...lengths), max = Math.max(...lengths);
    return {
      ...base, kind: 'fasta', lengths: { min, max, n: lengths.length },
      summary: min === max ? `FASTA, sequences of ${min} bp (first ${lengths.length} records).` : `FASTA with sequences of different lengths (${min}–${max} bp in the first ${lengths.length} records): choose a length to centre-crop/pad to, or keep them as they are.`,
    };
  }
  const tabs = lines.slice(0, 20).filter((l) => l.includes('\t')).length;
  const commas = lines.slice(0, 20).filter((l) => l.includes(',')).length;
  const semis = lines.slice(0, 20).filter((l) => l.includes(';')).length;
  const delimiter: 'tab' | 'comma' | 'semicolon' | null = tabs >= Math.max(1, commas, semis) ? 'tab' : commas >= Math.max(1, semis) ? 'comma' : semis ? 'semicolon' : null;
  if (!delimiter) {
    const seqOnly = lines.every((l) => SEQ_RE.test(l.trim()));
    if (seqOnly) {
      const ls = lines.map((l) => l.trim().length);
      return { ...base, kind: 'table', delimiter: 'tab', columns: ['sequence'], proposed: { sequence: 'sequence', labels: [] }, rows: lines.slice(0, 8).map((l) => [l]), lengths: { min: Math.min(...ls), max: Math.max(...ls), n: ls.length }, summary: 'One sequence per line (no other columns): every sequence is a positive.' };
    }
    return { ...base, summary: `${path} is neither FASTA (first line starting with '>') nor a table with tab-, comma- or semicolon-separated columns.` };
  }
  const d = DELIM[delimiter];
  const cells = lines.map((l) => splitRow(l, d));
  const first = cells[0];
  // BED: no header (or track/#), columns 2 and 3 integers.
  const bedRows = cells.filter((r) => !/^(track|browser|#)/.test(r[0] ?? ''));
  if (delimiter === 'tab' && bedRows.length && bedRows.slice(0, 20).every((r) => r.length >= 3 && /^\d+$/.test(r[1]) && /^\d+$/.test(r[2]))) {
    return { ...base, kind: 'bed', delimiter, rows: bedRows.slice(0, 8), summary: 'A BED file of regions (chrom, start, end): give the genome they come from to cut windows.' };
  }
  const hasHeader = !first.some((c) => SEQ_RE.test(c) && c.length >= 8);
  const width = Math.max(...cells.map((r) => r.length));
  const columns = hasHeader ? first.map((c, i) => c || `column ${i + 1}`) : Array.from({ length: width }, (_, i) => `column ${i + 1}`);
  const body = hasHeader ? cells.slice(1) : cells;
  const colValues = (i: number) => body.map((r) => r[i] ?? '').filter((v) => v !== '');
  let seqCol = -1, best = 0;
  columns.forEach((_, i) => {
    const v = colValues(i);
    if (!v.length) return;
    const share = v.filter((x) => SEQ_RE.test(x) && x.length >= 8).length / v.length;
    if (share >= 0.9 && share > best) { best = share; seqCol = i; }
  });
  const deepbind = hasHeader && first.join(' ') === 'FoldID EventID seq Bound';
  if (seqCol < 0) {
    return { ...base, kind: 'unknown', delimiter, hasHeader, columns, rows: body.slice(0, 8), summary: `No column of ${path} holds DNA sequences (A/C/G/T/N, at least 8 letters) in its first rows.` };
  }
  const numeric = (i: number) => { const v = colValues(i); return v.length > 0 && v.every((x) => x !== '' && Number.isFinite(Number(x))); };
  const byName = (re: RegExp) => columns.findIndex((c, i) => i !== seqCol && re.test(c));
  const foldIdx = byName(FOLD_NAMES);
  const nameIdx = byName(NAME_NAMES);
  let labelIdx = columns.map((c, i) => i).filter((i) => i !== seqCol && i !== foldIdx && i !== nameIdx && LABEL_NAMES.test(columns[i]) && numeric(i));
  if (!labelIdx.length) {
    // Unnamed label columns: numeric columns of 0/1 values.
    labelIdx = columns.map((_, i) => i).filter((i) => i !== seqCol && i !== foldIdx && i !== nameIdx && numeric(i) && colValues(i).every((x) => x === '0' || x === '1'));
  }
  const proposed: TableColumns = {
    sequence: columns[seqCol],
    labels: labelIdx.map((i) => columns[i]),
    ...(nameIdx >= 0 ? { name: columns[nameIdx] } : {}),
    ...(foldIdx >= 0 ? { fold: columns[foldIdx] } : {}),
  };
  const ls = colValues(seqCol).map((s) => s.length);
  const folds = foldIdx >= 0 ? [...new Set(colValues(foldIdx))].sort() : [];
  const what = deepbind ? 'A DeepBind-style table (FoldID, EventID, seq, Bound)' : `A ${delimiter === 'tab' ? 'tab' : delimiter === 'comma' ? 'comma' : 'semicolon'}-separated table`;
  const labelText = proposed.labels.length ? `labels from ${proposed.labels.map((l) => `“${l}”`).join(', ')}` : 'no label column (every row is a positive)';
  return {
    ...base, kind: 'table', deepbind, delimiter, hasHeader, columns, proposed, rows: body.slice(0, 8), folds,
    lengths: { min: Math.min(...ls), max: Math.max(...ls), n: ls.length },
    summary: `${what}: sequences in “${proposed.sequence}”, ${labelText}${proposed.name ? `, names in “${proposed.name}”` : ''}${proposed.fold ? `, folds in “${proposed.fold}” (${folds.join(', ')})` : ''}.`,
  };
}

export interface TableRow {
  name: string;
  codes: Uint8Array;
  /** One value per label column (empty when none were mapped). */
  labels: number[];
  fold: string | null;
  line: number;
}

/** Streams a table's rows with the given column mapping (header detected as in inspectFile). */
export async function* readTable(path: string, columns: TableColumns, opts: StreamOptions = {}): AsyncGenerator<TableRow> {
  const file = sourceName(path, opts);
  let delim: string | null = null;
  let index: { seq: number; labels: number[]; name: number; fold: number } | null = null;
  let rowNo = 0;
  for await (const { text, line } of readLines(path, opts)) {
    if (!text.trim()) continue;
    if (delim === null) {
      delim = text.includes('\t') ? '\t' : text.includes(',') ? ',' : text.includes(';') ? ';' : '\t';
      const first = splitRow(text, delim);
      const hasHeader = !first.some((c) => SEQ_RE.test(c) && c.length >= 8);
      const names = hasHeader ? first.map((c, i) => c || `column ${i + 1}`) : first.map((_, i) => `column ${i + 1}`);
      const find = (c: string | undefined, what: string) => {
        if (c === undefined) return -1;
        const i = names.indexOf(c);
        if (i < 0) throw new InputError(file, line, `a column named “${c}” (${what})`, `the columns ${names.map((n) => `“${n}”`).join(', ')}`);
        return i;
      };
      index = { seq: find(columns.sequence, 'sequences'), labels: columns.labels.map((l) => find(l, 'a label')), name: find(columns.name, 'names'), fold: find(columns.fold, 'folds') };
      if (hasHeader) continue;
    }
    const f = splitRow(text, delim);
    const ix = index!;
    rowNo++;
    const raw = f[ix.seq] ?? '';
    if (!raw) throw new InputError(file, line, `a sequence in column “${columns.sequence}”`, 'an empty cell');
    let codes: Uint8Array;
    try {
      codes = encode(raw);
    } catch (e) {
      throw new InputError(file, line, `only nucleotide letters (A, C, G, T, N) in column “${columns.sequence}”`, (e as Error).message);
    }
    const labels = ix.labels.map((i, k) => {
      const v = f[i] ?? '';
      const x = Number(v);
      if (v === '' || !Number.isFinite(x)) throw new InputError(file, line, `a number in label column “${columns.labels[k]}”`, `'${v.slice(0, 40)}'`);
      return x;
    });
    yield { name: ix.name >= 0 && f[ix.name] ? f[ix.name] : `row${rowNo}`, codes, labels, fold: ix.fold >= 0 ? f[ix.fold] ?? '' : null, line };
  }
  if (delim === null) throw new InputError(file, 1, 'a table with a sequence column', 'an empty file');
}
