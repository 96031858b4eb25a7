// MEME motif formats: the minimal motif format (version 4) for import/export, and the
// "letter-probability matrix" sections of MEME's full text output (e.g. meme.txt) for import.
import type { Motif } from '../types';
import {
  MotifFormatError, type ParseOptions, type RawRow, splitLines, parseNumbers, rowsToMotif, roundRow, checkMotifForWrite,
} from './common';

function kv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([A-Za-z]+)\s*=\s*(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out[m[1].toLowerCase()] = m[2];
  return out;
}

/**
 * Read a "letter-probability matrix:" block starting at lines[i] (the header line).
 * Returns the rows and the index after the block. With w= given exactly w rows are required.
 */
function readLpm(
  lines: { text: string; no: number }[], i: number, file: string, id: string, tol: number,
): { probs: number[][]; nsites?: number; evalue?: string; next: number } {
  const head = lines[i];
  const opts = kv(head.text.slice(head.text.indexOf(':') + 1));
  const alen = opts.alength !== undefined ? Number(opts.alength) : 4;
  if (alen !== 4) throw new MotifFormatError(file, id, head.no, `expected alength= 4 (DNA), found alength= ${opts.alength}`);
  const w = opts.w !== undefined ? Number(opts.w) : undefined;
  if (w !== undefined && !(Number.isInteger(w) && w >= 0)) throw new MotifFormatError(file, id, head.no, `expected an integer width w=, found '${opts.w}'`);
  const rows: RawRow[] = [];
  let j = i + 1;
  while (j < lines.length) {
    const t = lines[j].text.trim();
    if (w !== undefined && rows.length === w) break;
    if (t === '') {
      if (w === undefined) break;
      j++;
      continue;
    }
    const toks = t.split(/\s+/);
    // A row looks numeric; anything else ends the block (checked against w below).
    if (!/^[-+.\d]/.test(toks[0]) || /^-{3,}/.test(toks[0])) break;
    rows.push({ v: parseNumbers(toks, file, id, lines[j].no, 'a matrix row'), line: lines[j].no });
    j++;
  }
  if (w !== undefined && rows.length !== w)
    throw new MotifFormatError(
      file, id, j < lines.length ? lines[j].no : head.no,
      `expected ${w} matrix rows (w= ${w}), found ${rows.length}${j < lines.length && lines[j].text.trim() ? ` before '${lines[j].text.trim().slice(0, 40)}'` : ''}`,
    );
  if (w === 0 || rows.length === 0) throw new MotifFormatError(file, id, head.no, 'expected at least one matrix row, found an empty motif');
  const { probs } = rowsToMotif(rows, 'probs', file, id, id, head.no, tol);
  const nsRaw = opts.nsites !== undefined ? Number(opts.nsites) : NaN;
  const nsites = Number.isFinite(nsRaw) && nsRaw > 0 ? nsRaw : undefined;
  return { probs, nsites, evalue: opts.e, next: j };
}

/** Parse MEME minimal motif format (version 4). All-or-nothing: returns every motif or throws MotifFormatError. */
export function parseMeme(text: string, opts: ParseOptions = {}): Motif[] {
  const file = opts.file ?? '<input>';
  const tol = opts.tolerance ?? 0.01;
  const lines = splitLines(text);
  if (isMemeTextOutput(text)) return parseMemeTextOutput(text, opts);
  const motifs: Motif[] = [];
  let sawVersion = false;
  let cur: { id: string; name: string; line: number; motif?: Motif } | undefined;
  const finish = () => {
    if (cur && !cur.motif) throw new MotifFormatError(file, cur.id, cur.line, "expected a 'letter-probability matrix:' section, found an empty motif");
    if (cur?.motif) motifs.push(cur.motif);
    cur = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].text.trim();
    if (t === '' || t.startsWith('#')) continue;
    if (/^MEME version\s+\d/.test(t)) { sawVersion = true; continue; }
    if (!sawVersion) throw new MotifFormatError(file, undefined, lines[i].no, "expected 'MEME version 4' header line");
    if (/^ALPHABET\s*=/.test(t)) {
      const a = t.replace(/^ALPHABET\s*=\s*/, '').trim().toUpperCase();
      if (a !== 'ACGT') throw new MotifFormatError(file, undefined, lines[i].no, `expected ALPHABET= ACGT, found '${a}'`);
      continue;
    }
    if (/^ALPHABET\b/.test(t)) {
      if (!/DNA/i.test(t)) throw new MotifFormatError(file, undefined, lines[i].no, 'expected a DNA alphabet');
      while (i < lines.length && !/^END ALPHABET/.test(lines[i].text.trim())) i++;
      continue;
    }
    if (/^strands:/.test(t)) continue;
    if (/^Background letter frequencies/.test(t)) {
      while (i + 1 < lines.length && /^\s*[ACGT]\s+[\d.eE+-]+/.test(lines[i + 1].text)) i++;
      continue;
    }
    if (/^MOTIF\s/.test(t)) {
      finish();
      const toks = t.split(/\s+/);
      if (toks.length < 2) throw new MotifFormatError(file, undefined, lines[i].no, 'expected a motif identifier after MOTIF');
      cur = { id: toks[1], name: toks[2] ?? toks[1], line: lines[i].no };
      continue;
    }
    if (/^letter-probability matrix/.test(t)) {
      if (!cur) throw new MotifFormatError(file, undefined, lines[i].no, "expected 'MOTIF id name' before the matrix");
      if (cur.motif) throw new MotifFormatError(file, cur.id, lines[i].no, 'expected one letter-probability matrix per motif');
      const r = readLpm(lines, i, file, cur.id, tol);
      cur.motif = { id: cur.id, name: cur.name, probs: r.probs, source: file };
      if (r.nsites !== undefined) cur.motif.nsites = r.nsites;
      if (r.evalue !== undefined && r.evalue !== '0') cur.motif.meta = { ...(cur.motif.meta ?? {}), evalue: r.evalue };
      i = r.next - 1;
      continue;
    }
    if (/^log-odds matrix/.test(t)) {
      // Skip its numeric rows.
      while (i + 1 < lines.length && /^\s*[-+.\d]/.test(lines[i + 1].text) && lines[i + 1].text.trim() !== '') i++;
      continue;
    }
    if (/^URL\s/.test(t)) {
      if (cur?.motif) cur.motif.meta = { ...(cur.motif.meta ?? {}), url: t.slice(3).trim() };
      continue;
    }
    if (!cur) throw new MotifFormatError(file, undefined, lines[i].no, `expected header lines or 'MOTIF', found '${t.slice(0, 40)}'`);
    throw new MotifFormatError(file, cur.id, lines[i].no, `expected 'letter-probability matrix:', 'URL' or 'MOTIF', found '${t.slice(0, 40)}'`);
  }
  finish();
  if (!sawVersion) throw new MotifFormatError(file, undefined, 1, "expected 'MEME version 4' header line");
  return motifs;
}

export function isMemeTextOutput(text: string): boolean {
  return /MEME - Motif discovery tool/.test(text.slice(0, 4000)) || /position-specific probability matrix/.test(text);
}

/**
 * Parse MEME's full text output: each "MOTIF <id> ..." header followed later by its
 * "Motif <n> position-specific probability matrix" / "letter-probability matrix:" section.
 * Motif id: the MEME motif number or consensus after MOTIF; name: "MEME-<n>" when given.
 */
export function parseMemeTextOutput(text: string, opts: ParseOptions = {}): Motif[] {
  const file = opts.file ?? '<input>';
  const tol = opts.tolerance ?? 0.01;
  const lines = splitLines(text);
  const motifs: Motif[] = [];
  let cur: { id: string; name: string; line: number; width?: number; sites?: number; done: boolean } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].text.trim();
    const mh = /^MOTIF\s+(\S+)\s+(\S+)?.*?width\s*=\s*(\d+).*?sites\s*=\s*([\d.]+)/.exec(t);
    if (mh) {
      if (cur && !cur.done) throw new MotifFormatError(file, cur.id, cur.line, 'expected a letter-probability matrix for this motif');
      const name = mh[2] && mh[2] !== 'MEME' ? mh[2] : `MEME-${mh[1]}`;
      cur = { id: mh[1], name, line: lines[i].no, width: Number(mh[3]), sites: Number(mh[4]), done: false };
      continue;
    }
    if (/^letter-probability matrix/.test(t)) {
      if (!cur) throw new MotifFormatError(file, undefined, lines[i].no, "expected a 'MOTIF' header before the matrix");
      if (cur.done) continue;
      const r = readLpm(lines, i, file, cur.id, tol);
      if (cur.width !== undefined && r.probs.length !== cur.width)
        throw new MotifFormatError(file, cur.id, lines[i].no, `expected ${cur.width} rows (MOTIF width), found ${r.probs.length}`);
      const m: Motif = { id: cur.id, name: cur.name, probs: r.probs, source: file };
      const ns = r.nsites ?? cur.sites;
      if (ns !== undefined && ns > 0) m.nsites = ns;
      if (r.evalue !== undefined) m.meta = { evalue: r.evalue };
      motifs.push(m);
      cur.done = true;
      i = r.next - 1;
    }
  }
  if (cur && !cur.done) throw new MotifFormatError(file, cur.id, cur.line, 'expected a letter-probability matrix for this motif');
  if (!motifs.length) throw new MotifFormatError(file, undefined, undefined, 'expected at least one MEME motif, found none');
  return motifs;
}

export interface MemeWriteOptions {
  background?: [number, number, number, number];
}

/** Write MEME minimal motif format v4 (probabilities with 6 decimals, rows summing exactly to 1). */
export function writeMeme(motifs: Motif[], opts: MemeWriteOptions = {}): string {
  const bg = opts.background ?? [0.25, 0.25, 0.25, 0.25];
  const out: string[] = ['MEME version 4', '', 'ALPHABET= ACGT', '', 'strands: + -', '', 'Background letter frequencies',
    `A ${bg[0]} C ${bg[1]} G ${bg[2]} T ${bg[3]}`, ''];
  for (const m of motifs) {
    checkMotifForWrite(m);
    const id = m.id.replace(/\s+/g, '_');
    const name = m.name && m.name !== m.id ? ` ${m.name.replace(/\s+/g, '_')}` : '';
    out.push(`MOTIF ${id}${name}`);
    const ns = m.nsites !== undefined ? ` nsites= ${m.nsites}` : '';
    out.push(`letter-probability matrix: alength= 4 w= ${m.probs.length}${ns} E= ${m.meta?.evalue ?? 0}`);
    for (const r of m.probs) out.push(' ' + roundRow(r).join('  '));
    if (m.meta?.url) out.push(`URL ${m.meta.url}`);
    out.push('');
  }
  return out.join('\n');
}
