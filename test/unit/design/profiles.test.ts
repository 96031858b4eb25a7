import { describe, expect, it } from 'vitest';
import { BUILTIN_PROFILES, IDT_LIKE_GENE_FRAGMENT, ProfileError, validateProfile } from '../../../src/core/design/profiles';

const base = { id: 'p', name: 'My vendor' };
const refused = (raw: object, pattern: RegExp) => {
  let err: unknown;
  try {
    validateProfile({ ...base, ...raw });
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ProfileError);
  expect((err as Error).message).toMatch(/My vendor/);
  expect((err as Error).message).toMatch(pattern);
};

describe('profile validation', () => {
  it('built-ins validate and round-trip through JSON', () => {
    for (const p of BUILTIN_PROFILES) expect(validateProfile(JSON.parse(JSON.stringify(p)))).toEqual(p);
    expect(IDT_LIKE_GENE_FRAGMENT.gc).toEqual({ min: 25, max: 68 });
  });
  it('refuses GC min > max', () => refused({ gc: { min: 70, max: 30 } }, /GC minimum 70% is greater than GC maximum 30%/));
  it('refuses min length > max length', () => refused({ length: { min: 300, max: 200 } }, /minimum length 300 nt is greater than maximum length 200 nt/));
  it('refuses a window GC range that cannot coexist with the overall range', () => {
    refused({ gc: { min: 25, max: 40 }, gcWindow: { size: 100, min: 45, max: 76 } }, /window GC range 45%–76% does not overlap the overall GC range 25%–40%/);
    refused({ gcWindow: { size: 100, min: 60, max: 40 } }, /window GC minimum 60% is greater/);
    // overlapping but not nested (the IDT-like rule) is accepted
    expect(() => validateProfile({ ...base, gc: { min: 25, max: 68 }, gcWindow: { size: 100, min: 28, max: 76 } })).not.toThrow();
  });
  it('refuses a forbidden site with non-ACGT letters', () => refused({ forbiddenSites: [{ name: 'X', site: 'GGNCTC' }] }, /forbidden site X "GGNCTC" must contain only A, C, G, T/));
  it('refuses bad adapters and adapters that fill the maximum length', () => {
    refused({ adapters: { five: 'ACGU', three: '' } }, /5′ adapter must contain only/);
    refused({ length: { min: 10, max: 20 }, adapters: { five: 'A'.repeat(10), three: 'C'.repeat(10) } }, /leave no room/);
  });
  it('refuses nonsense run and repeat limits and schema errors, listing every problem', () => {
    refused({ homopolymers: [{ bases: 'AX', minRun: 1 }] }, /only contain A, C, G, T.*at least 2/);
    refused({ tandemRepeats: [{ unit: 1, minCopies: 3 }] }, /use a homopolymer rule/);
    refused({ gc: { min: 'low', max: 60 } }, /gc\.min/);
    refused({ gc: { min: 70, max: 30 }, length: { min: 5, max: 1 } }, /minimum length 5 nt.*; GC minimum 70%/);
  });
  it('normalises case of sites and adapters', () => {
    const p = validateProfile({ ...base, forbiddenSites: [{ name: 'BsaI', site: 'ggtctc' }], adapters: { five: 'acg', three: 'tt' } });
    expect(p.forbiddenSites[0].site).toBe('GGTCTC');
    expect(p.adapters).toEqual({ five: 'ACG', three: 'TT' });
  });
});
