// Motif file format auto-detection and the single entry points parseMotifs / writeMotifs.
import type { Motif } from '../types';
import { MotifFormatError, type ParseOptions, isNumber } from './common';
import { parseMeme, parseMemeTextOutput, isMemeTextOutput, writeMeme } from './meme';
import { parseJaspar, writeJaspar } from './jaspar';
import { parseTransfac, writeTransfac } from './transfac';
import { parseHomer, writeHomer } from './homer';

export type MotifFormat = 'meme' | 'meme-text' | 'jaspar' | 'pfm' | 'transfac' | 'homer';

/** Guess the format from content (not the extension). Throws MotifFormatError when nothing fits. */
export function detectMotifFormat(text: string, file = '<input>'): MotifFormat {
  if (/^\s*MEME version\s+\d/m.test(text.slice(0, 20000)) && !isMemeTextOutput(text)) return 'meme';
  if (isMemeTextOutput(text)) return 'meme-text';
  const lines = text.split(/\r\n|\r|\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  if (!lines.length) throw new MotifFormatError(file, undefined, undefined, 'expected a motif file, found an empty file');
  const first = lines[0];
  if (/^(AC|ID|NA|DE|XX|P0|PO|VV|BF)(\s|$)/.test(first) || (/^(P0|PO)\s/m.test(text) && /^\/\//m.test(text))) return 'transfac';
  if (first.startsWith('>')) {
    const next = lines[1] ?? '';
    if (/^[ACGT]\s*[[:|]|^[ACGT]\s+[\d.]/i.test(next)) return 'jaspar';
    const fields = first.slice(1).split('\t');
    if (fields.length >= 3 && isNumber(fields[2].trim())) return 'homer';
    const toks = next.split(/\s+/);
    if (toks.length === 4 && toks.every(isNumber) && toks.every((x) => Number(x) <= 1)) return 'homer';
    return 'pfm';
  }
  if (first.split(/\s+/).every(isNumber)) return 'pfm';
  throw new MotifFormatError(file, undefined, 1, 'expected a MEME, JASPAR, .pfm, TRANSFAC or HOMER motif file');
}

export interface ParseMotifsOptions extends ParseOptions { format?: MotifFormat }

/** Parse any supported motif file (format auto-detected unless given). Returns all motifs or throws MotifFormatError. */
export function parseMotifs(text: string, opts: ParseMotifsOptions = {}): Motif[] {
  const fmt = opts.format ?? detectMotifFormat(text, opts.file);
  switch (fmt) {
    case 'meme': return parseMeme(text, opts);
    case 'meme-text': return parseMemeTextOutput(text, opts);
    case 'jaspar': case 'pfm': return parseJaspar(text, opts);
    case 'transfac': return parseTransfac(text, opts);
    case 'homer': return parseHomer(text, opts);
  }
}

/** Serialise motifs ('meme-text' is import-only; it writes MEME minimal format). */
export function writeMotifs(motifs: Motif[], format: MotifFormat): string {
  switch (format) {
    case 'meme': case 'meme-text': return writeMeme(motifs);
    case 'jaspar': return writeJaspar(motifs);
    case 'pfm': return writeJaspar(motifs, { pfm: true });
    case 'transfac': return writeTransfac(motifs);
    case 'homer': return writeHomer(motifs);
  }
}
