// Paired ref/alt sequences (issue 13): every difference of a pair is read — three substitutions
// across two planted GATA sites report both sites destroyed (with the activation each had and has
// left); unequal and identical pairs are counted, never fatal; pairs shorter and longer than the
// model's window are centred (left pad ⌊(L−n)/2⌋, central cut, sliding only to keep differences
// inside), padded with the genome when the header gives coordinates; labels from headers or a table.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../../src/core/seq/random';
import { N } from '../../../src/core/seq/alphabet';
import { memoryGenome } from '../../../src/core/io/genome';
import { loadMotifFile, demoMotifsPath } from '../../../src/core/data/simulation-job';
import { pairWindows, parseChanges, changeColumns } from '../../../src/core/variants/pairs';
import { cutStart, headerLocus } from '../../../src/core/variants/window-fit';
import { headerLabels, tableLabels, parseLabelValue } from '../../../src/core/variants/pair-labels';
import { scoreEffects } from '../../../src/core/variants/effects';
import { gatesOf } from '../../../src/core/grammar/call-model';
import { handModel, type HandModel } from '../grammar/hand-model';

const gata = loadMotifFile(demoMotifsPath()).find((x) => x.name.toUpperCase() === 'GATA1')!;
const cons = Uint8Array.from(gata.probs.map((r) => r.indexOf(Math.max(...r))));
const rng = new Rng(13);
const rand = (n: number) => Uint8Array.from({ length: n }, () => rng.int(4));
const flip = (s: Uint8Array, k: number) => { s[k] = (s[k] + 2) % 4; };

let hm: HandModel;
beforeAll(async () => {
  await tf.setBackend('cpu'); await tf.ready();
  const bg = rand(200), w = bg.slice(); w.set(cons, 90);
  hm = await handModel([gata.probs], { twins: true, fireFraction: 0.7, calibrate: [bg, w] });
});
afterAll(() => hm?.model.dispose());

describe('every difference of a pair', () => {
  it('three substitutions across two planted sites: both sites reported destroyed, positions listed', async () => {
    const ref = rand(200);
    ref.set(cons, 40); ref.set(cons, 130);
    const alt = ref.slice();
    flip(alt, 40 + 3); flip(alt, 40 + 5); flip(alt, 130 + 3); // GATA core columns (p ≥ 0.9)
    const { windows, changes, report } = await pairWindows([{ name: 'p1', codes: ref }], [{ name: 'p1', codes: alt }], { window: 200, W: hm.W });
    expect(report.nScored).toBe(1);
    expect(changes[0].map((c) => c.pos)).toEqual([44, 46, 134]);
    expect(windows[0].diffs).toEqual([43, 45, 133]);
    expect(parseChanges(windows[0].ref, windows[0].alt)).toEqual(changes[0]);
    const W = hm.W, off = Math.floor((W - gata.probs.length) / 2);
    const gates = gatesOf([
      { filter: 0, name: 'GATA', passes: true, rcTwin: 1, trimStart: off, trimEnd: off + 11, meanPos: 0.05 },
      { filter: 1, name: 'GATA', passes: true, rcTwin: 0, trimStart: off, trimEnd: off + 11, meanPos: 0.05 },
    ], hm.F, W);
    const [s] = await scoreEffects(hm.model, windows, gates, { bothStrands: true });
    expect(s.delta).toBeLessThan(-0.2);
    const sites = s.lost.map((c) => c.start).sort((a, b) => a - b);
    expect(sites.some((x) => x >= 38 && x <= 42)).toBe(true);   // first site [40, 51)
    expect(sites.some((x) => x >= 128 && x <= 132)).toBe(true); // second site [130, 141)
    for (const c of s.lost) {
      expect(c.name).toBe('GATA');
      expect(c.otherActivation).toBeDefined();
      expect(c.otherActivation!).toBeLessThan(c.activation);
    }
    expect(s.gained).toEqual([]);
    // a site that no difference touches is not reported: only the second site broken
    const alt2 = ref.slice(); flip(alt2, 133);
    const w2 = (await pairWindows([{ name: 'p2', codes: ref }], [{ name: 'p2', codes: alt2 }], { window: 200, W })).windows;
    const [s2] = await scoreEffects(hm.model, w2, gates, { bothStrands: true });
    expect(s2.lost.length).toBeGreaterThan(0);
    expect(s2.lost.every((c) => c.start >= 125)).toBe(true);
  });

  it('unequal and identical pairs are counted and set apart, not fatal; no scorable pair is refused with counts', async () => {
    const a = rand(100), b = a.slice(); flip(b, 50);
    const same = rand(100);
    const res = await pairWindows(
      [{ name: 'ok', codes: a }, { name: 'indel', codes: rand(101) }, { name: 'same', codes: same }, { name: 'ok2', codes: a }],
      [{ name: 'ok', codes: b }, { name: 'indel', codes: rand(100) }, { name: 'same', codes: same.slice() }, { name: 'ok2', codes: b }],
      { window: 100, W: 15 },
    );
    expect(res.windows.map((w) => w.name)).toEqual(['ok', 'ok2']);
    expect(res.report).toMatchObject({ nInput: 4, nScored: 2, nUnequal: 1, nIdentical: 1 });
    expect(res.report.unequalExamples[0]).toMatch(/pair 2 \(indel\): 101 vs 100 bp/);
    expect(res.report.notes.join(' ')).toMatch(/1 pair differs in length .* skipped.*1 pair is identical/s);
    await expect(pairWindows([{ name: 'x', codes: same }], [{ name: 'x', codes: same }], { window: 100, W: 15 })).rejects.toThrow(/No pair could be scored: 0 differ in length.*1 are identical/);
    await expect(pairWindows([{ name: 'x', codes: same }], [], { window: 100, W: 15 })).rejects.toThrow(/pair up one to one/);
  });
});

describe('pairs fitted to the model window', () => {
  it('a shorter pair is centred with N on both sides (left ⌊(L−n)/2⌋) and the report warns', async () => {
    const r = rand(99), a = r.slice(); flip(a, 10);
    const { windows, report } = await pairWindows([{ name: 's', codes: r }], [{ name: 's', codes: a }], { window: 200, W: 15 });
    const w = windows[0];
    expect(w.refSeq.length).toBe(200);
    expect(Array.from(w.refSeq.slice(0, 50))).toEqual(new Array(50).fill(N));   // ⌊101/2⌋ = 50
    expect(Array.from(w.refSeq.slice(149))).toEqual(new Array(51).fill(N));
    expect(w.refSeq.slice(50, 149)).toEqual(r);
    expect(w.diffs).toEqual([60]);
    expect(report.fit.nNPadded).toBe(1);
    expect(report.notes.join(' ')).toMatch(/Warning: 1 pair shorter than the model's 200 bp window was padded on both sides with N/);
  });

  it('a longer pair is cut to its centre; it slides only to keep its differences inside', async () => {
    const r = rand(300), a = r.slice(); flip(a, 150); flip(a, 160);
    let { windows, report } = await pairWindows([{ name: 'c', codes: r }], [{ name: 'c', codes: a }], { window: 101, W: 15 });
    expect(windows[0].refSeq).toEqual(r.slice(99, 200));   // ⌊(300−101)/2⌋ = 99
    expect(windows[0].diffs).toEqual([51, 61]);
    expect(report.fit).toMatchObject({ nCut: 1, nSlid: 0, nDiffsOutside: 0 });
    const a2 = r.slice(); flip(a2, 20);
    ({ windows, report } = await pairWindows([{ name: 'e', codes: r }], [{ name: 'e', codes: a2 }], { window: 101, W: 15 }));
    expect(windows[0].refSeq).toEqual(r.slice(20, 121));
    expect(report.fit).toMatchObject({ nCut: 1, nSlid: 1 });
    expect(report.notes.join(' ')).toMatch(/cut to their central 101 bp \(1 slid off-centre/);
    // differences spread wider than the window: the most of them kept, the rest counted
    expect(cutStart(300, 101, [5, 10, 250])).toBe(5);
    const a3 = r.slice(); flip(a3, 5); flip(a3, 10); flip(a3, 250);
    ({ report } = await pairWindows([{ name: 'w', codes: r }], [{ name: 'w', codes: a3 }], { window: 101, W: 15 }));
    expect(report.fit).toMatchObject({ nDiffsOutside: 1, nChangesDropped: 1 });
  });

  it('pads with the genome when the header gives chr:start-end (either convention) and it matches', async () => {
    const chr = rand(2000);
    const g = memoryGenome([{ name: 'chr1', codes: chr }]);
    const r = chr.slice(1000, 1100), a = r.slice(); flip(a, 50);
    expect(headerLocus('chr1:1001-1100', 100)).toEqual({ chrom: 'chr1', start0: 1000 });  // 1-based inclusive
    expect(headerLocus('chr1:1000-1100', 100)).toEqual({ chrom: 'chr1', start0: 1000 });  // bedtools
    expect(headerLocus('chr1:1000-1300', 100)).toBeNull();
    const { windows, report } = await pairWindows([{ name: 'chr1:1001-1100', codes: r }, { name: 'chr1:1501-1600', codes: r }], [{ name: 'chr1:1001-1100', codes: a }, { name: 'chr1:1501-1600', codes: a }], { window: 200, W: 15, flanks: { genome: g } });
    expect(windows[0].refSeq).toEqual(chr.slice(950, 1150));
    expect(windows[0].altSeq[100]).toBe(a[50]);
    expect(report.fit).toMatchObject({ nGenomePadded: 1, nNPadded: 1, nGenomeMismatch: 1 }); // the second header does not describe its sequence
  });
});

describe('labels for pairs', () => {
  it('reads the bound allele or an effect from a header token or a side table; unreadable ones are counted', async () => {
    expect(parseLabelValue('ALT')).toEqual({ kind: 'allele', value: 1 });
    expect(parseLabelValue('ref')).toEqual({ kind: 'allele', value: -1 });
    expect(parseLabelValue('-0.25')).toEqual({ kind: 'effect', value: -0.25 });
    const h = headerLabels('bound');
    expect(h.get('x', 'chr1:1-10 bound=alt')).toEqual({ kind: 'allele', value: 1 });
    expect(h.get('x', 'bound=maybe')).toBeNull();
    expect(h.nUnreadable).toBe(1);
    const dir = mkdtempSync(join(tmpdir(), 'cisgram-labels-'));
    writeFileSync(join(dir, 't.tsv'), 'name\tother\teffect\np1\tz\t0.5\np2\tz\tNA\n');
    const t = tableLabels(join(dir, 't.tsv'), 'effect');
    expect(t.get('p1', '')).toEqual({ kind: 'effect', value: 0.5 });
    expect(t.get('p2', '')).toBeNull();
    expect(t.nUnreadable).toBe(0);
    expect(() => tableLabels(join(dir, 't.tsv'), 'bound')).toThrow(/no column 'bound'.*name, other, effect/);
    const r = rand(50), a = r.slice(); flip(a, 25);
    const res = await pairWindows(
      [{ name: 'a', description: 'bound=alt', codes: r }, { name: 'b', description: 'bound=ref', codes: r }, { name: 'c', description: 'bound=0.3', codes: r }],
      [{ name: 'a', codes: a }, { name: 'b', codes: a }, { name: 'c', codes: a }],
      { window: 50, W: 15, labels: (n, d) => headerLabels('bound').get(n, d) },
    );
    expect(res.windows.map((w) => w.label)).toEqual([1, -1, null]);
    expect(res.report).toMatchObject({ labelKind: 'allele', nLabelled: 2, nLabelDropped: 1 });
    expect(changeColumns([{ pos: 3, ref: 'G', alt: 'A' }])).toEqual({ ref: 'G@3', alt: 'A@3' });
  });
});
