// BED6 export of motif instances (chrom, start, end, name, score, strand; 0-based half-open,
// tab-separated). Instances on a design are written in design coordinates (chrom = design name)
// unless the design was cut from a genome (`design.genome`), in which case they are mapped to
// genome coordinates — including the flip for a region taken from the minus strand.

import { safeNames } from '../design/constraints';
import type { Design, Strand } from '../design/design';
import { ExportError } from './errors';

export interface BedRecord {
  chrom: string;
  start: number;
  end: number;
  name: string;
  /** BED score 0–1000 (rounded and clamped); default 0. */
  score?: number;
  strand: Strand | '.';
}

export interface GenomeRegion {
  chrom: string;
  start: number;
  end: number;
  strand: Strand;
}

/** Map [start, end) on a sequence cut from `region` to genome coordinates and strand. */
export function toGenome(region: GenomeRegion, start: number, end: number, strand: Strand): { start: number; end: number; strand: Strand } {
  const len = region.end - region.start;
  if (start < 0 || end > len || start >= end) throw new ExportError(`instance ${start + 1}–${end} lies outside the ${len}-bp region ${region.chrom}:${region.start + 1}-${region.end}`);
  if (region.strand === '+') return { start: region.start + start, end: region.start + end, strand };
  return { start: region.end - end, end: region.end - start, strand: strand === '+' ? '-' : '+' };
}

function bedScore(x: number | undefined): number {
  if (x === undefined || !Number.isFinite(x)) return 0;
  return Math.min(1000, Math.max(0, Math.round(x)));
}

export function toBed(records: readonly BedRecord[], trackLine?: string): string {
  let out = trackLine ? `track ${trackLine}\n` : '';
  for (const r of records) {
    if (/\s/.test(r.chrom) || /[\t\n]/.test(r.name)) throw new ExportError(`BED chrom "${r.chrom}" or name "${r.name}" contains whitespace`);
    if (!(r.start >= 0 && r.end > r.start)) throw new ExportError(`BED interval ${r.start}-${r.end} of ${r.name} is empty or negative`);
    out += `${r.chrom}\t${r.start}\t${r.end}\t${r.name}\t${bedScore(r.score)}\t${r.strand}\n`;
  }
  return out;
}

/** Motif instances of designs as BED records (genome coordinates when design.genome is set). */
export function designInstancesToBed(designs: readonly Design[], opts: { scoreOf?: (score: number | undefined) => number } = {}): BedRecord[] {
  if (!designs.length) throw new ExportError('no designs selected');
  const chroms = safeNames(designs.map((d) => d.name));
  const out: BedRecord[] = [];
  designs.forEach((d, i) => {
    for (const ins of d.insertions) {
      const end = ins.start + ins.bases.length;
      const name = (ins.scrambled ? `${ins.motifName}_scrambled` : ins.motifName).replace(/\s+/g, '_');
      const score = opts.scoreOf ? opts.scoreOf(ins.score) : ins.score;
      if (d.genome) {
        const g = toGenome(d.genome, ins.start, end, ins.strand);
        out.push({ chrom: d.genome.chrom, start: g.start, end: g.end, name, score, strand: g.strand });
      } else out.push({ chrom: chroms[i], start: ins.start, end, name, score, strand: ins.strand });
    }
  });
  if (!out.length) throw new ExportError('the selected designs have no motif instances');
  out.sort((a, b) => (a.chrom < b.chrom ? -1 : a.chrom > b.chrom ? 1 : a.start - b.start || a.end - b.end));
  return out;
}
