// Shared fixtures for design/export tests: clean random sequences that pass the IDT-like profile.
import { sampleBases } from '../../../src/core/design/background';
import { checkDesign } from '../../../src/core/design/constraints';
import { IDT_LIKE_GENE_FRAGMENT, type VendorProfile } from '../../../src/core/design/profiles';

/** First seeded 50%-GC sequence of length n passing `profile` (IDT-like by default). */
export function cleanSeq(n: number, seed = 1, profile: VendorProfile = IDT_LIKE_GENE_FRAGMENT): string {
  for (let s = seed; s < seed + 1000; s++) {
    const x = sampleBases(n, 0.5, s);
    if (!checkDesign(x, 'x', { ...profile, length: undefined }).length) return x;
  }
  throw new Error('no clean sequence');
}
