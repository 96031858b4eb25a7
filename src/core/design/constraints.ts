// Synthesis constraint checker: tests a design (as the product the vendor makes: 5′ adapter +
// insert + 3′ adapter) and its name against a vendor profile, and returns every violation with
// the rule it breaks, a plain-words message and where it occurs.
//
// Coordinates: 0-based half-open on the PRODUCT (adapter5 + insert + adapter3); `insertOffset`
// (= 5′ adapter length) maps them back to the design. Name violations have start = end = 0 and
// target "name".
//
// Letters: lowercase a/c/g/t is accepted and treated as uppercase (soft-masking carries no meaning
// for synthesis; exports write uppercase). IUPAC ambiguity letters (N R Y S W K M B D H V) are a
// violation "not synthesizable as a defined sequence"; U is a violation "is RNA (U)"; any other
// character (digits, spaces, gaps "-") is a violation "not a nucleotide"; whitespace is NOT
// silently stripped. GC fractions are computed over A/C/G/T only.
//
// Homopolymer rule `{bases: "AT", minRun: 13}` means a run of one repeated base (A…A or T…T) of
// length ≥ 13; a mixed A/T stretch is not a homopolymer. Tandem repeat rules count copies of a
// primitive unit (AT, not AA; ACG, not AAA) in a maximal periodic stretch.

import type { VendorProfile } from './profiles';

export type RuleId =
  | 'alphabet'
  | 'length'
  | 'gc.overall'
  | 'gc.window'
  | 'homopolymer'
  | 'tandem-repeat'
  | 'forbidden-site'
  | 'name.empty'
  | 'name.chars'
  | 'name.start'
  | 'name.length'
  | 'name.unique';

export interface Violation {
  rule: RuleId;
  message: string;
  /** 0-based, half-open, on the product (adapter5 + insert + adapter3). */
  start: number;
  end: number;
  target: 'sequence' | 'name';
  /** For forbidden sites: the strand on which the site reads 5′→3'. */
  strand?: '+' | '-';
}

export interface CheckReport {
  passes: boolean;
  violations: Violation[];
  /** The synthesized product, uppercase. */
  product: string;
  /** Length of the 5′ adapter: product coordinate of the insert's first base. */
  insertOffset: number;
}

const IUPAC_AMBIG = new Set('NRYSWKMBDHV');
const SAFE_NAME_RE = /^[A-Za-z0-9_.-]+$/;

/** Upper-cased product = 5′ adapter + insert + 3′ adapter. */
export function productOf(seq: string, profile: VendorProfile): { product: string; insertOffset: number } {
  return { product: profile.adapters.five + seq.toUpperCase() + profile.adapters.three, insertOffset: profile.adapters.five.length };
}

/** Violations of `seq` named `name` under `profile`. `others` = names of the other designs in the
 *  same order (for the uniqueness rule; the design's own name should not be in it). */
export function checkDesign(seq: string, name: string, profile: VendorProfile, others?: Iterable<string>): Violation[] {
  return checkDesignReport(seq, name, profile, others).violations;
}

export function checkDesignReport(seq: string, name: string, profile: VendorProfile, others?: Iterable<string>): CheckReport {
  const { product, insertOffset } = productOf(seq, profile);
  const v: Violation[] = [];
  checkAlphabet(product, v);
  checkLength(product, profile, v);
  checkGc(product, profile, v);
  checkHomopolymers(product, profile, v);
  checkTandemRepeats(product, profile, v);
  checkForbiddenSites(product, profile, v);
  checkName(name, profile, others, v);
  return { passes: v.length === 0, violations: v, product, insertOffset };
}

/** Plain-words, 1-based inclusive range for messages. */
function at(start: number, end: number): string {
  return end - start <= 1 ? `position ${start + 1}` : `positions ${start + 1}–${end}`;
}
const pct = (x: number) => `${(Math.round(x * 1000) / 10).toString()}%`;

type LetterKind = 'iupac' | 'rna' | 'other';
const kindOf = (c: string): LetterKind => (IUPAC_AMBIG.has(c) ? 'iupac' : c === 'U' ? 'rna' : 'other');

function checkAlphabet(s: string, out: Violation[]): void {
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if ('ACGT'.includes(c)) { i++; continue; }
    const kind = kindOf(c);
    let j = i + 1;
    while (j < s.length && !'ACGT'.includes(s[j]) && kindOf(s[j]) === kind) j++;
    const letters = JSON.stringify(s.slice(i, Math.min(j, i + 12)) + (j - i > 12 ? '…' : ''));
    const where = `${letters} at ${at(i, j)}`;
    out.push({
      rule: 'alphabet',
      target: 'sequence',
      start: i,
      end: j,
      message:
        kind === 'iupac'
          ? `${where} is not synthesizable as a defined sequence (ambiguity letters; only A, C, G, T can be ordered)`
          : kind === 'rna'
            ? `${where} is RNA (U); a DNA order needs T`
            : `${where} is not a nucleotide (only A, C, G, T can be ordered)`,
    });
    i = j;
  }
}

function checkLength(s: string, p: VendorProfile, out: Violation[]): void {
  if (!p.length) return;
  const n = s.length;
  const extra = p.adapters.five.length + p.adapters.three.length;
  const incl = extra ? ` including ${extra} nt of adapters` : '';
  if (n < p.length.min)
    out.push({ rule: 'length', target: 'sequence', start: 0, end: n, message: `sequence is ${n} nt${incl}; ${p.name} needs at least ${p.length.min} nt` });
  else if (n > p.length.max)
    out.push({ rule: 'length', target: 'sequence', start: p.length.max, end: n, message: `sequence is ${n} nt${incl}; ${p.name} allows at most ${p.length.max} nt (${n - p.length.max} nt too long)` });
}

function checkGc(s: string, p: VendorProfile, out: Violation[]): void {
  if (!p.gc && !p.gcWindow) return;
  const n = s.length;
  // Prefix sums of GC and of defined (ACGT) bases.
  const gc = new Int32Array(n + 1);
  const def = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    const isGc = c === 67 || c === 71;
    const isDef = isGc || c === 65 || c === 84;
    gc[i + 1] = gc[i] + (isGc ? 1 : 0);
    def[i + 1] = def[i] + (isDef ? 1 : 0);
  }
  if (p.gc && def[n] > 0) {
    const f = gc[n] / def[n];
    if (f * 100 < p.gc.min - 1e-9 || f * 100 > p.gc.max + 1e-9)
      out.push({ rule: 'gc.overall', target: 'sequence', start: 0, end: n, message: `overall GC content is ${pct(f)}; ${p.name} allows ${p.gc.min}–${p.gc.max}%` });
  }
  const w = p.gcWindow;
  if (!w || n < w.size) return; // shorter than one window: the overall rule applies
  // Failing windows in the same direction whose spans overlap are merged into one region; the
  // message names the worst window in it.
  type Region = { start: number; end: number; low: boolean; worst: number; worstAt: number };
  const regions: Region[] = [];
  for (let i = 0; i + w.size <= n; i++) {
    const d = def[i + w.size] - def[i];
    if (d === 0) continue;
    const f = (gc[i + w.size] - gc[i]) / d;
    const isLow = f * 100 < w.min - 1e-9, isHigh = f * 100 > w.max + 1e-9;
    if (!isLow && !isHigh) continue;
    const last = regions[regions.length - 1];
    if (last && last.low === isLow && i < last.end) {
      last.end = i + w.size;
      if (isLow ? f < last.worst : f > last.worst) { last.worst = f; last.worstAt = i; }
    } else regions.push({ start: i, end: i + w.size, low: isLow, worst: f, worstAt: i });
  }
  for (const r of regions)
    out.push({
      rule: 'gc.window', target: 'sequence', start: r.start, end: r.end,
      message: `GC content too ${r.low ? 'low' : 'high'} in ${w.size}-bp windows over ${at(r.start, r.end)} ` +
        `(${pct(r.worst)} at ${at(r.worstAt, r.worstAt + w.size)}); ${p.name} allows ${w.min}–${w.max}% in any ${w.size}-bp window`,
    });
}

function checkHomopolymers(s: string, p: VendorProfile, out: Violation[]): void {
  if (!p.homopolymers.length) return;
  const n = s.length;
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && s[j] === s[i]) j++;
    const base = s[i], len = j - i;
    // Report once per run, under the strictest applicable rule.
    let rule: { bases: string; minRun: number } | undefined;
    for (const h of p.homopolymers)
      if (h.bases.includes(base) && len >= h.minRun && (!rule || h.minRun < rule.minRun)) rule = h;
    if (rule) {
      const which = [...rule.bases].join('/');
      out.push({
        rule: 'homopolymer', target: 'sequence', start: i, end: j,
        message: `run of ${len} ${base} at ${at(i, j)}; ${p.name} forbids ${which} runs of ${rule.minRun} or more`,
      });
    }
    i = j;
  }
}

function isPrimitive(unit: string): boolean {
  const p = unit.length;
  for (let d = 1; d < p; d++) {
    if (p % d) continue;
    if (unit.slice(0, d).repeat(p / d) === unit) return false;
  }
  return true;
}

const unitWord = (u: number) => (u === 2 ? 'dinucleotide' : u === 3 ? 'trinucleotide' : `${u}-nt unit`);

function checkTandemRepeats(s: string, p: VendorProfile, out: Violation[]): void {
  const n = s.length;
  for (const r of p.tandemRepeats) {
    const u = r.unit;
    let i = 0;
    while (i + u < n) {
      if (s[i] !== s[i + u]) { i++; continue; }
      // Maximal stretch of positions j with s[j] === s[j+u]: substring [i, k+u) has period u.
      let k = i;
      while (k + u < n && s[k] === s[k + u]) k++;
      const len = k - i + u;
      const copies = Math.floor(len / u);
      if (copies >= r.minCopies) {
        const unit = s.slice(i, i + u);
        if (isPrimitive(unit) && /^[ACGT]+$/.test(unit)) {
          out.push({
            rule: 'tandem-repeat', target: 'sequence', start: i, end: i + len,
            message: `${unitWord(u)} ${unit} repeated ${copies} times in tandem at ${at(i, i + len)}; ` +
              `${p.name} forbids ${r.minCopies} or more tandem copies of a ${unitWord(u)}`,
          });
        }
      }
      i = k + 1;
    }
  }
}

export function reverseComplement(s: string): string {
  const m: Record<string, string> = { A: 'T', C: 'G', G: 'C', T: 'A' };
  let o = '';
  for (let i = s.length - 1; i >= 0; i--) o += m[s[i]] ?? 'N';
  return o;
}

function checkForbiddenSites(s: string, p: VendorProfile, out: Violation[]): void {
  for (const f of p.forbiddenSites) {
    const site = f.site.toUpperCase();
    const rc = reverseComplement(site);
    const palindrome = rc === site;
    for (const [pattern, strand] of [[site, '+'], [rc, '-']] as const) {
      if (strand === '-' && palindrome) break;
      for (let i = s.indexOf(pattern); i >= 0; i = s.indexOf(pattern, i + 1)) {
        out.push({
          rule: 'forbidden-site', target: 'sequence', start: i, end: i + pattern.length, strand,
          message: palindrome
            ? `${f.name} site ${site} (palindromic, both strands) at ${at(i, i + pattern.length)}`
            : strand === '+'
              ? `${f.name} site ${site} at ${at(i, i + pattern.length)}`
              : `${f.name} site ${site} on the reverse strand (reads ${rc} on this strand) at ${at(i, i + pattern.length)}`,
        });
      }
    }
  }
}

/** Name rule check; profile without `names` imposes no name rule except non-empty. */
export function checkName(name: string, profile: VendorProfile, others: Iterable<string> | undefined, out: Violation[] = []): Violation[] {
  const r = profile.names;
  const push = (rule: RuleId, message: string) => out.push({ rule, message, start: 0, end: 0, target: 'name' });
  if (!name.length) { push('name.empty', 'the design has no name'); return out; }
  if (!r) return out;
  if (r.safeChars && !SAFE_NAME_RE.test(name)) {
    const bad = [...new Set([...name].filter((c) => !/[A-Za-z0-9_.-]/.test(c)))].map((c) => (c === ' ' ? 'space' : JSON.stringify(c)));
    push('name.chars', `name "${name}" contains ${bad.join(', ')}; use only letters, digits, "_", "-" and "."`);
  }
  if (r.startWithLetter && !/^[A-Za-z]/.test(name)) push('name.start', `name "${name}" must start with a letter`);
  if (r.maxLength !== undefined && name.length > r.maxLength)
    push('name.length', `name "${name}" is ${name.length} characters; ${profile.name} allows at most ${r.maxLength}`);
  if (r.unique && others) {
    const lower = name.toLowerCase();
    for (const o of others)
      if (o.toLowerCase() === lower) { push('name.unique', `name "${name}" is used by another design in this order`); break; }
  }
  return out;
}

/**
 * Vendor-safe name: characters outside [A-Za-z0-9_.-] become "_", runs of "_" collapse, a name
 * not starting with a letter gets the prefix "seq_", and if the result is already in `taken`
 * (case-insensitive: `taken` holds LOWER-CASED names) a suffix "_2", "_3", … is added. The
 * returned name is added to `taken` lower-cased.
 */
export function safeName(name: string, taken: Set<string> = new Set(), maxLength = 0): string {
  let s = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').trim();
  s = s.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/_+/g, '_').replace(/^_+|_+$/g, '');
  if (!/^[A-Za-z]/.test(s)) s = 'seq_' + s;
  if (s.endsWith('_')) s = s.slice(0, -1);
  if (maxLength > 0) s = s.slice(0, maxLength);
  let out = s;
  for (let k = 2; taken.has(out.toLowerCase()); k++) {
    const suffix = `_${k}`;
    out = (maxLength > 0 ? s.slice(0, Math.max(1, maxLength - suffix.length)) : s) + suffix;
  }
  taken.add(out.toLowerCase());
  return out;
}

/** Safe, unique names for a list (first occurrence keeps its name when already safe). */
export function safeNames(names: readonly string[], maxLength = 0): string[] {
  const taken = new Set<string>();
  return names.map((n) => safeName(n, taken, maxLength));
}
