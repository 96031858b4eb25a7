// Vendor synthesis profiles as plain data (editable by users, stored as JSON), their zod schema,
// and semantic validation that refuses contradictory rule sets with a message naming each problem.
// The built-in profiles are "-like" approximations of vendor rules; users must verify them against
// each vendor's current documentation. GC bounds are in percent; lengths in nucleotides and count
// the whole synthesized product (5′ adapter + insert + 3′ adapter).

import { z } from 'zod';

const ACGT_RE = /^[ACGT]+$/;

export const HomopolymerRuleSchema = z.object({
  /** Which bases the rule applies to, e.g. "AT" (runs of A or of T), "GC", "ACGT". */
  bases: z.string().min(1),
  /** A run of a single base of this length or longer is a violation ("no A/T run ≥ 13" → 13). */
  minRun: z.number().int(),
});

export const TandemRepeatRuleSchema = z.object({
  /** Repeat unit length (2 = dinucleotide, 3 = trinucleotide…). Units that are themselves
   *  repeats of a shorter unit (AA, AAA, ATAT) are left to the shorter rules / homopolymer rules. */
  unit: z.number().int(),
  /** This many tandem copies or more is a violation ("repeated ≥ 9 times" → 9). */
  minCopies: z.number().int(),
});

export const ForbiddenSiteSchema = z.object({
  name: z.string().min(1),
  /** Site on the top strand; also searched as its reverse complement. Case-insensitive. */
  site: z.string().min(1),
});

export const NameRuleSchema = z.object({
  /** Letters, digits, "_", "-", "." only (no spaces). */
  safeChars: z.boolean().default(true),
  startWithLetter: z.boolean().default(true),
  /** Unique within the order, compared case-insensitively. */
  unique: z.boolean().default(true),
  maxLength: z.number().int().positive().optional(),
});

export const OrderColumnSchema = z.object({
  header: z.string().min(1),
  /** Value written for every row (e.g. Scale "250 ng"); the user edits it in the profile. */
  value: z.string(),
});

export const VendorProfileSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  description: z.string().optional(),
  length: z.object({ min: z.number().int(), max: z.number().int() }).optional(),
  gc: z.object({ min: z.number(), max: z.number() }).optional(),
  gcWindow: z.object({ size: z.number().int(), min: z.number(), max: z.number() }).optional(),
  homopolymers: z.array(HomopolymerRuleSchema).default([]),
  tandemRepeats: z.array(TandemRepeatRuleSchema).default([]),
  forbiddenSites: z.array(ForbiddenSiteSchema).default([]),
  adapters: z.object({ five: z.string().default(''), three: z.string().default('') }).default({ five: '', three: '' }),
  names: NameRuleSchema.optional(),
  order: z
    .object({
      sheetName: z.string().min(1).max(31).default('Order'),
      columns: z.array(OrderColumnSchema).default([]),
    })
    .default({ sheetName: 'Order', columns: [] }),
});

export type VendorProfile = z.infer<typeof VendorProfileSchema>;
export type VendorProfileInput = z.input<typeof VendorProfileSchema>;
export type HomopolymerRule = z.infer<typeof HomopolymerRuleSchema>;
export type TandemRepeatRule = z.infer<typeof TandemRepeatRuleSchema>;
export type ForbiddenSite = z.infer<typeof ForbiddenSiteSchema>;

export class ProfileError extends Error {
  constructor(public readonly problems: string[], profileName: string) {
    super(`vendor profile "${profileName}" is not usable: ${problems.join('; ')}`);
    this.name = 'ProfileError';
  }
}

export const DEFAULT_FORBIDDEN_SITES: ForbiddenSite[] = [
  { name: 'BsaI', site: 'GGTCTC' },
  { name: 'BsmBI', site: 'CGTCTC' },
];

const DEFAULT_NAMES = { safeChars: true, startWithLetter: true, unique: true };

/** Parse + validate a profile (from JSON or the editor). Throws ProfileError listing every problem. */
export function validateProfile(raw: unknown): VendorProfile {
  const parsed = VendorProfileSchema.safeParse(raw);
  const label =
    raw && typeof raw === 'object' && typeof (raw as { name?: unknown }).name === 'string'
      ? (raw as { name: string }).name
      : '(unnamed)';
  if (!parsed.success) {
    throw new ProfileError(
      parsed.error.issues.map((i) => `${i.path.join('.') || 'profile'}: ${i.message}`),
      label,
    );
  }
  const p = parsed.data;
  const problems: string[] = [];
  const pct = (x: number) => `${x}%`;
  if (p.length) {
    if (p.length.min < 1) problems.push(`minimum length must be at least 1 (got ${p.length.min})`);
    if (p.length.min > p.length.max)
      problems.push(`minimum length ${p.length.min} nt is greater than maximum length ${p.length.max} nt`);
  }
  if (p.gc) {
    if (p.gc.min < 0 || p.gc.max > 100) problems.push(`GC bounds must lie within 0–100% (got ${pct(p.gc.min)}–${pct(p.gc.max)})`);
    if (p.gc.min > p.gc.max) problems.push(`GC minimum ${pct(p.gc.min)} is greater than GC maximum ${pct(p.gc.max)}`);
  }
  if (p.gcWindow) {
    const w = p.gcWindow;
    if (w.size < 2) problems.push(`GC window size must be at least 2 bp (got ${w.size})`);
    if (w.min < 0 || w.max > 100) problems.push(`window GC bounds must lie within 0–100% (got ${pct(w.min)}–${pct(w.max)})`);
    if (w.min > w.max) problems.push(`window GC minimum ${pct(w.min)} is greater than window GC maximum ${pct(w.max)}`);
    // Every window in [w.min, w.max] forces the whole-sequence GC (an average of tiling windows)
    // into the same range, so the two ranges must overlap or no sequence longer than one window
    // passes. (They need not nest: IDT's 28–76% window with 25–68% overall is sensible.)
    if (p.gc && w.min <= w.max && p.gc.min <= p.gc.max && (w.max < p.gc.min || w.min > p.gc.max))
      problems.push(
        `window GC range ${pct(w.min)}–${pct(w.max)} does not overlap the overall GC range ${pct(p.gc.min)}–${pct(p.gc.max)} ` +
          `(no sequence longer than one window could satisfy both)`,
      );
  }
  for (const h of p.homopolymers) {
    const bad = [...h.bases.toUpperCase()].filter((c) => !'ACGT'.includes(c));
    if (bad.length) problems.push(`homopolymer rule bases "${h.bases}" may only contain A, C, G, T`);
    if (h.minRun < 2) problems.push(`homopolymer limit for ${h.bases} must be at least 2 (a run of ${h.minRun} is any base)`);
  }
  for (const r of p.tandemRepeats) {
    if (r.unit < 2) problems.push(`tandem repeat unit must be at least 2 bp (use a homopolymer rule for 1)`);
    if (r.minCopies < 2) problems.push(`tandem repeat limit for ${r.unit}-bp units must be at least 2 copies`);
  }
  const seen = new Set<string>();
  for (const s of p.forbiddenSites) {
    if (!ACGT_RE.test(s.site.toUpperCase()))
      problems.push(`forbidden site ${s.name} "${s.site}" must contain only A, C, G, T`);
    if (seen.has(s.name)) problems.push(`forbidden site name ${s.name} is listed twice`);
    seen.add(s.name);
  }
  for (const [which, seq] of [['5′', p.adapters.five], ['3′', p.adapters.three]] as const) {
    if (seq && !ACGT_RE.test(seq.toUpperCase())) problems.push(`${which} adapter must contain only A, C, G, T`);
  }
  if (p.length && p.adapters.five.length + p.adapters.three.length >= p.length.max)
    problems.push(
      `adapters (${p.adapters.five.length + p.adapters.three.length} nt) leave no room for an insert under the ${p.length.max}-nt maximum`,
    );
  if (p.names?.maxLength !== undefined && p.names.maxLength < 1) problems.push('maximum name length must be at least 1');
  if (problems.length) throw new ProfileError(problems, p.name);
  // Normalise case once so the checker can compare bytes.
  return {
    ...p,
    forbiddenSites: p.forbiddenSites.map((s) => ({ ...s, site: s.site.toUpperCase() })),
    homopolymers: p.homopolymers.map((h) => ({ ...h, bases: h.bases.toUpperCase() })),
    adapters: { five: p.adapters.five.toUpperCase(), three: p.adapters.three.toUpperCase() },
  };
}

/** IDT-like gene fragment (verify against IDT's current gBlocks rules). */
export const IDT_LIKE_GENE_FRAGMENT: VendorProfile = validateProfile({
  id: 'idt-like-gene-fragment',
  name: 'IDT-like gene fragment',
  description:
    'GC 25–68% overall, 28–76% in any 100-bp window; no A/T run ≥ 13; no G/C run ≥ 6; ' +
    'no dinucleotide repeated ≥ 9 times or trinucleotide ≥ 5 times in tandem.',
  length: { min: 125, max: 3000 },
  gc: { min: 25, max: 68 },
  gcWindow: { size: 100, min: 28, max: 76 },
  homopolymers: [
    { bases: 'AT', minRun: 13 },
    { bases: 'GC', minRun: 6 },
  ],
  tandemRepeats: [
    { unit: 2, minCopies: 9 },
    { unit: 3, minCopies: 5 },
  ],
  forbiddenSites: DEFAULT_FORBIDDEN_SITES,
  names: DEFAULT_NAMES,
  order: { sheetName: 'Order', columns: [{ header: 'Scale', value: '250 ng' }] },
});

/** Twist-like gene fragment (verify against Twist's current rules). */
export const TWIST_LIKE: VendorProfile = validateProfile({
  id: 'twist-like',
  name: 'Twist-like',
  description: 'GC 40–65% overall; no homopolymer run ≥ 9.',
  length: { min: 300, max: 5000 },
  gc: { min: 40, max: 65 },
  homopolymers: [{ bases: 'ACGT', minRun: 9 }],
  forbiddenSites: DEFAULT_FORBIDDEN_SITES,
  names: DEFAULT_NAMES,
  order: { sheetName: 'Order', columns: [] },
});

/** Oligo pool: 30–230 nt, A/C/G/T only, names start with a letter, no spaces, unique. */
export const OLIGO_POOL: VendorProfile = validateProfile({
  id: 'oligo-pool',
  name: 'Oligo pool',
  description: '30–230 nt per oligo (adapters included); A/C/G/T only; names start with a letter, no spaces, unique.',
  length: { min: 30, max: 230 },
  forbiddenSites: DEFAULT_FORBIDDEN_SITES,
  names: DEFAULT_NAMES,
  order: { sheetName: 'Pool', columns: [{ header: 'Replication', value: '1' }] },
});

export const BUILTIN_PROFILES: readonly VendorProfile[] = [IDT_LIKE_GENE_FRAGMENT, TWIST_LIKE, OLIGO_POOL];
