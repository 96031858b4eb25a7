// Streaming BED3+ / narrowPeak reader → peaks (0-based half-open). narrowPeak column 10 (summit
// offset from start, −1 = none) is used when present. Header/comment lines (track, browser, #) are skipped.

import { InputError } from './errors';
import { readLines, sourceName, type Source, type StreamOptions } from './source';

export interface Peak {
  chrom: string;
  start: number;
  end: number;
  name?: string;
  /** Summit as an offset from start (narrowPeak column 10), when known. */
  summit?: number;
  /** 1-based line in the source file. */
  line?: number;
}

const INT = /^\d+$/;

export async function* readBed(src: Source, opts: StreamOptions = {}): AsyncGenerator<Peak> {
  const file = sourceName(src, opts);
  let cols = -1;
  for await (const { text, line } of readLines(src, opts)) {
    if (!text.trim() || text.startsWith('#') || text.startsWith('track') || text.startsWith('browser')) continue;
    const f = text.split('\t');
    if (f.length === 1 && /\s/.test(text.trim())) throw new InputError(file, line, 'tab-separated BED columns', 'space-separated columns');
    if (f.length < 3) throw new InputError(file, line, 'at least 3 tab-separated columns (chrom, start, end)', `${f.length} column(s)`);
    if (cols < 0) cols = f.length;
    else if (f.length !== cols) throw new InputError(file, line, `${cols} columns like the first data line`, `${f.length} column(s)`);
    const [chrom, s, e] = f;
    if (!chrom) throw new InputError(file, line, 'a chromosome name in column 1', 'an empty field');
    if (!INT.test(s)) throw new InputError(file, line, 'a non-negative integer start in column 2', `'${s}'`);
    if (!INT.test(e)) throw new InputError(file, line, 'a non-negative integer end in column 3', `'${e}'`);
    const start = Number(s), end = Number(e);
    if (start > end) throw new InputError(file, line, 'start ≤ end', `start ${start} > end ${end}`);
    const peak: Peak = { chrom, start, end, line };
    if (f.length >= 4 && f[3] !== '.' && f[3] !== '') peak.name = f[3];
    if (f.length >= 10) {
      if (!/^-?\d+$/.test(f[9])) throw new InputError(file, line, 'an integer summit offset in column 10 (narrowPeak)', `'${f[9]}'`);
      const summit = Number(f[9]);
      if (summit >= 0) {
        if (summit > end - start) throw new InputError(file, line, `a summit offset within the peak (0…${end - start})`, `${summit}`);
        peak.summit = summit;
      }
    }
    yield peak;
  }
}

export async function loadBed(src: Source, opts: StreamOptions = {}): Promise<Peak[]> {
  const out: Peak[] = [];
  for await (const p of readBed(src, opts)) out.push(p);
  return out;
}
