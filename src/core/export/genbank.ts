// GenBank flat-file export, one record per design, in the column layout of the GenBank release
// notes (LOCUS columns 1–79, header keywords padded to column 13, feature keys at column 6,
// locations/qualifiers at column 22, ORIGIN 60 bases per line in groups of 10 with the position
// right-aligned in 9 columns, "//" terminator, every line ≤ 80 characters) so that SnapGene,
// Benchling and ApE show every inserted motif. Coordinates are written 1-based inclusive;
// minus-strand features as complement(a..b). Intact motifs are `protein_bind` features (with
// /bound_moiety, /label, /note carrying strand, source and score); scrambled-control instances
// and adapters are `misc_feature`s.

import { safeNames } from '../design/constraints';
import type { Design } from '../design/design';
import type { VendorProfile } from '../design/profiles';
import { ExportError } from './errors';

/** A feature in 0-based half-open coordinates on the record. */
export interface GbFeature {
  key: string;
  start: number;
  end: number;
  strand: '+' | '-';
  /** Ordered (qualifier, value) pairs; values are written quoted. */
  qualifiers: [string, string][];
}

export interface GbRecord {
  /** LOCUS name: ≤ 16 characters, no spaces (made so by designsToGenBank). */
  locusName: string;
  definition: string;
  sequence: string;
  features: GbFeature[];
  topology?: 'linear' | 'circular';
  date?: Date;
}

export interface GenBankOptions {
  /** Date on the LOCUS line (default: now). */
  date?: Date;
  /** Feature key for intact motifs (default protein_bind). */
  motifFeatureKey?: 'protein_bind' | 'misc_feature';
  /** Write the synthesized product (profile adapters added and annotated). */
  adaptersFrom?: VendorProfile;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
export const ORGANISM = 'synthetic DNA construct';

export function genbankDate(d: Date): string {
  return `${String(d.getUTCDate()).padStart(2, '0')}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()}`;
}

/** LOCUS line with the release-notes columns (name 13–28, length 30–40, "bp" 42–43, molecule
 *  48–53, topology 56–63, division 65–67, date 69–79). */
export function locusLine(name: string, length: number, topology: 'linear' | 'circular', date: Date): string {
  if (name.length > 16 || /\s/.test(name) || !name.length) throw new ExportError(`LOCUS name "${name}" must be 1–16 characters without spaces`);
  return (
    'LOCUS'.padEnd(12) +
    name.padEnd(16) +
    ' ' +
    String(length).padStart(11) +
    ' bp ' +
    '   ' +
    'DNA'.padEnd(6) +
    '  ' +
    topology.padEnd(8) +
    ' ' +
    'SYN' +
    ' ' +
    genbankDate(date)
  );
}

/** Greedy word wrap; words longer than `width` are split. */
function wrap(text: string, width: number): string[] {
  const words = text.split(/ +/).filter((w) => w.length);
  const lines: string[] = [];
  let cur = '';
  for (let w of words) {
    while (w.length > width) {
      if (cur) { lines.push(cur); cur = ''; }
      lines.push(w.slice(0, width));
      w = w.slice(width);
    }
    if (!cur) cur = w;
    else if (cur.length + 1 + w.length <= width) cur += ' ' + w;
    else { lines.push(cur); cur = w; }
  }
  if (cur || !lines.length) lines.push(cur);
  return lines;
}

function headerField(key: string, value: string): string {
  return wrap(value, 68).map((l, i) => (i ? ' '.repeat(12) : key.padEnd(12)) + l).join('\n') + '\n';
}

export function formatLocation(f: GbFeature): string {
  const span = f.end - f.start === 1 ? `${f.start + 1}` : `${f.start + 1}..${f.end}`;
  return f.strand === '-' ? `complement(${span})` : span;
}

function featureLines(f: GbFeature): string {
  const pad = ' '.repeat(21);
  let out = '     ' + f.key.padEnd(16) + formatLocation(f) + '\n';
  for (const [q, v] of f.qualifiers) {
    // Whitespace runs collapse to one space (continuation lines are re-joined with one space).
    const text = `/${q}="${v.replace(/\s+/g, ' ').trim().replace(/"/g, '""')}"`;
    for (const l of wrap(text, 58)) out += pad + l + '\n';
  }
  return out;
}

export function writeGenBankRecord(rec: GbRecord, date: Date = rec.date ?? new Date()): string {
  const seq = rec.sequence.toUpperCase();
  if (!/^[ACGTN]*$/.test(seq)) throw new ExportError(`sequence of ${rec.locusName} has letters other than A, C, G, T, N`);
  const n = seq.length;
  for (const f of rec.features)
    if (f.start < 0 || f.end > n || f.start >= f.end)
      throw new ExportError(`feature ${f.key} at ${f.start + 1}..${f.end} lies outside ${rec.locusName} (1..${n})`);
  let out = locusLine(rec.locusName, n, rec.topology ?? 'linear', date) + '\n';
  const def = rec.definition.trim().replace(/\s+/g, ' ');
  out += headerField('DEFINITION', def.endsWith('.') ? def : def + '.');
  out += headerField('ACCESSION', '.');
  out += headerField('VERSION', '.');
  out += headerField('KEYWORDS', '.');
  out += headerField('SOURCE', ORGANISM);
  out += headerField('  ORGANISM', ORGANISM);
  out += ' '.repeat(12) + 'other sequences; artificial sequences.\n';
  out += 'FEATURES             Location/Qualifiers\n';
  const source: GbFeature = { key: 'source', start: 0, end: n, strand: '+', qualifiers: [['organism', ORGANISM], ['mol_type', 'other DNA']] };
  for (const f of [source, ...rec.features]) out += featureLines(f);
  out += 'ORIGIN\n';
  const lower = seq.toLowerCase();
  for (let p = 0; p < n; p += 60) {
    let line = String(p + 1).padStart(9);
    for (let g = p; g < Math.min(p + 60, n); g += 10) line += ' ' + lower.slice(g, Math.min(g + 10, n));
    out += line + '\n';
  }
  out += '//\n';
  return out;
}

function fmtScore(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(4);
}

/** GenBank record of one design (locusName supplied by the caller). */
export function designToRecord(design: Design, locusName: string, opts: GenBankOptions = {}): GbRecord {
  const five = opts.adaptersFrom?.adapters.five ?? '';
  const three = opts.adaptersFrom?.adapters.three ?? '';
  const off = five.length;
  const key = opts.motifFeatureKey ?? 'protein_bind';
  const features: GbFeature[] = [];
  if (five) features.push({ key: 'misc_feature', start: 0, end: off, strand: '+', qualifiers: [['label', "5' adapter"], ['note', `fixed 5' adapter of ${opts.adaptersFrom!.name}`]] });
  for (const ins of design.insertions) {
    const start = off + ins.start, end = start + ins.bases.length;
    const parts = [`motif ${ins.motifId}`, `strand ${ins.strand}`, ins.source + (ins.seed !== undefined ? ` (seed ${ins.seed})` : '')];
    if (ins.score !== undefined) parts.push(`score ${fmtScore(ins.score)}`);
    if (ins.scrambled) {
      features.push({
        key: 'misc_feature', start, end, strand: ins.strand,
        qualifiers: [['label', `${ins.motifName} scrambled`], ['note', `scrambled control of ${parts.join('; ')}; shuffle seed ${ins.scrambled.seed}`]],
      });
    } else {
      const q: [string, string][] = [];
      if (key === 'protein_bind') q.push(['bound_moiety', ins.motifName]);
      q.push(['label', ins.motifName], ['note', parts.join('; ')]);
      features.push({ key, start, end, strand: ins.strand, qualifiers: q });
    }
  }
  if (three) {
    const s = off + design.sequence.length;
    features.push({ key: 'misc_feature', start: s, end: s + three.length, strand: '+', qualifiers: [['label', "3' adapter"], ['note', `fixed 3' adapter of ${opts.adaptersFrom!.name}`]] });
  }
  const bg = design.background;
  const bgText = `${bg.source} background (seed ${bg.seed}${bg.fromSequence ? `, from ${bg.fromSequence}` : ''}${bg.gc !== undefined ? `, GC ${Math.round(bg.gc * 100)}%` : ''})`;
  const n = design.insertions.length;
  return {
    locusName,
    definition: `Cisgram design ${design.name}: ${n} motif insertion${n === 1 ? '' : 's'} on a ${bgText}`,
    sequence: five + design.sequence + three,
    features,
  };
}

/** One record per design; LOCUS names are vendor-safe, unique and ≤ 16 characters. */
export function designsToGenBank(designs: readonly Design[], opts: GenBankOptions = {}): string {
  if (!designs.length) throw new ExportError('no designs selected');
  const names = safeNames(designs.map((d) => d.name), 16);
  const date = opts.date ?? new Date();
  return designs.map((d, i) => writeGenBankRecord(designToRecord(d, names[i], opts), date)).join('');
}
