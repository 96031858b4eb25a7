// Redundancy-aware motif identity (groupFilterMotifs / makeGates / callSequence): filters that learned
// the same motif (shifted, partial or reverse-complement copies) are reported as one motif, with the
// representative's span mapped onto each member's window and the member's strand.
import { describe, it, expect } from 'vitest';
import { callSequence, groupFilterMotifs, makeGates } from '../../../src/core/grammar/instances';

const W = 20;
const onehot = (s: string, hi = 0.85) => [...s].map((ch) => [0, 1, 2, 3].map((c) => ('ACGT'[c] === ch ? hi : (1 - hi) / 3)));
const flat = [0.25, 0.25, 0.25, 0.25];
const rc = (s: string) => [...s].reverse().map((c) => 'TGCA'['ACGT'.indexOf(c)]).join('');
/** A W-column PFM with `core` at column `at` and uniform columns elsewhere, trimmed to the core. */
function filt(filter: number, core: string, at: number, hi = 0.85) {
  const probs = Array.from({ length: W }, () => flat.slice());
  onehot(core, hi).forEach((r, k) => { probs[at + k] = r; });
  return { filter, name: `Filter ${filter + 1}`, passes: true, rcTwin: null as number | null, trimStart: at, trimEnd: at + core.length, probs };
}
const SITE = 'AAAAGAGGAAGTG';

describe('motif identity across redundant filters', () => {
  it('groups shifted, partial and RC copies under the most informative filter; keeps other motifs apart', () => {
    const ms = [
      filt(0, SITE.slice(3), 4, 0.8),      // partial copy (columns 3–12), weaker
      filt(1, SITE, 2),                    // full copy: representative (highest total IC)
      filt(2, rc(SITE.slice(0, 9)), 6),    // RC partial copy (columns 0–8 on the other strand)
      filt(3, 'CTTATCAGCG', 3),            // an unrelated motif
    ];
    const g = groupFilterMotifs(ms, W);
    expect(g.get(1)).toMatchObject({ rep: 1, strand: '+', start: 2, end: 15 });
    // member 0: its column 0 is site column 3, so the site starts 3 before its trimmed start
    expect(g.get(0)).toMatchObject({ rep: 1, strand: '+', start: 1, end: 14 });
    // member 2 (RC of columns 0–8): the site's column 0 is its last column (window 14), so the
    // site on the − strand spans window columns 15 − 13 = 2 … 15
    expect(g.get(2)).toMatchObject({ rep: 1, strand: '-', start: 2, end: 15 });
    expect(g.get(3)).toMatchObject({ rep: 3, strand: '+' });
    // an unreachable similarity threshold keeps every filter its own motif
    const strict = groupFilterMotifs(ms, W, { minSimilarity: 1.01 });
    expect([0, 1, 2, 3].map((f) => strict.get(f)!.rep)).toEqual([0, 1, 2, 3]);
  });

  it('one planted site fired by three redundant filters gives one call, named after the representative', () => {
    const ms = [filt(0, SITE.slice(3), 4, 0.8), filt(1, SITE, 2), filt(2, rc(SITE.slice(0, 9)), 6)];
    const gates = makeGates(ms, [0.1, 0.1, 0.1], 3, W);
    expect(gates.map((x) => x!.name)).toEqual(['Filter 2', 'Filter 2', 'Filter 2']);
    // site at 30..43 of a 100-bp sequence: filter 1 fires at j = 28, filter 0 at j = 29, filter 2 at j = 28
    const Lp = 100 - W + 1, F = 3, heads = 1;
    const r = new Float32Array(Lp * F), att = new Float32Array(Lp);
    r[28 * F + 1] = 1; r[29 * F + 0] = 2; r[28 * F + 2] = 0.9;
    att[28] = 1; att[29] = 0.9;
    const calls = callSequence(r, 0, att, 0, Lp, F, heads, gates);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ motif: 1, filter: 0, start: 30, end: 43, strand: '+' });
  });

  it('without PFMs falls back to RC twins (lower-numbered filter is the representative)', () => {
    const ms = [0, 1].map((f) => ({ filter: f, name: `F${f}`, passes: true, rcTwin: 1 - f, trimStart: 3, trimEnd: 14 }));
    const g = makeGates(ms, [0.1, 0.1], 2, W);
    expect(g[1]).toMatchObject({ motif: 0, strand: '-', trimStart: 3, trimEnd: 14 });
  });
});
