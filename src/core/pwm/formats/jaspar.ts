// JASPAR count matrices: the multi-motif JASPAR format (">ID name" then four "A [ … ]" rows)
// and the bare .pfm (four rows of counts, with or without a ">" header line).
import type { Motif } from '../types';
import {
  MotifFormatError, type ParseOptions, type RawRow, splitLines, parseNumbers, rowsToMotif, fmtCount, checkMotifForWrite, baseName,
} from './common';

const BASES = 'ACGT';

/** Parse JASPAR / .pfm text. Counts (or probabilities when every column sums to ~1). All-or-nothing. */
export function parseJaspar(text: string, opts: ParseOptions = {}): Motif[] {
  const file = opts.file ?? '<input>';
  const tol = opts.tolerance ?? 0.01;
  const lines = splitLines(text).filter((l) => l.text.trim() !== '' && !l.text.trim().startsWith('#'));
  const motifs: Motif[] = [];
  let i = 0;
  if (lines.length === 0) throw new MotifFormatError(file, undefined, undefined, 'expected at least one JASPAR matrix, found an empty file');
  while (i < lines.length) {
    let id: string;
    let name: string;
    let headerNo: number;
    const t = lines[i].text.trim();
    if (t.startsWith('>')) {
      const toks = t.slice(1).trim().split(/\s+/);
      if (!toks[0]) throw new MotifFormatError(file, undefined, lines[i].no, "expected a matrix identifier after '>'");
      id = toks[0];
      name = toks.slice(1).join(' ') || id;
      headerNo = lines[i].no;
      i++;
    } else if (i === 0) {
      id = baseName(file);
      name = id;
      headerNo = lines[i].no;
    } else {
      throw new MotifFormatError(file, motifs.at(-1)?.id, lines[i].no, `expected '>ID name' header or end of file, found '${t.slice(0, 40)}'`);
    }
    // Four base rows.
    const rows: { base: number; v: number[]; line: number }[] = [];
    while (i < lines.length && !lines[i].text.trim().startsWith('>')) {
      const raw = lines[i].text.trim();
      let base = rows.length;
      let body = raw;
      const lm = /^([ACGTacgt])\s*[:|]?\s*(.*)$/.exec(raw);
      if (lm && !/^[\d.]/.test(raw)) {
        base = BASES.indexOf(lm[1].toUpperCase());
        body = lm[2];
      }
      body = body.replace(/^\[/, '').replace(/\]$/, '').trim();
      if (/[[\]]/.test(body)) body = body.replace(/[[\]]/g, ' ').trim();
      const toks = body === '' ? [] : body.split(/\s+/);
      const v = parseNumbers(toks, file, id, lines[i].no, `row ${BASES[base] ?? '?'}`);
      for (const x of v) if (x < 0) throw new MotifFormatError(file, id, lines[i].no, `expected non-negative counts, found ${x}`);
      rows.push({ base, v, line: lines[i].no });
      i++;
    }
    if (rows.length !== 4) {
      const ln = rows.length > 4 ? rows[4].line : (rows.at(-1)?.line ?? headerNo);
      throw new MotifFormatError(file, id, ln, `expected 4 rows (A, C, G, T), found ${rows.length}`);
    }
    const seen = new Set(rows.map((r) => r.base));
    if (seen.size !== 4) throw new MotifFormatError(file, id, rows[0].line, 'expected one row for each of A, C, G, T');
    const w = rows[0].v.length;
    for (const r of rows) {
      if (r.v.length !== w) throw new MotifFormatError(file, id, r.line, `expected ${w} columns (as in the first row), found ${r.v.length} (ragged rows)`);
    }
    if (w === 0) throw new MotifFormatError(file, id, headerNo, 'expected at least one column, found an empty motif');
    const byBase: number[][] = [];
    for (const r of rows) byBase[r.base] = r.v;
    const pos: RawRow[] = [];
    for (let j = 0; j < w; j++) pos.push({ v: [byBase[0][j], byBase[1][j], byBase[2][j], byBase[3][j]], line: rows[0].line });
    const r = rowsToMotif(pos, 'auto', file, id, name, headerNo, tol);
    const m: Motif = { id, name, probs: r.probs, source: file };
    if (r.nsites !== undefined) m.nsites = r.nsites;
    motifs.push(m);
  }
  return motifs;
}

export interface JasparWriteOptions {
  /** Bare .pfm style: four rows of numbers without letters and brackets (header kept unless noHeader). */
  pfm?: boolean;
  noHeader?: boolean;
}

/** Write JASPAR counts: probabilities × nsites (100 when nsites is unknown). */
export function writeJaspar(motifs: Motif[], opts: JasparWriteOptions = {}): string {
  const out: string[] = [];
  for (const m of motifs) {
    checkMotifForWrite(m);
    const n = m.nsites ?? 100;
    if (!opts.noHeader) out.push(`>${m.id.replace(/\s+/g, '_')}${m.name && m.name !== m.id ? '\t' + m.name : ''}`);
    for (let b = 0; b < 4; b++) {
      const vals = m.probs.map((r) => fmtCount(r[b] * n));
      out.push(opts.pfm ? vals.join('\t') : `${BASES[b]}  [ ${vals.join(' ')} ]`);
    }
  }
  return out.join('\n') + '\n';
}
