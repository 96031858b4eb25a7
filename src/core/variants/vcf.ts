// Reading variants: VCF (## meta lines, #CHROM header, 1-based POS) or a VCF-like table with a
// header line naming Chr/Pos/Ref/Alt columns (e.g. QTL tables); paired ref/alt FASTA. SNVs are kept;
// indels, symbolic and missing alleles are counted and skipped; malformed lines are reported with
// their line number and the file is refused (nothing is half-imported).
import { ApiError } from '../../shared/api/errors';

const bad = (msg: string) => new ApiError('bad_file', msg);

export interface VariantRecord {
  line: number;
  chrom: string;
  /** 1-based position. */
  pos: number;
  id: string;
  ref: string;
  alt: string;
  /** INFO key=value pairs and extra table columns (numbers parsed where possible). */
  fields: Record<string, string>;
}

export interface VcfReport {
  nLines: number;
  nRecords: number;
  nSnv: number;
  nIndel: number;
  nOther: number;
  fieldNames: string[];
}

const MAX_ERRORS = 5;

/** Parse VCF text; throws InputError naming up to 5 malformed lines. */
export function parseVcf(text: string, file = 'the variant file'): { variants: VariantRecord[]; report: VcfReport } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n|\r/);
  const variants: VariantRecord[] = [];
  const errors: string[] = [];
  let nRecords = 0, nIndel = 0, nOther = 0, nSnv = 0;
  let cols: { chrom: number; pos: number; id: number; ref: number; alt: number; info: number; extra: [number, string][] } | null = null;
  const fieldNames = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const ln = i + 1;
    if (!raw.trim() || raw.startsWith('##')) continue;
    const parts = raw.split('\t');
    if (raw.startsWith('#') || (!cols && /^(chr|chrom|chromosome)$/i.test(parts[0].trim()))) {
      const h = parts.map((p) => p.replace(/^#/, '').trim().toLowerCase());
      const find = (...names: string[]) => h.findIndex((x) => names.includes(x));
      const c = { chrom: find('chrom', 'chr', 'chromosome'), pos: find('pos', 'position', 'bp'), id: find('id', 'rsid', 'snp'), ref: find('ref', 'reference'), alt: find('alt', 'alternate'), info: find('info') };
      if (c.chrom < 0 || c.pos < 0 || c.ref < 0 || c.alt < 0) throw bad(`${file}, line ${ln}: the header must name the chromosome, position, REF and ALT columns (found: ${parts.join(', ')})`);
      const known = new Set(Object.values(c));
      const extra: [number, string][] = [];
      parts.forEach((p, k) => { if (!known.has(k) && !['qual', 'filter', 'format'].includes(h[k]) && k < (h.indexOf('format') >= 0 ? h.indexOf('format') : Infinity)) { extra.push([k, p.replace(/^#/, '').trim()]); fieldNames.add(p.replace(/^#/, '').trim()); } });
      cols = { ...c, extra };
      continue;
    }
    if (!cols) {
      // headerless VCF body: standard column order
      cols = { chrom: 0, pos: 1, id: 2, ref: 3, alt: 4, info: 7, extra: [] };
    }
    const need = Math.max(cols.chrom, cols.pos, cols.ref, cols.alt);
    if (parts.length <= need) { if (errors.length < MAX_ERRORS) errors.push(`line ${ln}: ${parts.length} column(s), expected at least ${need + 1} (tab-separated)`); continue; }
    const chrom = parts[cols.chrom].trim();
    const posS = parts[cols.pos].trim();
    const pos = Number(posS);
    if (!chrom) { if (errors.length < MAX_ERRORS) errors.push(`line ${ln}: empty chromosome`); continue; }
    if (!/^\d+$/.test(posS) || pos < 1) { if (errors.length < MAX_ERRORS) errors.push(`line ${ln}: position '${posS}' is not a positive whole number`); continue; }
    const ref = parts[cols.ref].trim().toUpperCase();
    const altField = parts[cols.alt].trim().toUpperCase();
    // REF is bases (IUPAC codes tolerated); each ALT is bases, '*', '.', a symbolic <ID> or a breakend.
    if (!/^[ACGTNRYSWKMBDHV]+$/.test(ref) || !altField || !altField.split(',').every((a) => /^([ACGTNRYSWKMBDHV*]+|\.|<[^<>]+>|[ACGTN]*[[\]][^\s]*)$/.test(a))) { if (errors.length < MAX_ERRORS) errors.push(`line ${ln}: REF '${ref}' / ALT '${altField}' are not alleles`); continue; }
    nRecords++;
    const fields: Record<string, string> = {};
    if (cols.info >= 0 && parts[cols.info] && parts[cols.info] !== '.') for (const kv of parts[cols.info].split(';')) {
      const [k, v] = kv.split('=');
      if (k) { fields[k] = v ?? '1'; fieldNames.add(k); }
    }
    for (const [k, name] of cols.extra) if (parts[k] !== undefined) fields[name] = parts[k].trim();
    const id = cols.id >= 0 && parts[cols.id] && parts[cols.id] !== '.' ? parts[cols.id].trim() : `${chrom}:${pos}`;
    for (const alt of altField.split(',')) {
      if (/^[ACGT]$/.test(ref) && /^[ACGT]$/.test(alt)) { nSnv++; variants.push({ line: ln, chrom, pos, id, ref, alt, fields }); }
      else if (/^[ACGTN]+$/.test(ref) && /^[ACGTN]+$/.test(alt) && ref.length !== alt.length) nIndel++;
      else if (/^[ACGT]+$/.test(ref) && /^[ACGT]+$/.test(alt) && ref.length === alt.length && ref.length > 1) nOther++; // MNV
      else nOther++;
    }
  }
  if (errors.length) throw bad(`${file} has malformed lines — ${errors.join('; ')}${errors.length === MAX_ERRORS ? '; …' : ''}. Fix them and import again.`);
  if (!cols && !variants.length) throw bad(`${file} contains no variants.`);
  return { variants, report: { nLines: lines.length, nRecords, nSnv, nIndel, nOther, fieldNames: [...fieldNames] } };
}

/** A numeric label/effect from a field (null when absent or not a number). */
export function labelOf(v: VariantRecord, field: string | null | undefined): number | null {
  if (!field) return null;
  const s = v.fields[field];
  if (s === undefined || s === '' || s === '.') return null;
  const x = Number(s);
  return Number.isFinite(x) ? x : null;
}
