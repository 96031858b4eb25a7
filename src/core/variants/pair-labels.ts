// Labels for paired ref/alt sequences (issue 13): a `key=value` token in the FASTA header, or a
// column of a side table (TSV/CSV with a header row; first column = the pair's name). A value is
// either the bound allele ("ref"/"alt") or a measured effect (a number, alt relative to ref).
// Unreadable values leave the pair unlabelled and are counted, never fatal.
import { readTextFile } from '../io/text';
import { ApiError } from '../../shared/api/errors';

/** allele: +1 = the alternate allele is bound, −1 = the reference; effect: the measured number. */
export interface PairLabel { kind: 'allele' | 'effect'; value: number }

export function parseLabelValue(raw: string): PairLabel | null {
  const v = raw.trim().toLowerCase();
  if (v === 'alt' || v === 'alternate' || v === 'alt_bound') return { kind: 'allele', value: 1 };
  if (v === 'ref' || v === 'reference' || v === 'ref_bound') return { kind: 'allele', value: -1 };
  if (v === '' || v === 'na' || v === '.' || v === 'nan') return null;
  const x = Number(v);
  return Number.isFinite(x) ? { kind: 'effect', value: x } : null;
}

export interface LabelSource {
  /** The label of one pair (name of the reference record, its header text), or null. */
  get(name: string, header: string): PairLabel | null;
  nUnreadable: number;
  unreadableExamples: string[];
}

function tokenRe(key: string): RegExp {
  return new RegExp(`(?:^|\\s)${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}=(\\S*)`);
}

/** Labels from a header token `key=value`. */
export function headerLabels(key: string): LabelSource {
  const re = tokenRe(key);
  const src: LabelSource = {
    nUnreadable: 0, unreadableExamples: [],
    get(name, header) {
      const m = re.exec(header);
      if (!m) return null;
      const l = parseLabelValue(m[1]);
      if (!l && m[1] && !/^(na|\.|nan)$/i.test(m[1])) { src.nUnreadable++; if (src.unreadableExamples.length < 3) src.unreadableExamples.push(`${name}: '${m[1]}'`); }
      return l;
    },
  };
  return src;
}

/** Labels from column `key` of a side table keyed by pair name (first column). */
export function tableLabels(path: string, key: string): LabelSource {
  const lines = readTextFile(path).split(/\r?\n/).filter((l) => l.trim() && !l.startsWith('#'));
  if (!lines.length) throw new ApiError('bad_file', `The label table ${path} is empty.`);
  const sep = lines[0].includes('\t') ? '\t' : ',';
  const head = lines[0].split(sep).map((h) => h.trim());
  const col = head.findIndex((h) => h.toLowerCase() === key.toLowerCase());
  if (col < 1) throw new ApiError('bad_file', `The label table ${path} has no column '${key}' after the name column (its columns: ${head.join(', ')}).`);
  const byName = new Map<string, string>();
  for (const l of lines.slice(1)) { const f = l.split(sep); if (f[0]?.trim()) byName.set(f[0].trim(), f[col] ?? ''); }
  const src: LabelSource = {
    nUnreadable: 0, unreadableExamples: [],
    get(name) {
      const raw = byName.get(name);
      if (raw === undefined) return null;
      const l = parseLabelValue(raw);
      if (!l && raw.trim() && !/^(na|\.|nan)$/i.test(raw.trim())) { src.nUnreadable++; if (src.unreadableExamples.length < 3) src.unreadableExamples.push(`${name}: '${raw.trim()}'`); }
      return l;
    },
  };
  return src;
}

/**
 * One kind per set: when both kinds occur, the majority kind is kept and the others dropped
 * (counted). Returns the kept kind and the labels with the dropped ones set to null.
 */
export function oneLabelKind(labels: (PairLabel | null)[]): { kind: 'allele' | 'effect' | null; values: (number | null)[]; nDropped: number } {
  let na = 0, ne = 0;
  for (const l of labels) if (l) { if (l.kind === 'allele') na++; else ne++; }
  if (!na && !ne) return { kind: null, values: labels.map(() => null), nDropped: 0 };
  const kind = na >= ne ? 'allele' : 'effect';
  return { kind, values: labels.map((l) => (l && l.kind === kind ? l.value : null)), nDropped: kind === 'allele' ? ne : na };
}
