// Backgrounds for FIMO-style scanning (MOTIFS.md "FIMO-style scanning", step 1): MEME's default
// (its built-in non-redundant-database DNA frequencies averaged with their complement, as MEME does
// for every two-strand scan), uniform, the scanned sequences' own composition, or a MEME background
// file. Every scan result records which one it used, with a label for screens and exports.
import type { Bg } from './matrix';
import { UNIFORM_BG } from './matrix';

/** 'custom': frequencies given directly by the caller (API use, tests). */
export type BackgroundKind = 'meme' | 'uniform' | 'sequences' | 'file' | 'custom';

/** MEME's built-in NRDB DNA frequencies (A, C, G, T), before strand averaging. */
export const MEME_NRDB_FREQS: Bg = [0.281774, 0.22202, 0.228876, 0.26733];

/** Average with the complement (A,T and C,G share their mean), renormalised: the background of a two-strand scan. */
export function complementAverage(bg: Bg): Bg {
  const at = (bg[0] + bg[3]) / 2, cg = (bg[1] + bg[2]) / 2, tot = 2 * (at + cg);
  return [at / tot, cg / tot, cg / tot, at / tot];
}

/** MEME's default background for a two-strand scan: A = T = 0.274552, C = G = 0.225448. */
export const MEME_DEFAULT_BG: Bg = complementAverage(MEME_NRDB_FREQS);

/** What a scan used: the kind, the four frequencies, and a short human label. */
export interface BackgroundInfo {
  kind: BackgroundKind;
  values: Bg;
  label: string;
  /** The background file (kind 'file'). */
  file?: string;
}

const f3 = (x: number) => x.toFixed(3).replace(/^0/, '');
export const bgValuesText = (v: Bg) => `A ${f3(v[0])} C ${f3(v[1])} G ${f3(v[2])} T ${f3(v[3])}`;

export const BACKGROUND_NAMES: Record<BackgroundKind, string> = {
  meme: 'MEME default (NRDB, averaged over strands)',
  uniform: 'uniform',
  sequences: 'from the scanned sequences',
  file: 'from a file',
  custom: 'given',
};

export function backgroundInfo(kind: BackgroundKind, values: Bg, file?: string): BackgroundInfo {
  const name = kind === 'file' && file ? `from ${file.split(/[\\/]/).pop()}` : BACKGROUND_NAMES[kind];
  return { kind, values, label: `${name}: ${bgValuesText(values)}`, ...(file ? { file } : {}) };
}

export class BackgroundFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackgroundFileError';
  }
}

/**
 * A MEME background file (the "bfile" format of fasta-get-markov and MEME's -bfile): lines
 * `<letters> <frequency>`, `#` comments. The order-0 lines (single letters A, C, G, T, any case)
 * are used; higher-order lines (AA, AC, …) are accepted and ignored, as FIMO's scan is order 0.
 * The four frequencies are normalised to sum 1. Errors name the file and the line.
 */
export function parseBackgroundFile(text: string, file = '<background>'): Bg {
  const f: Record<string, number> = {};
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((raw, i) => {
    const l = raw.replace(/#.*/, '').trim();
    if (!l) return;
    const t = l.split(/\s+/);
    const v = Number(t[1]);
    if (t.length < 2 || !/^[A-Za-z]+$/.test(t[0]) || !Number.isFinite(v) || v < 0) {
      throw new BackgroundFileError(`${file}:${i + 1}: expected '<letters> <frequency>' (e.g. 'A 0.29'), found '${raw.trim()}'`);
    }
    if (t[0].length !== 1) return;
    const k = t[0].toUpperCase();
    if (!'ACGT'.includes(k)) throw new BackgroundFileError(`${file}:${i + 1}: expected a DNA letter A, C, G or T, found '${t[0]}'`);
    if (k in f) throw new BackgroundFileError(`${file}:${i + 1}: letter ${k} given twice`);
    f[k] = v;
  });
  const missing = [...'ACGT'].filter((k) => !(k in f));
  if (missing.length) throw new BackgroundFileError(`${file}: no order-0 frequency for ${missing.join(', ')} (expected lines like 'A 0.29')`);
  const tot = f.A + f.C + f.G + f.T;
  if (!(tot > 0)) throw new BackgroundFileError(`${file}: the frequencies of A, C, G and T sum to zero`);
  if (f.A === 0 || f.C === 0 || f.G === 0 || f.T === 0) throw new BackgroundFileError(`${file}: every letter needs a frequency above zero`);
  return [f.A / tot, f.C / tot, f.G / tot, f.T / tot];
}

/** Strand-symmetrised base composition of code arrays (N ignored); uniform when empty. */
export function backgroundFromSequences(seqs: Uint8Array[]): Bg {
  const c = [0, 0, 0, 0];
  for (const s of seqs) for (let i = 0; i < s.length; i++) { const x = s[i]; if (x < 4) c[x]++; }
  const at = c[0] + c[3], gc = c[1] + c[2], tot = at + gc;
  if (!tot) return UNIFORM_BG;
  return [at / tot / 2, gc / tot / 2, gc / tot / 2, at / tot / 2];
}
