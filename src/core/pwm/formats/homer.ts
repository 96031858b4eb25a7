// HOMER motif files: ">consensus<TAB>name<TAB>log-odds threshold[…]" then one probability row per position.
import type { Motif } from '../types';
import { MotifFormatError, type ParseOptions, type RawRow, splitLines, parseNumbers, rowsToMotif, roundRow, checkMotifForWrite, isNumber } from './common';
import { consensus } from '../matrix';

/** Parse HOMER .motif text (probabilities). id = name = the second header field. All-or-nothing. */
export function parseHomer(text: string, opts: ParseOptions = {}): Motif[] {
  const file = opts.file ?? '<input>';
  const tol = opts.tolerance ?? 0.01;
  const lines = splitLines(text).filter((l) => l.text.trim() !== '');
  const motifs: Motif[] = [];
  if (!lines.length) throw new MotifFormatError(file, undefined, undefined, 'expected at least one HOMER motif, found an empty file');
  let i = 0;
  while (i < lines.length) {
    const h = lines[i];
    if (!h.text.startsWith('>')) throw new MotifFormatError(file, motifs.at(-1)?.id, h.no, `expected '>consensus<TAB>name<TAB>threshold' header, found '${h.text.slice(0, 40)}'`);
    const f = h.text.slice(1).split('\t').map((x) => x.trim());
    const fields = f.length >= 2 ? f : h.text.slice(1).trim().split(/\s+/);
    const cons = fields[0] ?? '';
    const id = fields[1] || cons;
    if (!id) throw new MotifFormatError(file, undefined, h.no, 'expected a consensus and a name in the header');
    const meta: Record<string, string> = { consensus: cons };
    if (fields[2] !== undefined && fields[2] !== '') {
      if (!isNumber(fields[2])) throw new MotifFormatError(file, id, h.no, `expected a numeric log-odds threshold, found '${fields[2]}'`);
      meta.threshold = fields[2];
    }
    i++;
    const rows: RawRow[] = [];
    while (i < lines.length && !lines[i].text.startsWith('>')) {
      const toks = lines[i].text.trim().split(/\s+/);
      rows.push({ v: parseNumbers(toks, file, id, lines[i].no, 'a probability row'), line: lines[i].no });
      i++;
    }
    const r = rowsToMotif(rows, 'probs', file, id, id, h.no, tol);
    motifs.push({ id, name: id, probs: r.probs, source: file, meta });
  }
  return motifs;
}

/**
 * Write HOMER format. Threshold: meta.threshold when present, else 60% of the maximal natural-log-odds
 * score against a uniform background (a documented default; HOMER users usually re-optimise it).
 */
export function writeHomer(motifs: Motif[]): string {
  const out: string[] = [];
  for (const m of motifs) {
    checkMotifForWrite(m);
    let thr = m.meta?.threshold;
    if (thr === undefined) {
      let max = 0;
      for (const r of m.probs) max += Math.log(Math.max(...r.map((p) => (p + 1e-3) / (1 + 4e-3))) / 0.25);
      thr = (0.6 * max).toFixed(6);
    }
    out.push(`>${m.meta?.consensus ?? consensus(m.probs)}\t${m.id}\t${thr}`);
    for (const r of m.probs) out.push(roundRow(r).join('\t'));
  }
  return out.join('\n') + '\n';
}
