// Syntax statistics against the simulator's ground truth: planted cooperative pairs with a fixed
// 5 bp gap plus a 10–14 bp mode must come out as the top rules with the right pair, orientation
// and spacing; the canonical orientation convention and the binomial test are checked directly.
import { describe, it, expect } from 'vitest';
import { simulate, type SimMotif } from '../../../src/core/data/simulator';
import { analyseSyntax, canonical, binomPValue, cooccurrence, type SeqCalls } from '../../../src/core/grammar/syntax';
import { loadMotifFile, demoMotifsPath } from '../../../src/core/data/simulation-job';

function motif(name: string): SimMotif {
  const m = loadMotifFile(demoMotifsPath()).find((x) => x.name.toUpperCase() === name);
  if (!m) throw new Error(`demo motif ${name} missing`);
  return { id: m.id, name: m.name, probs: m.probs };
}

describe('canonical orientation', () => {
  it('maps a pair and its reverse complement to the same rule', () => {
    // A+ … B+ on one strand is B− … A− on the other
    expect(canonical({ motif: 0, strand: '+' }, { motif: 1, strand: '+' })).toEqual({ a: 0, b: 1, o: '++' });
    expect(canonical({ motif: 1, strand: '-' }, { motif: 0, strand: '-' })).toEqual({ a: 0, b: 1, o: '++' });
    expect(canonical({ motif: 1, strand: '+' }, { motif: 0, strand: '-' })).toEqual({ a: 0, b: 1, o: '+-' });
    expect(canonical({ motif: 1, strand: '-' }, { motif: 0, strand: '+' })).toEqual({ a: 0, b: 1, o: '-+' });
    expect(canonical({ motif: 2, strand: '-' }, { motif: 2, strand: '-' })).toEqual({ a: 2, b: 2, o: '++' });
  });
  it('binomial p-value is small for a strong excess and ~1 for none', () => {
    expect(binomPValue(50, 2, 1000, 1000)).toBeLessThan(1e-10);
    expect(binomPValue(10, 10, 1000, 1000)).toBeGreaterThan(0.4);
    // exact small case: P(X ≥ 3 | n=3, p=0.5) = 1/8
    expect(binomPValue(3, 0, 10, 10)).toBeCloseTo(0.125, 6);
  });
});

describe('syntax explorer on planted truth', () => {
  it('recovers the planted pair, orientation and both spacing modes (5 bp and 10–14 bp) as the top rules', () => {
    const A = motif('GATA1'), B = motif('TAL1::TCF3');
    const sim = simulate(
      { kind: 'cooperative', a: 'A', b: 'B', arrangements: [{ gap: [5, 5], orientation: 'same' }, { gap: [10, 14], orientation: 'same' }], decoys: ['single', 'wrongSpacing'] },
      { A, B }, { length: 200, nPositives: 600, nNegatives: 600, seed: 11, decoyFraction: 0.6 },
    );
    const idx = { A: 0, B: 1 } as Record<string, number>;
    const by = new Map<number, SeqCalls>();
    for (let i = 0; i < sim.seqs.length; i++) by.set(i, { seq: i, calls: [] });
    for (const p of sim.instances) by.get(p.seqIndex)!.calls.push({ motif: idx[p.motif], start: p.start, end: p.end, strand: p.strand });
    const pos = [...by.values()].filter((s) => sim.labels[s.seq] === 1), ctl = [...by.values()].filter((s) => sim.labels[s.seq] === 0);
    const res = analyseSyntax(pos, ctl, pos.length, ctl.length, { minSupport: 10 });
    expect(res.rules.length).toBeGreaterThanOrEqual(2);
    const top2 = res.rules.slice(0, 2);
    for (const r of top2) {
      expect([r.a, r.b]).toEqual([0, 1]);
      expect(r.orientation).toBe('++');
      expect(r.enrichment).toBeGreaterThan(5);
    }
    const fixed = top2.find((r) => r.spacingMin === 5 && r.spacingMax === 5);
    const mode = top2.find((r) => r.spacingMin >= 9 && r.spacingMin <= 11 && r.spacingMax >= 13 && r.spacingMax <= 15);
    expect(fixed, JSON.stringify(top2)).toBeDefined();
    expect(mode, JSON.stringify(top2)).toBeDefined();
    // every positive follows one of the two rules (the composite is on a random strand, the canonical form folds it)
    expect(fixed!.support + mode!.support).toBeGreaterThanOrEqual(pos.length * 0.95);
    // no rule claims the wrong orientation
    expect(res.rules.filter((r) => r.orientation !== '++' && r.pValue < 1e-6)).toEqual([]);
    const co = cooccurrence(res);
    expect(co.pos[0][1]).toBeGreaterThanOrEqual(pos.length * 0.95);
    expect(co.log2Enrichment[0][1]).toBeGreaterThan(0);
  });

  it('finds no rule when the arrangement is equally common in the controls', () => {
    const A = motif('GATA1'), B = motif('TAL1::TCF3');
    const sim = simulate(
      { kind: 'cooperative', a: 'A', b: 'B', arrangements: [{ gap: [5, 5], orientation: 'same' }] },
      { A, B }, { length: 200, nPositives: 400, nNegatives: 400, seed: 3 },
    );
    const idx = { A: 0, B: 1 } as Record<string, number>;
    const calls = new Map<number, SeqCalls>();
    for (const p of sim.instances) { let s = calls.get(p.seqIndex); if (!s) calls.set(p.seqIndex, (s = { seq: p.seqIndex, calls: [] })); s.calls.push({ motif: idx[p.motif], start: p.start, end: p.end, strand: p.strand }); }
    const pos = [...calls.values()].filter((s) => sim.labels[s.seq] === 1);
    // control = the same positives: nothing can be enriched
    const res = analyseSyntax(pos, pos.map((s) => ({ ...s, seq: s.seq + 100000 })), pos.length, pos.length);
    expect(res.rules).toEqual([]);
  });
});
