// Streaming FASTA reader (plain or gzip, file path or Node Readable) with constant memory apart
// from the record being built, and the DeepBind `*.seq.gz` TSV reader.
//
// Sequence rule: lowercase → uppercase (soft-masking ignored); IUPAC ambiguity codes RYSWKMBDHV
// and N → N; U → T; trailing whitespace on a line is ignored; anything else (digits, '*', '-',
// inner spaces, other letters) is an InputError naming file and line.
// Label convention (multi-task): a `label=` token in the header description holding
// comma-separated numbers, e.g. `>peak17 chr1:100-600 label=1,0,1` (NA or . = missing → NaN).
// Every record must then carry the same number of labels.

import { CODE_OF, encode } from '../seq/alphabet';
import { InputError } from './errors';
import { openBytes, readLines, sourceName, type Source, type StreamOptions } from './source';

export interface FastaRecord {
  name: string;
  /** Header text after the name (may be empty). */
  description: string;
  codes: Uint8Array;
  /** 1-based line number of the header. */
  line: number;
  labels?: number[];
}

export interface FastaOptions extends StreamOptions {
  /** Error on duplicate record names (default true; keeps one Map entry per record). */
  checkDuplicates?: boolean;
  /** Parse `label=` tokens (default true). */
  parseLabels?: boolean;
}

const NL = 200, WS = 201, GT = 202, BAD = 255;
const CLASS = (() => {
  const t = new Uint8Array(256);
  for (let b = 0; b < 256; b++) t[b] = CODE_OF[b] === 255 ? BAD : CODE_OF[b];
  t[10] = NL; t[13] = WS; t[32] = WS; t[9] = WS; t[62] = GT;
  return t;
})();

function describeByte(b: number): string {
  if (b >= 33 && b < 127) return `'${String.fromCharCode(b)}'`;
  return `byte 0x${b.toString(16).padStart(2, '0')}`;
}

export function parseLabels(description: string, file: string, line: number): number[] | undefined {
  const m = /(?:^|\s)label=(\S*)/.exec(description);
  if (!m) return undefined;
  if (!m[1]) throw new InputError(file, line, 'comma-separated numbers after label=', 'nothing');
  return m[1].split(',').map((v) => {
    if (v === 'NA' || v === '.' || v.toLowerCase() === 'nan') return NaN;
    const x = Number(v);
    if (v === '' || !Number.isFinite(x)) throw new InputError(file, line, 'a numeric label (or NA)', `'${v}'`);
    return x;
  });
}

/** Stream FASTA records. Throws InputError on malformed input (see module header). */
export async function* readFasta(src: Source, opts: FastaOptions = {}): AsyncGenerator<FastaRecord> {
  const file = sourceName(src, opts);
  const checkDup = opts.checkDuplicates ?? true;
  const wantLabels = opts.parseLabels ?? true;
  const seen = new Map<string, number>();
  let labelCount = -1; // -1: not decided yet; 0: no labels
  let line = 1;
  let mode = 0; // 0 before first header, 1 in header, 2 in sequence
  let lineStart = true;
  let pendingWs = false;
  let header: number[] = [];
  let headerLine = 0;
  let buf = new Uint8Array(1 << 16);
  let n = 0;
  let name = '', description = '';
  let labels: number[] | undefined;

  const startRecord = () => {
    const text = Buffer.from(header).toString('utf8').trim();
    header = [];
    const sp = text.search(/\s/);
    name = sp < 0 ? text : text.slice(0, sp);
    description = sp < 0 ? '' : text.slice(sp + 1).trim();
    if (!name) throw new InputError(file, headerLine, 'a sequence name after >', 'an empty header');
    if (checkDup) {
      const prev = seen.get(name);
      if (prev !== undefined) throw new InputError(file, headerLine, `a unique sequence name ('${name}' first used at line ${prev})`, `duplicate name '${name}' at lines ${prev} and ${headerLine}`);
      seen.set(name, headerLine);
    }
    labels = wantLabels ? parseLabels(description, file, headerLine) : undefined;
    if (wantLabels) {
      const c = labels?.length ?? 0;
      if (labelCount < 0) labelCount = c;
      else if (c !== labelCount) throw new InputError(file, headerLine, `${labelCount} label(s) like the first record`, `${c} label(s)`);
    }
    n = 0;
  };
  const finishRecord = (): FastaRecord => {
    if (n === 0) throw new InputError(file, headerLine, `sequence lines for record '${name}'`, 'an empty record');
    const rec: FastaRecord = { name, description, codes: buf.slice(0, n), line: headerLine };
    if (labels) rec.labels = labels;
    return rec;
  };

  for await (const chunk of openBytes(src, opts, () => line)) {
    const len = chunk.length;
    if (n + len > buf.length) {
      const nb = new Uint8Array(Math.max(buf.length * 2, n + len));
      nb.set(buf.subarray(0, n));
      buf = nb;
    }
    let i = 0;
    while (i < len) {
      if (mode === 2) {
        // hot loop: sequence bytes
        for (; i < len; i++) {
          const c = CLASS[chunk[i]];
          if (c < 5) {
            if (pendingWs) throw new InputError(file, line, 'nucleotide letters without inner spaces', 'whitespace inside a sequence line');
            buf[n++] = c;
            lineStart = false;
          } else if (c === NL) {
            line++; lineStart = true; pendingWs = false;
          } else if (c === WS) {
            pendingWs = true;
          } else if (c === GT && lineStart) {
            break;
          } else {
            throw new InputError(file, line, 'nucleotide letters (ACGTUN or IUPAC codes)', describeByte(chunk[i]));
          }
        }
        if (i < len) {
          yield finishRecord();
          mode = 1; headerLine = line; i++; lineStart = false;
        }
      } else if (mode === 1) {
        const j = chunk.indexOf(10, i);
        const end = j < 0 ? len : j;
        for (let q = i; q < end; q++) header.push(chunk[q]);
        i = end;
        if (j >= 0) { startRecord(); line++; i++; mode = 2; lineStart = true; pendingWs = false; }
      } else {
        const b = chunk[i];
        const c = CLASS[b];
        if (c === NL) { line++; i++; }
        else if (c === WS) i++;
        else if (c === GT) { mode = 1; headerLine = line; i++; }
        else throw new InputError(file, line, "a FASTA header line starting with '>'", describeByte(b));
      }
    }
  }
  if (mode === 0) throw new InputError(file, line, "a FASTA header line starting with '>'", 'end of file (no records)');
  if (mode === 1) { startRecord(); }
  yield finishRecord();
}

/** Read a whole FASTA into arrays (small files, or user negative sets). */
export async function loadFasta(src: Source, opts: FastaOptions = {}): Promise<FastaRecord[]> {
  const out: FastaRecord[] = [];
  for await (const r of readFasta(src, opts)) out.push(r);
  return out;
}

export interface DeepBindRow {
  fold: string;
  id: string;
  codes: Uint8Array;
  bound: number;
  line: number;
}

/** DeepBind ENCODE `*.seq.gz` TSV: header `FoldID EventID seq Bound`, one sequence per row. */
export async function* readDeepBindSeq(src: Source, opts: StreamOptions = {}): AsyncGenerator<DeepBindRow> {
  const file = sourceName(src, opts);
  let first = true;
  for await (const { text, line } of readLines(src, opts)) {
    if (first) {
      first = false;
      const h = text.trim().split(/\t/);
      if (h.join(' ') !== 'FoldID EventID seq Bound') throw new InputError(file, line, "the header 'FoldID<TAB>EventID<TAB>seq<TAB>Bound'", `'${text.slice(0, 60)}'`);
      continue;
    }
    if (!text.trim()) continue;
    const f = text.split('\t');
    if (f.length !== 4) throw new InputError(file, line, '4 tab-separated columns', `${f.length} column(s)`);
    let codes: Uint8Array;
    try { codes = encode(f[2]); } catch (e) {
      throw new InputError(file, line, 'nucleotide letters in the seq column', (e as Error).message);
    }
    if (!codes.length) throw new InputError(file, line, 'a sequence in the seq column', 'an empty field');
    const bound = Number(f[3]);
    if (f[3] === '' || !Number.isFinite(bound)) throw new InputError(file, line, 'a numeric Bound value', `'${f[3]}'`);
    yield { fold: f[0], id: f[1], codes, bound, line };
  }
  if (first) throw new InputError(file, 1, "the header 'FoldID<TAB>EventID<TAB>seq<TAB>Bound'", 'an empty file');
}
