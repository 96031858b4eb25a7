import { describe, expect, it } from 'vitest';
import { sampleBases } from '../../../src/core/design/background';
import { checkDesign, checkDesignReport, reverseComplement, safeName, safeNames } from '../../../src/core/design/constraints';
import {
  IDT_LIKE_GENE_FRAGMENT as IDT,
  OLIGO_POOL,
  ProfileError,
  TWIST_LIKE,
  validateProfile,
  type VendorProfileInput,
} from '../../../src/core/design/profiles';
import { cleanSeq } from './helpers';

const only = (extra: Partial<VendorProfileInput>) => validateProfile({ id: 't', name: 'Test', ...extra });
const rules = (v: { rule: string }[]) => v.map((x) => x.rule);

describe('built-in profiles', () => {
  it('a clean 500-bp sequence passes IDT-like and Twist-like', () => {
    const s = cleanSeq(500, 7);
    expect(checkDesign(s, 'd1', IDT)).toEqual([]);
    expect(checkDesign(s, 'd1', TWIST_LIKE).filter((v) => v.rule !== 'gc.overall')).toEqual([]);
  });
});

describe('GC content', () => {
  const p = only({ gc: { min: 40, max: 60 } });
  it('overall GC at the bounds passes, outside fails over the whole product', () => {
    expect(checkDesign(sampleBases(100, 0.4, 1), 'a', p)).toEqual([]);
    expect(checkDesign(sampleBases(100, 0.6, 1), 'a', p)).toEqual([]);
    const lo = checkDesign(sampleBases(100, 0.39, 1), 'a', p);
    expect(rules(lo)).toEqual(['gc.overall']);
    expect(lo[0]).toMatchObject({ start: 0, end: 100 });
    expect(lo[0].message).toMatch(/39%.*40–60%/);
    expect(rules(checkDesign(sampleBases(100, 0.61, 1), 'a', p))).toEqual(['gc.overall']);
  });

  const w = only({ gcWindow: { size: 100, min: 28, max: 76 } });
  it('window GC: 76% in a window passes, 77% fails', () => {
    expect(checkDesign(sampleBases(100, 0.76, 3), 'a', w)).toEqual([]);
    expect(checkDesign(sampleBases(100, 0.28, 3), 'a', w)).toEqual([]);
    expect(rules(checkDesign(sampleBases(100, 0.77, 3), 'a', w))).toEqual(['gc.window']);
    expect(rules(checkDesign(sampleBases(100, 0.27, 3), 'a', w))).toEqual(['gc.window']);
  });

  it('a GC-rich stretch inside a balanced sequence is located where it is', () => {
    const s = sampleBases(200, 0.5, 1) + sampleBases(100, 0.95, 2) + sampleBases(200, 0.5, 3);
    const v = checkDesign(s, 'a', w);
    expect(v.length).toBeGreaterThanOrEqual(1);
    for (const x of v) {
      expect(x.rule).toBe('gc.window');
      expect(x.start).toBeGreaterThan(100);
      expect(x.end).toBeLessThan(400);
      expect(x.start).toBeLessThan(300);
      expect(x.end).toBeGreaterThan(200);
      expect(x.message).toMatch(/too high/);
    }
    // same sequence is fine overall under IDT's overall range: only window violations
    expect(rules(checkDesign(s, 'a', IDT)).filter((r) => r === 'gc.overall')).toEqual([]);
  });

  it('sequences shorter than the window are judged by the overall rule only', () => {
    expect(checkDesign('GGGCCCGGGC'.repeat(5), 'a', w)).toEqual([]);
  });
});

describe('homopolymers (IDT-like: A/T run ≥ 13, G/C run ≥ 6)', () => {
  const base = cleanSeq(300, 11);
  const put = (run: string) => base.slice(0, 100) + 'C' + run + 'C' + base.slice(100 + run.length + 2);
  it('A×12 passes, A×13 fails at its position', () => {
    expect(checkDesign(put('A'.repeat(12)), 'a', IDT)).toEqual([]);
    const v = checkDesign(put('A'.repeat(13)), 'a', IDT);
    expect(rules(v)).toEqual(['homopolymer']);
    expect(v[0]).toMatchObject({ start: 101, end: 114 });
    expect(checkDesign(put('T'.repeat(13)), 'a', IDT).map((x) => x.rule)).toEqual(['homopolymer']);
  });
  it('G×5 passes, G×6 fails; C likewise', () => {
    const g5 = base.slice(0, 100) + 'A' + 'GGGGG' + 'A' + base.slice(107);
    const g6 = base.slice(0, 100) + 'A' + 'GGGGGG' + 'A' + base.slice(108);
    expect(checkDesign(g5, 'a', IDT)).toEqual([]);
    const v = checkDesign(g6, 'a', IDT);
    expect(rules(v)).toEqual(['homopolymer']);
    expect(v[0]).toMatchObject({ start: 101, end: 107 });
    expect(v[0].message).toMatch(/run of 6 G/);
    const c6 = base.slice(0, 100) + 'A' + 'CCCCCC' + 'A' + base.slice(108);
    expect(rules(checkDesign(c6, 'a', IDT))).toEqual(['homopolymer']);
  });
  it('Twist-like: any homopolymer ≥ 9', () => {
    const p = only({ homopolymers: [{ bases: 'ACGT', minRun: 9 }] });
    expect(checkDesign('AC' + 'G'.repeat(8) + 'TA', 'a', p)).toEqual([]);
    expect(rules(checkDesign('AC' + 'G'.repeat(9) + 'TA', 'a', p))).toEqual(['homopolymer']);
    expect(rules(checkDesign('AC' + 'T'.repeat(9) + 'GA', 'a', p))).toEqual(['homopolymer']);
  });
  it('a mixed A/T stretch is not a homopolymer', () => {
    const p = only({ homopolymers: [{ bases: 'AT', minRun: 13 }] });
    expect(checkDesign('AATTAATTTAATAATTA', 'a', p)).toEqual([]);
  });
});

describe('tandem repeats', () => {
  const p = only({ tandemRepeats: [{ unit: 2, minCopies: 9 }, { unit: 3, minCopies: 5 }] });
  it('dinucleotide ×8 (and 8.5) passes, ×9 fails with location', () => {
    expect(checkDesign('G' + 'AT'.repeat(8) + 'G', 'a', p)).toEqual([]);
    expect(checkDesign('G' + 'AT'.repeat(8) + 'AG', 'a', p)).toEqual([]);
    const v = checkDesign('GG' + 'CA'.repeat(9) + 'GG', 'a', p);
    expect(rules(v)).toEqual(['tandem-repeat']);
    expect(v[0]).toMatchObject({ start: 2, end: 20 });
    expect(v[0].message).toMatch(/dinucleotide CA repeated 9 times/);
  });
  it('trinucleotide ×4 passes, ×5 fails', () => {
    expect(checkDesign('T' + 'CAG'.repeat(4) + 'T', 'a', p)).toEqual([]);
    const v = checkDesign('T' + 'CAG'.repeat(5) + 'T', 'a', p);
    expect(rules(v)).toEqual(['tandem-repeat']);
    expect(v[0]).toMatchObject({ start: 1, end: 16 });
  });
  it('homopolymers are not counted as di/trinucleotide repeats', () => {
    expect(checkDesign('C' + 'A'.repeat(30) + 'C', 'a', p)).toEqual([]);
  });
  it('in the IDT-like profile', () => {
    const base = cleanSeq(300, 5);
    const s = base.slice(0, 100) + 'G' + 'TG'.repeat(9) + 'G' + base.slice(120);
    expect(rules(checkDesign(s, 'a', IDT))).toContain('tandem-repeat');
  });
});

describe('forbidden sites on both strands', () => {
  const p = only({ forbiddenSites: [{ name: 'BsaI', site: 'GGTCTC' }, { name: 'BsmBI', site: 'cgtctc' }] });
  it('top-strand site', () => {
    const v = checkDesign('AAAAGGTCTCAAAA', 'a', p);
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ rule: 'forbidden-site', start: 4, end: 10, strand: '+' });
  });
  it('reverse-complement-only site', () => {
    expect(reverseComplement('GGTCTC')).toBe('GAGACC');
    const v = checkDesign('TTTTGAGACCTTTT', 'a', p);
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ rule: 'forbidden-site', start: 4, end: 10, strand: '-' });
    expect(v[0].message).toMatch(/BsaI.*reverse strand/);
    expect(checkDesign('TTGAGACGTT', 'a', p)[0]).toMatchObject({ strand: '-', start: 2 });
  });
  it('no site, no violation; defaults are BsaI and BsmBI', () => {
    expect(checkDesign('AAAAGGTCTAAAA', 'a', p)).toEqual([]);
    expect(IDT.forbiddenSites.map((s) => s.site)).toEqual(['GGTCTC', 'CGTCTC']);
  });
  it('palindromic site reported once', () => {
    const q = only({ forbiddenSites: [{ name: 'EcoRI', site: 'GAATTC' }] });
    const v = checkDesign('AAGAATTCAA', 'a', q);
    expect(v).toHaveLength(1);
  });
});

describe('length and adapters', () => {
  it('oligo pool 30–230 nt bounds', () => {
    const ok = (n: number) => rules(checkDesign(sampleBases(n, 0.5, 1), 'a', OLIGO_POOL)).filter((r) => r === 'length');
    expect(ok(29)).toEqual(['length']);
    expect(ok(30)).toEqual([]);
    expect(ok(230)).toEqual([]);
    expect(ok(231)).toEqual(['length']);
    const v = checkDesign(sampleBases(231, 0.5, 1), 'a', OLIGO_POOL).find((x) => x.rule === 'length')!;
    expect(v).toMatchObject({ start: 230, end: 231 });
  });
  it('adapters count toward length and are checked with the insert', () => {
    const p = validateProfile({ ...OLIGO_POOL, adapters: { five: 'ACTGACTGACTGACTGACTG', three: 'TGCATGCATGCATGCATGCA' } });
    const insert = cleanSeq(200, 3).slice(0, 200);
    expect(rules(checkDesign(insert, 'a', OLIGO_POOL))).toEqual([]);
    const r = checkDesignReport(insert, 'a', p);
    expect(r.product.length).toBe(240);
    expect(r.insertOffset).toBe(20);
    expect(rules(r.violations)).toEqual(['length']);
    expect(r.violations[0].message).toMatch(/including 40 nt of adapters/);
  });
  it('a forbidden site spanning the adapter junction is found', () => {
    const p = only({ adapters: { five: 'AAAGGT', three: '' }, forbiddenSites: [{ name: 'BsaI', site: 'GGTCTC' }] });
    const v = checkDesign('CTCAAAAA', 'a', p);
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ start: 3, end: 9 });
  });
});

describe('letters: lowercase accepted, IUPAC refused', () => {
  const p = only({});
  it('lowercase is uppercased and passes', () => {
    const s = cleanSeq(300, 2);
    expect(checkDesign(s.toLowerCase(), 'a', IDT)).toEqual([]);
    expect(checkDesignReport('acgt', 'a', p).product).toBe('ACGT');
  });
  it('IUPAC ambiguity letters are not synthesizable', () => {
    const v = checkDesign('ACGTNNRACGT', 'a', p);
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ rule: 'alphabet', start: 4, end: 7 });
    expect(v[0].message).toMatch(/not synthesizable as a defined sequence/);
    expect(checkDesign('acgtyacgt', 'a', p)[0].message).toMatch(/not synthesizable/);
  });
  it('other characters are not nucleotides (whitespace is not stripped)', () => {
    const v = checkDesign('ACG T1', 'a', p);
    expect(v.map((x) => [x.start, x.end])).toEqual([[3, 4], [5, 6]]);
    expect(v[0].message).toMatch(/not a nucleotide/);
  });
});

describe('names', () => {
  const p = OLIGO_POOL;
  const s = sampleBases(100, 0.5, 4);
  const nameRules = (name: string, others?: string[]) => rules(checkDesign(s, name, p, others)).filter((r) => r.startsWith('name'));
  it('vendor-safe names pass', () => {
    expect(nameRules('Design_1.a-b')).toEqual([]);
  });
  it('must start with a letter, no spaces or odd characters, non-empty', () => {
    expect(nameRules('1design')).toEqual(['name.start']);
    expect(nameRules('_d')).toEqual(['name.start']);
    expect(nameRules('my design')).toEqual(['name.chars']);
    expect(nameRules('a/b')).toEqual(['name.chars']);
    expect(nameRules('')).toEqual(['name.empty']);
  });
  it('must be unique (case-insensitive)', () => {
    expect(nameRules('d1', ['d2', 'd3'])).toEqual([]);
    expect(nameRules('d1', ['D1'])).toEqual(['name.unique']);
  });
  it('safeName sanitizes and makes duplicates unique', () => {
    expect(safeName('my design #1')).toBe('my_design_1');
    expect(safeName('1st')).toBe('seq_1st');
    expect(safeName('  ')).toBe('seq');
    expect(safeName('Ünïcode')).toBe('Unicode');
    expect(safeNames(['a', 'A', 'a', 'a_2', 'b c', 'b_c'])).toEqual(['a', 'A_2', 'a_3', 'a_2_2', 'b_c', 'b_c_2']);
    const many = safeNames(Array(50).fill('x y'));
    expect(new Set(many.map((n) => n.toLowerCase())).size).toBe(50);
    for (const n of many) expect(nameRules(n)).toEqual([]);
    expect(safeNames(['abcdefghijklmnopqrst', 'abcdefghijklmnopqrsu'], 16)).toEqual(['abcdefghijklmnop', 'abcdefghijklmn_2']);
  });
});

describe('GC window regions and RNA letters', () => {
  it('overlapping failing windows in one direction are one region', () => {
    const w = validateProfile({ id: 't', name: 'T', gcWindow: { size: 100, min: 28, max: 76 } });
    const s = sampleBases(150, 0.5, 1) + sampleBases(100, 0.95, 2) + sampleBases(150, 0.5, 3);
    expect(checkDesign(s, 'a', w)).toHaveLength(1);
  });
  it('U is reported as RNA', () => {
    const v = checkDesign('ACGUACG', 'a', validateProfile({ id: 't', name: 'T' }));
    expect(v).toHaveLength(1);
    expect(v[0].message).toMatch(/RNA \(U\)/);
  });
});
