// TRANSFAC-style matrix files (as distributed by JASPAR, HOCOMOCO, RSAT): records of
// two-letter tags (AC, ID, NA, DE, CC…), a P0/PO header with the base order, numbered rows, "//".
import type { Motif } from '../types';
import {
  MotifFormatError, type ParseOptions, type RawRow, splitLines, parseNumbers, rowsToMotif, fmtCount, roundRow, checkMotifForWrite, isNumber,
} from './common';

interface Rec { ac?: string; idTag?: string; na?: string; de?: string; cc: Record<string, string>; headerNo?: number;
  order?: number[]; rows: RawRow[]; start: number; inMatrix: boolean }

/** Parse TRANSFAC text; counts or probabilities (auto-detected per matrix). All-or-nothing. */
export function parseTransfac(text: string, opts: ParseOptions = {}): Motif[] {
  const file = opts.file ?? '<input>';
  const tol = opts.tolerance ?? 0.01;
  const lines = splitLines(text);
  const motifs: Motif[] = [];
  let rec: Rec | undefined;
  const label = (r: Rec) => r.ac ?? r.idTag;
  const finish = (endNo: number) => {
    if (!rec) return;
    const id = rec.ac ?? rec.idTag;
    if (!id) throw new MotifFormatError(file, undefined, rec.start, 'expected an AC or ID line in the record');
    if (!rec.order) throw new MotifFormatError(file, id, endNo, 'expected a P0/PO matrix in the record, found an empty motif');
    const name = rec.na ?? (rec.ac && rec.idTag ? rec.idTag : id);
    const r = rowsToMotif(rec.rows, 'auto', file, id, name, rec.headerNo ?? rec.start, tol);
    const meta: Record<string, string> = { ...rec.cc };
    if (rec.de) meta.description = rec.de;
    const m: Motif = { id, name, probs: r.probs, source: file };
    if (r.nsites !== undefined) m.nsites = r.nsites;
    if (Object.keys(meta).length) m.meta = meta;
    motifs.push(m);
    rec = undefined;
  };
  for (const { text: raw, no } of lines) {
    const t = raw.trim();
    if (t === '') continue;
    if (t.startsWith('//')) {
      if (rec) finish(no);
      continue;
    }
    if (!rec) rec = { cc: {}, rows: [], start: no, inMatrix: false };
    const tag = t.slice(0, 2);
    const rest = t.slice(2).trim();
    if (rec.inMatrix && isNumber(t.split(/\s+/)[0])) {
      const toks = t.split(/\s+/);
      const idx = Number(toks[0]);
      if (idx !== rec.rows.length + 1 && !(idx === rec.rows.length && rec.rows.length === 0 && idx === 0))
        throw new MotifFormatError(file, label(rec), no, `expected matrix row ${rec.rows.length + 1}, found row number ${toks[0]}`);
      let vals = toks.slice(1);
      if (vals.length === 5 && !isNumber(vals[4])) vals = vals.slice(0, 4); // trailing consensus letter
      const v = parseNumbers(vals, file, label(rec), no, 'a matrix row');
      if (v.length !== 4) throw new MotifFormatError(file, label(rec), no, `expected 4 values (A C G T), found ${v.length}`);
      const ord = rec.order!;
      const acgt = [0, 0, 0, 0];
      for (let k = 0; k < 4; k++) acgt[ord[k]] = v[k];
      rec.rows.push({ v: acgt, line: no });
      continue;
    }
    rec.inMatrix = false;
    if (tag === 'P0' || tag === 'PO') {
      if (rec.order) throw new MotifFormatError(file, label(rec), no, "expected one P0 matrix per record (missing '//'?)");
      const letters = rest.split(/\s+/).map((x) => x.toUpperCase());
      const order = letters.map((x) => 'ACGT'.indexOf(x));
      if (letters.length !== 4 || new Set(order).size !== 4 || order.includes(-1))
        throw new MotifFormatError(file, label(rec), no, `expected 'P0 A C G T' header, found '${t}'`);
      rec.order = order;
      rec.headerNo = no;
      rec.inMatrix = true;
      continue;
    }
    switch (tag) {
      case 'AC': rec.ac = rest.split(/\s+/)[0]; break;
      case 'ID': rec.idTag = rest.split(/\s+/)[0]; break;
      case 'NA': rec.na = rest; break;
      case 'DE': rec.de = rest; break;
      case 'CC': {
        const m = /^([^:]+):\s*(.*)$/.exec(rest);
        if (m && m[2] !== '') rec.cc[m[1].trim()] = m[2].trim();
        break;
      }
      default:
        if (!/^[A-Z0-9]{2}$/.test(tag) || (t.length > 2 && t[2] !== ' ' && t[2] !== '\t'))
          throw new MotifFormatError(file, label(rec), no, `expected a two-letter TRANSFAC tag or matrix row, found '${t.slice(0, 40)}'`);
    }
  }
  if (rec) {
    if (rec.order || rec.ac || rec.idTag) finish(lines.length);
  }
  if (!motifs.length) throw new MotifFormatError(file, undefined, undefined, 'expected at least one TRANSFAC matrix, found none');
  return motifs;
}

/** Write TRANSFAC: counts (probabilities × nsites) when nsites is known, else probabilities. */
export function writeTransfac(motifs: Motif[]): string {
  const out: string[] = [];
  for (const m of motifs) {
    checkMotifForWrite(m);
    out.push(`AC  ${m.id.replace(/\s+/g, '_')}`, 'XX', `ID  ${(m.name || m.id).replace(/\s+/g, '_')}`, 'XX');
    if (m.meta?.description) out.push(`DE  ${m.meta.description}`, 'XX');
    out.push('P0      A      C      G      T');
    m.probs.forEach((r, i) => {
      const vals = m.nsites !== undefined ? r.map((x) => fmtCount(x * m.nsites!)) : roundRow(r);
      out.push(`${String(i + 1).padStart(2, '0')}  ${vals.join('  ')}`);
    });
    out.push('XX', '//');
  }
  return out.join('\n') + '\n';
}
