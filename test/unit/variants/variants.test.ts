// Variant effects: a variant that breaks a planted motif instance ranks above variants in the
// background (hand-set model = the planted motif's log-odds), the destroyed instance is reported;
// bad input: wrong genome build (REF mismatch rate, refused above the threshold), chromosomes
// missing, malformed lines with line numbers, variants too close to a chromosome end, indels
// counted and skipped; the real dsQTL table (hg18) parses and is refused against a C. elegans genome.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { memoryGenome, openGenome } from '../../../src/core/io/genome';
import { Rng } from '../../../src/core/seq/random';
import { LETTERS } from '../../../src/core/seq/alphabet';
import { loadMotifFile, demoMotifsPath } from '../../../src/core/data/simulation-job';
import { parseVcf } from '../../../src/core/variants/vcf';
import { buildWindows, scoreWindows, variantMetrics } from '../../../src/core/variants/score';
import { gatesOf } from '../../../src/core/grammar/call-model';
import { handModel, type HandModel } from '../grammar/hand-model';

const DATA = path.resolve(__dirname, '../../../../shared/data');
const gata = loadMotifFile(demoMotifsPath()).find((x) => x.name.toUpperCase() === 'GATA1')!;
const cons = Uint8Array.from(gata.probs.map((r) => r.indexOf(Math.max(...r))));
const rng = new Rng(9);
const chr = Uint8Array.from({ length: 5000 }, () => rng.int(4));
const SITE = 2000; // planted GATA consensus at [2000, 2011)
chr.set(cons, SITE);
const genome = memoryGenome([{ name: 'chr1', codes: chr }, { name: 'chr2', codes: Uint8Array.from({ length: 300 }, () => rng.int(4)) }]);
const base = (p0: number) => LETTERS[chr[p0]];
const other = (b: string) => (b === 'A' ? 'C' : 'A');

let hm: HandModel;
beforeAll(async () => {
  await tf.setBackend('cpu'); await tf.ready();
  const bg = chr.slice(0, 200), w = bg.slice(); w.set(cons, 90);
  hm = await handModel([gata.probs], { twins: true, fireFraction: 0.7, calibrate: [bg, w] });
});
afterAll(() => hm?.model.dispose());

function vcf(rows: [string, number, string, string][], extra = ''): string {
  return `##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n${rows.map(([c, p, r, a], i) => `${c}\t${p}\tv${i}\t${r}\t${a}\t.\tPASS\tEFFECT=${i === 0 ? 1 : 0}`).join('\n')}\n${extra}`;
}

describe('variant scoring', () => {
  it('ranks a variant that breaks the planted instance above background variants and reports the lost instance', async () => {
    // column 3 of GATA1 (T, p=0.96) sits at SITE+3; background variants are ≥ 300 bp away
    const breakPos = SITE + 3;
    const rows: [string, number, string, string][] = [['chr1', breakPos + 1, base(breakPos), other(base(breakPos))]];
    for (const p of [600, 900, 1200, 2600, 2900, 3300, 3600, 4000]) rows.push(['chr1', p + 1, base(p), other(base(p))]);
    const { variants } = parseVcf(vcf(rows));
    const { windows, report } = await buildWindows(genome, variants, 200, { labelField: 'EFFECT' });
    expect(report.nMismatch).toBe(0);
    expect(windows).toHaveLength(9);
    expect(windows[0].offset).toBe(100);
    const W = hm.W, off = Math.floor((W - gata.probs.length) / 2);
    const gates = gatesOf([
      { filter: 0, name: 'GATA', passes: true, rcTwin: 1, trimStart: off, trimEnd: off + 11, meanPos: 0.05 },
      { filter: 1, name: 'GATA', passes: true, rcTwin: 0, trimStart: off, trimEnd: off + 11, meanPos: 0.05 },
    ], hm.F, W);
    const scored = await scoreWindows(hm.model, windows, gates, { bothStrands: true });
    const order = scored.map((s, i) => i).sort((a, b) => Math.abs(scored[b].delta) - Math.abs(scored[a].delta));
    expect(order[0]).toBe(0);
    expect(scored[0].delta).toBeLessThan(-0.2);
    for (let i = 1; i < scored.length; i++) expect(Math.abs(scored[i].delta)).toBeLessThan(Math.abs(scored[0].delta) / 5);
    expect(scored[0].lost.length).toBeGreaterThanOrEqual(1);
    expect(scored[0].lost[0].start).toBeLessThanOrEqual(100);
    expect(scored[0].lost[0].end).toBeGreaterThan(100);
    expect(scored[0].lost[0].otherActivation!).toBeLessThan(scored[0].lost[0].activation);
    expect(scored[0].gained).toEqual([]);
    const m = variantMetrics(scored.map((s) => s.delta), windows.map((w) => w.label));
    expect(m!.kind).toBe('binary');
    expect(m!.auroc).toBe(1);
  });
});

describe('bad variant input', () => {
  it('refuses a different genome build: REF mismatch rate above the threshold, naming the rate', async () => {
    const rows: [string, number, string, string][] = [];
    for (let i = 0; i < 20; i++) { const p = 500 + i * 100; rows.push(['chr1', p + 1, i < 5 ? base(p) : other(base(p)), 'G']); }
    const { variants } = parseVcf(vcf(rows));
    await expect(buildWindows(genome, variants, 200)).rejects.toThrow(/75\.0% of the reference alleles \(15 of 20\).*different genome build/);
    // below the threshold the mismatching ones are skipped and counted
    const ok = await buildWindows(genome, variants, 200, { maxMismatch: 0.8 });
    expect(ok.report.nMismatch).toBe(15);
    expect(ok.windows).toHaveLength(5);
  });

  it('reports chromosomes missing, variants too close to an end, and refuses when nothing is left', async () => {
    const rows: [string, number, string, string][] = [['chr1', 1001, base(1000), 'G'], ['chrZ', 10, 'A', 'G'], ['chr1', 20, base(19), 'G'], ['chr2', 150, LETTERS[0], 'G']];
    const { variants } = parseVcf(vcf(rows).replace(`chr2\t150\tv3\tA`, `chr2\t150\tv3\t${'ACGT'[0]}`));
    const { report, windows } = await buildWindows(genome, variants.filter((v) => v.chrom !== 'chr2'), 200);
    expect(windows).toHaveLength(1);
    expect(report.missingChroms).toEqual(['chrZ']);
    expect(report.nTooCloseToEnd).toBe(1);
    expect(report.edgeExamples[0]).toMatch(/within 100 bp of an end of chr1/);
    await expect(buildWindows(genome, parseVcf(vcf([['chrZ', 10, 'A', 'G']])).variants, 200)).rejects.toThrow(/chromosomes \(chrZ\) are in the genome/);
    await expect(buildWindows(genome, parseVcf(vcf([['chr1', 5, base(4), 'G']])).variants, 200)).rejects.toThrow(/too close to a chromosome end/);
  });

  it('names malformed lines by number; counts and skips indels', () => {
    const text = vcf([['chr1', 1001, 'A', 'G']]) + 'chr1\tabc\t.\tA\tG\t.\t.\t.\nchr1\t5\n';
    expect(() => parseVcf(text, 'x.vcf')).toThrow(/x\.vcf has malformed lines — line 4: position 'abc'.*line 5: 2 column/);
    const r = parseVcf(vcf([['chr1', 1001, 'A', 'G'], ['chr1', 1101, 'AT', 'A'], ['chr1', 1201, 'C', 'CTT'], ['chr1', 1301, 'G', 'A,T']]));
    expect(r.report.nIndel).toBe(2);
    expect(r.variants.map((v) => v.alt)).toEqual(['G', 'A', 'T']);
  });

  it('reads the real dsQTL table (hg18) and refuses it against a C. elegans genome', async () => {
    const f = path.join(DATA, 'variants/dsQTL_Degner2012_hg18.vcf');
    if (!existsSync(f)) { console.warn(`skipping: ${f} not found`); return; }
    const { readFileSync } = await import('node:fs');
    const { variants, report } = parseVcf(readFileSync(f, 'utf8'), 'dsQTL');
    expect(report.nSnv).toBe(5671);
    expect(report.fieldNames).toContain('Beta');
    expect(Number(variants[0].fields.Beta)).toBeCloseTo(1.398, 3);
    const g = path.join(DATA, 'genome/ce2_chrX.fa.gz');
    if (!existsSync(g)) { console.warn(`skipping genome part: ${g} not found`); return; }
    const ce = await openGenome(g);
    await expect(buildWindows(ce, variants.slice(0, 200), 500)).rejects.toThrow(/chromosomes .* are in the genome/);
  }, 60_000);
});
