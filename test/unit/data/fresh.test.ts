// Fresh training data per epoch (MODEL.md §6): each epoch's sequences are a deterministic function of
// (dataset seed, run seed, epoch), every batch is half positives, epochs differ from each other, and a
// dataset that cannot be redrawn says why in a sentence.
import { describe, it, expect } from 'vitest';
import { freshEpochs, freshSourceOf, type FreshSource } from '../../../src/core/data/fresh';
import { decode } from '../../../src/core/seq/alphabet';

const one = (seq: string) => seq.split('').map((ch) => [0, 1, 2, 3].map((b) => (b === 'ACGT'.indexOf(ch) ? 0.91 : 0.03)));
const src: FreshSource = {
  rule: { kind: 'single', motif: 'A' },
  motifs: { A: { id: 'A1', name: 'A', probs: one('TGACGTCA') } },
  config: { length: 120, nPositives: 10, nNegatives: 10, gc: 0.5, seed: 3 },
};

describe('fresh sequences every epoch', () => {
  it('is deterministic per epoch, balanced in every batch, and new each epoch', () => {
    const gen = freshEpochs(src, 1, 5, 16);
    const e0 = gen(0), e0b = gen(0), e1 = gen(1);
    expect(e0.codes.length).toBe(80);
    expect(e0.codes.map((c) => decode(c))).toEqual(e0b.codes.map((c) => decode(c)));
    const shared = new Set(e0.codes.map((c) => decode(c)));
    expect(e1.codes.filter((c) => shared.has(decode(c))).length).toBe(0);
    for (let b = 0; b < 5; b++) expect(e0.labels.subarray(b * 16, (b + 1) * 16).reduce((a, v) => a + v, 0)).toBe(8);
    // another run seed draws other sequences
    const other = freshEpochs(src, 2, 5, 16)(0);
    expect(other.codes.filter((c) => shared.has(decode(c))).length).toBe(0);
  });

  it('redraws from the recorded recipe; refuses other datasets with a sentence', () => {
    const rec = { name: 'sim', kind: 'simulated' as const, sources: [], params: { recipe: 'x', rule: src.rule, config: src.config, motifs: { A: { id: 'A1', name: 'A', probs: src.motifs.A.probs } } } };
    const s = freshSourceOf(rec);
    expect(typeof s).toBe('object');
    expect(freshSourceOf({ ...rec, kind: 'fasta' })).toMatch(/not a simulated dataset/);
    expect(freshSourceOf({ ...rec, params: {} })).toMatch(/does not record its simulation recipe/);
    expect(freshSourceOf({ ...rec, params: { ...rec.params, recipe: 'spi1-single', motifs: { A: { id: 'A1', name: 'A' } } }, sources: [{ role: 'motifs', path: '/nowhere/m.meme', file: 'm.meme', format: 'motifs', sizeBytes: null }] }))
      .toMatch(/no longer there/);
  });
});
