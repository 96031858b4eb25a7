// The strict evaluation definitions (src/core/compare/strict.ts, MODEL.md §6) on hand-made inputs
// whose right answer is known, including cases that must fail:
// - usage: a filter firing in 2 % of positives is not used; 6 of 100 vs 0 of 100 is not enriched
//   enough (one-sided Fisher p ≈ 0.015); silent filters and data without negatives are neither;
// - recovery against the whole JASPAR 2024 collection + TF family: the planted GATA1 PFM as a
//   "filter" is recovered on either strand; an ELF2 filter recovers planted ELF4 through the Ets
//   family; a GATA2 filter does not recover GATA1 (same family, but GATA1 itself only matches with
//   q ≈ 0.3); random matrices never are (while the old planted-only database passes some of them);
//   nor is TAL1 for a GATA1 plant; REST half-sites are told apart; a collection without families
//   is refused with the message the table shows;
// - an RC twin pair counts once, a same-strand duplicate counts again; all-dead runs say so;
// - instances: two filters of one motif on one site give one call; top-k recall and precision at
//   recall 0.8 (null when never reached); the ≥ half-overlap rule; FIMO figures with merged identities;
// - the planted rule: found in the right order/orientation/spacing among the 3 best of its pair,
//   in every reading the explorer can report it, and not found when any of those is wrong.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  fisherGreater, usedFilters, tfFamilies, collectionHasFamilies, buildRecoveryDb, matchFilter, recovery, rcTwinUnits, countUnits,
  motifFigures, mergeCalls, motifIdentity, instanceFigures, fimoFigures, plantedRules, plantedRuleFound, ruleMatches, spanInset, parsePlantedId,
  RecoveryError, NEEDS_FAMILIES, K_GRID, type FilterFiring, type FilterPfm, type FoundRule, type MotifOrigin, type PlantedRule,
} from '../../../src/core/compare/strict';
import { motifQuality } from '../../../src/core/compare/quality';
import { parseMotifs } from '../../../src/core/pwm/formats';
import { motifPasses, revcompMatrix } from '../../../src/core/pwm/matrix';
import { RECIPES, DEMO_RECIPE } from '../../../src/core/data/recipes';
import type { Motif } from '../../../src/core/pwm/types';
import { hasData, readData, skipMsg, mulberry32, randomMotif } from '../motifs/helpers';

const J24 = 'motifs/JASPAR2024_CORE_vertebrates_non-redundant.transfac.txt';
const J20 = 'motifs/JASPAR2020_CORE_vertebrates_non-redundant.meme.txt';
const haveJ = hasData(J24) && hasData(J20);
if (!haveJ) console.warn(skipMsg(J24));
const jaspar24 = haveJ ? parseMotifs(readData(J24), { file: J24 }) : [];
const jaspar20 = haveJ ? parseMotifs(readData(J20), { file: J20 }) : [];
const j20 = (id: string) => jaspar20.find((m) => m.id === id)!;
const j24 = (name: string) => jaspar24.find((m) => m.name === name)!;
const demo = parseMotifs(readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../../resources/demo-motifs.meme'), 'utf8'), { file: 'demo-motifs.meme' });
const GATA1 = demo.find((m) => m.id === 'MA0035.4')!;
const TAL1 = demo.find((m) => m.id === 'MA0091.1')!;

const W = 15;
const U = [0.25, 0.25, 0.25, 0.25];
/** A W-wide "filter" holding a PFM at offset `at`, uniform elsewhere, trimmed by the app's IC rule. */
function filterOf(filter: number, probs: number[][], at = 2): FilterPfm & FilterFiring {
  const full = Array.from({ length: W }, (_, i) => (i >= at && i - at < probs.length ? probs[i - at] : U));
  const v = motifPasses({ id: 'f', name: 'f', probs: full });
  return { filter, probs: full, trimStart: v.start, trimEnd: v.end, firesPos: 400, firesNeg: 20, nPos: 1000, nNeg: 1000 };
}
const rng = mulberry32(2024);
const randomPfm = (w: number) => randomMotif(rng, w, 'r').probs;

describe('used filters (fires in ≥ 5 % of positives, one-sided Fisher p < 0.01 vs negatives)', () => {
  it('Fisher exact test: known tables', () => {
    // margins 4/4, 4 fire: P(X ≥ 3) = (16 + 1)/70
    expect(fisherGreater(3, 1, 1, 3)).toBeCloseTo(17 / 70, 12);
    expect(fisherGreater(0, 4, 4, 0)).toBe(1);
    // 6/100 vs 0/100: P = C(100,6)/C(200,6)
    let p = 1;
    for (let i = 0; i < 6; i++) p *= (100 - i) / (200 - i);
    expect(fisherGreater(6, 94, 0, 100)).toBeCloseTo(p, 12);
    expect(p).toBeGreaterThan(0.01);
  });

  it('a filter firing in 2 % of positives is not used, nor an unenriched or silent one; 5 % with enrichment is', () => {
    const fs: FilterFiring[] = [
      { filter: 0, firesPos: 20, firesNeg: 0, nPos: 1000, nNeg: 1000 },       // 2 %: rare
      { filter: 1, firesPos: 50, firesNeg: 0, nPos: 1000, nNeg: 1000 },       // 5 %, enriched: used
      { filter: 2, firesPos: 300, firesNeg: 290, nPos: 1000, nNeg: 1000 },    // common in both: not enriched
      { filter: 3, firesPos: 0, firesNeg: 0, nPos: 1000, nNeg: 1000, unused: true },
      { filter: 4, firesPos: 6, firesNeg: 0, nPos: 100, nNeg: 100 },          // 6 % but p ≈ 0.015
      { filter: 5, firesPos: 400, firesNeg: 20, nPos: 1000, nNeg: 1000 },
      { filter: 6, firesPos: 900, firesNeg: 0, nPos: 1000, nNeg: 1000, maxActivation: 0 },
    ];
    const u = usedFilters(fs);
    expect(u.map((x) => x.verdict)).toEqual(['rare', 'used', 'not enriched', 'silent', 'not enriched', 'used', 'silent']);
    expect(u.filter((x) => x.used).map((x) => x.filter)).toEqual([1, 5]);
    expect(u[4].p).toBeGreaterThan(0.01);
    expect(u[1].p).toBeLessThan(1e-10);
  });

  it("a repressor's filter (fires in negatives, not positives) is used with role 'repressing'; a merely common one is not", () => {
    const fs: FilterFiring[] = [
      { filter: 0, firesPos: 2, firesNeg: 400, nPos: 1000, nNeg: 1000 },      // CTCF in decoy negatives: used, repressing
      { filter: 1, firesPos: 0, firesNeg: 30, nPos: 1000, nNeg: 1000 },       // 3 % of negatives: rare
      { filter: 2, firesPos: 280, firesNeg: 300, nPos: 1000, nNeg: 1000 },    // common in both (p ≈ 0.18 either way): not enriched
      { filter: 3, firesPos: 500, firesNeg: 20, nPos: 1000, nNeg: 1000 },     // activator: used, activating
      { filter: 4, firesPos: 0, firesNeg: 6, nPos: 100, nNeg: 100 },          // 6 % of negatives but p ≈ 0.015: not enriched
    ];
    const u = usedFilters(fs);
    expect(u.map((x) => x.verdict)).toEqual(['used', 'rare', 'not enriched', 'used', 'not enriched']);
    expect(u.map((x) => x.role)).toEqual(['repressing', 'activating', 'activating', 'activating', 'activating']);
    expect(u[0].p).toBeLessThan(1e-10);
    expect(u[4].p).toBeGreaterThan(0.01);
  });

  it('without negatives no filter can be shown enriched, and the figures say so (not "all filters inactive")', () => {
    const u = usedFilters([{ filter: 0, firesPos: 500, firesNeg: 0, nPos: 1000, nNeg: 0 }]);
    expect(u[0]).toMatchObject({ used: false, verdict: 'no negatives' });
    const m = motifFigures([{ ...filterOf(0, GATA1.probs), nNeg: 0, firesNeg: 0 }], null, []);
    expect(m.allInactive).toBe(false);
    expect(m.note).toMatch(/negative sequences/);
  });

  it('a run whose filters are all dead says so instead of reporting motifs', () => {
    const dead = [0, 1, 2].map((f) => ({ ...filterOf(f, GATA1.probs), firesPos: 0, firesNeg: 0, unused: true }));
    const m = motifFigures(dead, jaspar24, [{ id: 'MA0035.4', name: 'GATA1', probs: GATA1.probs }]);
    expect(m.allInactive).toBe(true);
    expect(m.nUsed).toBe(0);
    // zeros, not blanks: a dead seed counts in the mean over seeds
    expect(m.planted).toMatchObject({ recovered: 0, total: 1, redundancy: null, extraneous: 0 });
    expect(m.note).toMatch(/^all filters inactive/);
  });
});

describe('TF families and the recovery database', () => {
  it('reads JASPAR tf_family (several families split on ";")', () => {
    expect(tfFamilies({ meta: { tf_family: 'Fos-related; Jun-related' } })).toEqual(['fos-related', 'jun-related']);
    expect(tfFamilies({})).toEqual([]);
    expect(collectionHasFamilies([{ meta: {} }, { meta: { tf_family: 'E2F' } }])).toBe(true);
    expect(collectionHasFamilies([{ meta: {} }, { meta: {} }, { meta: { tf_family: 'E2F' } }])).toBe(false);
  });

  it('parses planted IDs with a column slice', () => {
    expect(parsePlantedId('MA0138.2[0:9]')).toEqual({ parent: 'MA0138.2', columns: [0, 9] });
    expect(parsePlantedId('MA0080.5')).toEqual({ parent: 'MA0080.5', columns: null });
  });

  it.skipIf(!haveJ)('JASPAR 2024 TRANSFAC carries tf_family / tf_class in Motif.meta; JASPAR 2020 MEME has none and is refused', () => {
    expect(jaspar24).toHaveLength(879);
    expect(j24('GATA1').meta).toMatchObject({ tf_family: 'C4-GATA-related', tf_class: expect.stringMatching(/zinc/i) });
    expect(collectionHasFamilies(jaspar24)).toBe(true);
    expect(collectionHasFamilies(jaspar20)).toBe(false);
    expect(() => buildRecoveryDb(jaspar20, [{ id: 'MA0035.4', name: 'GATA1' }])).toThrow(RecoveryError);
    const m = motifFigures([filterOf(0, GATA1.probs)], jaspar20, [{ id: 'MA0035.4', name: 'GATA1', probs: GATA1.probs }]);
    expect(m.planted).toBeNull();
    expect(m.note).toBe(NEEDS_FAMILIES);
  });

  it.skipIf(!haveJ)('a planted JASPAR ID is its collection entry (version ignored); a slice or a custom motif is added to the database', () => {
    const rest = j20('MA0138.2');
    const rdb = buildRecoveryDb(jaspar24, [
      { id: 'MA0035.4', name: 'GATA1', probs: GATA1.probs },
      { id: 'MA0138.2[0:9]', name: 'REST', probs: rest.probs.slice(0, 9) },
      { id: 'A', name: 'A', probs: randomPfm(8) },
    ]);
    expect(rdb.planted.map((e) => [e.entryId, e.source])).toEqual([['MA0035.5', 'collection'], ['MA0138.2[0:9]', 'slice'], ['A', 'custom']]);
    expect(rdb.planted[1].families).toEqual(['factors with multiple dispersed zinc fingers']);
    expect(rdb.planted[2].families).toEqual([]);
    expect(rdb.tomtom.targets).toHaveLength(881);
  });
});

describe.skipIf(!haveJ)('recovery against the whole JASPAR 2024 collection plus TF family', () => {
  const planted = [{ id: 'MA0035.4', name: 'GATA1', probs: GATA1.probs }];

  it('the planted GATA1 PFM as a filter is recovered, on either strand', () => {
    const rdb = buildRecoveryDb(jaspar24, planted);
    const fw = matchFilter(filterOf(0, GATA1.probs), rdb);
    expect(fw.planted).toBe('MA0035.4');
    expect(fw.best!.families).toContain('c4-gata-related');
    expect(fw.plantedMatches[0].q).toBeLessThan(0.05);
    expect(fw.plantedMatches[0].strand).toBe('+');
    const rc = matchFilter(filterOf(1, revcompMatrix(GATA1.probs), 3), rdb);
    expect(rc.planted).toBe('MA0035.4');
    expect(rc.plantedMatches[0].strand).toBe('-');
  });

  it('family: an ELF2 filter recovers planted ELF4 (best match ELF2, same Ets family, ELF4 itself q < 0.05)', () => {
    const rdb = buildRecoveryDb(jaspar24, [{ id: 'MA0641.1', name: 'ELF4' }]);
    const m = matchFilter(filterOf(0, j24('ELF2').probs), rdb);
    expect(m.best!.name).toBe('ELF2');
    expect(m.best!.families).toEqual(['ets-related']);
    expect(m.plantedMatches[0].q).toBeLessThan(0.05);
    expect(m.planted).toBe('MA0641.1');
  });

  it('must fail: a GATA2 filter (best match GATA2, same family) does not recover planted GATA1, whose own match has q ≈ 0.3; nor does TAL1::TCF3', () => {
    const rdb = buildRecoveryDb(jaspar24, planted);
    const m = matchFilter(filterOf(0, j24('GATA2').probs), rdb);
    expect(m.best!.name).toBe('GATA2');
    expect(m.best!.families).toContain('c4-gata-related');
    expect(m.plantedMatches[0].q).toBeGreaterThan(0.05);
    expect(m.planted).toBeNull();
    expect(matchFilter(filterOf(0, TAL1.probs), rdb).planted).toBeNull();
  });

  it('random matrices are never recovered, although the old planted-only database passes some of them', () => {
    const rdb = buildRecoveryDb(jaspar24, planted);
    const r = mulberry32(7);
    let strict = 0, lenient = 0;
    for (let t = 0; t < 40; t++) {
      const probs = randomMotif(r, 8 + (t % 5), `r${t}`).probs;
      const f = filterOf(t, probs);
      if (matchFilter(f, rdb).planted !== null) strict++;
      if (motifQuality([{ id: `r${t}`, name: `r${t}`, probs: f.probs.slice(f.trimStart, f.trimEnd) }], [GATA1]).relevant > 0) lenient++;
    }
    expect(strict).toBe(0);
    expect(lenient).toBeGreaterThan(0);
  }, 60_000);

  it('REST half-sites: each half is recovered as itself, not as the other half', () => {
    const rest = j20('MA0138.2');
    const halves = [
      { id: 'MA0138.2[0:9]', name: 'REST', probs: rest.probs.slice(0, 9) },
      { id: 'MA0138.2[11:21]', name: 'REST', probs: rest.probs.slice(11, 21) },
    ];
    const rdb = buildRecoveryDb(jaspar24, halves);
    const left = matchFilter(filterOf(0, halves[0].probs), rdb);
    const right = matchFilter(filterOf(1, halves[1].probs), rdb);
    expect(left.planted).toBe('MA0138.2[0:9]');
    expect(right.planted).toBe('MA0138.2[11:21]');
    const rec = recovery([filterOf(0, halves[0].probs), filterOf(1, halves[1].probs)], rdb);
    expect(rec.recovered).toBe(2);
  });

  it('an RC twin pair counts once; a same-strand duplicate counts again; a used random filter is extraneous', () => {
    const f0 = filterOf(0, GATA1.probs, 2);
    const f1 = filterOf(1, revcompMatrix(GATA1.probs), 2);
    const units = rcTwinUnits([f0, f1]);
    expect(units).toEqual([[0, 1]]);
    const pair = motifFigures([f0, f1], jaspar24, planted);
    expect(pair.planted).toMatchObject({ recovered: 1, total: 1, redundancy: 1, extraneous: 0 });
    const dup = filterOf(2, GATA1.probs, 3);
    const noise = filterOf(3, randomPfm(10));
    const silent = { ...filterOf(4, randomPfm(10)), firesPos: 10 };   // 1 %: not used, not extraneous
    const all = motifFigures([f0, f1, dup, noise, silent], jaspar24, planted);
    expect(all.nUsed).toBe(4);
    expect(all.units).toEqual([[0, 1], [2], [3]]);
    expect(all.planted).toMatchObject({ recovered: 1, redundancy: 2, extraneous: 1, extraneousFilters: [3] });
    expect(all.planted!.perPlanted[0]).toMatchObject({ id: 'MA0035.4', recovered: true, filters: [0, 1, 2], units: 2 });
  });

  it('real data (no planted motifs): counts against the collection entries, twins once', () => {
    const f0 = filterOf(0, GATA1.probs), f1 = filterOf(1, revcompMatrix(GATA1.probs)), f2 = filterOf(2, randomPfm(10));
    const m = motifFigures([f0, f1, f2], jaspar24, []);
    expect(m.planted).toBeNull();
    expect(m.known).toMatchObject({ distinct: 1, redundancy: 1, extraneous: 1, extraneousFilters: [2] });
  });
});

describe('recovery on a hand-made collection (no shared data needed)', () => {
  const r = mulberry32(99);
  const coll: Motif[] = Array.from({ length: 60 }, (_, i) => ({ ...randomMotif(r, 10, `M${i}`), meta: { tf_family: `fam${i % 20}` } }));
  it('best match in the planted family + planted q < 0.05 recovers; no family, no recovery', () => {
    const rdb = buildRecoveryDb(coll, [{ id: 'M5', name: 'M5_name' }]);
    expect(rdb.planted[0]).toMatchObject({ target: 5, families: ['fam5'] });
    expect(matchFilter(filterOf(0, coll[5].probs), rdb).planted).toBe('M5');
    // M25 shares M5's family: its best match is itself, yet counts only if M5 itself matches with q < 0.05
    const fam = matchFilter(filterOf(1, coll[25].probs), rdb);
    expect(fam.best!.id).toBe('M25');
    expect(fam.planted === 'M5').toBe(fam.plantedMatches[0].q < 0.05);
    // a matrix of another family is never assigned to M5
    expect(matchFilter(filterOf(2, coll[6].probs), rdb).planted).toBeNull();
  });
  it('countUnits: units per key, units with no key are extraneous', () => {
    const c = countUnits([[0, 1], [2], [3], [4]], (f) => (f <= 2 ? 'A' : f === 3 ? 'B' : null));
    expect([...c.perKey]).toEqual([['A', 2], ['B', 1]]);
    expect(c.redundancy).toBe(1.5);
    expect(c.extraneous).toBe(1);
    expect(c.extraneousFilters).toEqual([4]);
  });
});

describe('instances: merged calls, top-k recall, precision at recall 0.8', () => {
  const truth = Array.from({ length: 10 }, (_, i) => ({ seq: i, start: 100, end: 110 }));

  it('two filters of the same motif on the same site give one call; of different motifs, two', () => {
    const calls = [
      { seq: 0, filter: 3, start: 100, end: 110, score: 5 },
      { seq: 0, filter: 7, start: 101, end: 111, score: 4 },
    ];
    const same = mergeCalls(calls, motifIdentity([3, 7], (f) => (f === 7 ? 3 : f)));
    expect(same).toEqual([{ seq: 0, start: 100, end: 110, score: 5 }]);
    expect(mergeCalls(calls, new Map([[3, 3], [7, 7]]))).toHaveLength(2);
    // scoring: merged = 1 call, 1 true positive; unmerged = a false positive on the matched site
    const t = [{ seq: 0, start: 100, end: 110 }];
    expect(instanceFigures(same, t).precision).toBe(1);
    expect(instanceFigures(mergeCalls(calls, (f) => f), t).precision).toBe(0.5);
  });

  it('motif identity joins explorer groups and filters assigned to the same planted motif', () => {
    const id = motifIdentity([1, 2, 3, 4, 5], (f) => (f === 2 ? 1 : f), (f) => (f === 3 || f === 5 ? 'P' : null));
    expect([...id]).toEqual([[1, 1], [2, 1], [3, 3], [4, 4], [5, 3]]);
  });

  it('top-k recall curve and precision at recall 0.8', () => {
    const calls = [
      ...Array.from({ length: 8 }, (_, i) => ({ seq: i, start: 102, end: 112, score: 100 - i })),   // 8 true, best
      ...Array.from({ length: 4 }, (_, i) => ({ seq: i, start: 300, end: 310, score: 50 - i })),   // 4 false
      { seq: 8, start: 95, end: 105, score: 10 }, { seq: 9, start: 104, end: 114, score: 9 },       // 2 true (overlap 5 ≥ 10/2)
    ];
    const f = instanceFigures(calls, truth);
    expect(f.topK.map((x) => x.kRel)).toEqual([...K_GRID]);
    const at = (r: number) => f.topK.find((x) => x.kRel === r)!;
    expect(at(0.5)).toEqual({ kRel: 0.5, k: 5, recall: 0.5 });
    expect(at(1)).toEqual({ kRel: 1, k: 10, recall: 0.8 });
    expect(f.recallAtN).toBe(0.8);
    expect(at(2).recall).toBe(1);
    expect(f.precisionAtRecall80).toBe(1);
    expect(f.recall).toBe(1);
    expect(f.precision).toBeCloseTo(10 / 14, 12);
  });

  it('precision at recall 0.8 is null when recall 0.8 is never reached; less than half overlap is no match', () => {
    const calls = Array.from({ length: 10 }, (_, i) => ({ seq: i, start: i < 7 ? 100 : 106, end: i < 7 ? 110 : 116, score: 1 }));
    const f = instanceFigures(calls, truth);
    expect(f.recall).toBe(0.7);
    expect(f.precisionAtRecall80).toBeNull();
  });

  it('FIMO figures: the true motif finds its planted sites; identical motifs with one identity give one call per site', () => {
    const r = mulberry32(5);
    const cons = 'TGACGTCATGCA';
    const probs = [...cons].map((c) => [0, 1, 2, 3].map((b) => ('ACGT'[b] === c ? 0.97 : 0.01)));
    const seqs: Uint8Array[] = [], sites: { seq: number; start: number; end: number }[] = [];
    for (let s = 0; s < 30; s++) {
      const q = Uint8Array.from({ length: 200 }, () => Math.floor(r() * 4));
      const at = 20 + Math.floor(r() * 150);
      for (let k = 0; k < cons.length; k++) q[at + k] = 'ACGT'.indexOf(cons[k]);
      seqs.push(q); sites.push({ seq: 100 + s, start: at, end: at + cons.length });
    }
    const idx = seqs.map((_, i) => 100 + i);
    const m: Motif = { id: 'm', name: 'm', probs };
    const one = fimoFigures([m], seqs, idx, sites);
    expect(one.recallAtN).toBe(1);
    expect(one.precisionAtRecall80).toBe(1);
    const twoSame = fimoFigures([m, { ...m, id: 'm2' }], seqs, idx, sites, { identity: [0, 0] });
    expect(twoSame.nCalls).toBe(one.nCalls);
    const twoApart = fimoFigures([m, { ...m, id: 'm2' }], seqs, idx, sites);
    expect(twoApart.nCalls).toBe(2 * one.nCalls);
    expect(twoApart.precisionAtRecall80!).toBeLessThan(1);
  });
});

describe('the planted rule among the explorer\'s top rules', () => {
  const P: PlantedRule = { a: 'E2F6', b: 'MAX', gap: [4, 16], orientation: 'same' };
  const origin = new Map<number, MotifOrigin>([[3, { planted: 'E2F6', strand: '+' }], [7, { planted: 'MAX', strand: '+' }]]);
  const rule = (o: Partial<FoundRule>): FoundRule => ({ a: 3, b: 7, orientation: '++', spacingMin: 6, spacingMax: 10, pValue: 1e-20, enrichment: 20, ...o });

  it('reads the planted arrangements of the shipped recipes', () => {
    const id = (k: string) => k;
    const byId = Object.fromEntries(RECIPES.map((r) => [r.id, plantedRules(r.rule, id)]));
    expect(byId['e2f6-max-cooperative']).toEqual([{ a: 'E2F6', b: 'MAX', gap: [4, 16], orientation: 'same' }]);
    expect(byId['jund-tead-spacing']).toEqual([{ a: 'JUND', b: 'TEAD', gap: [8, 8], orientation: 'same' }]);
    expect(byId['rest-half-sites']).toHaveLength(2);
    expect(byId['tal1-gata-mixture']).toEqual([]);
    expect(byId['spi1-single']).toEqual([]);
    expect(plantedRules(DEMO_RECIPE.rule, id)).toEqual([{ a: 'GATA', b: 'TAL1', gap: [7, 9], orientation: 'same' }]);
  });

  it('a rule that must be found: right pair, order, orientation and spacing, ranked first', () => {
    const v = plantedRuleFound(P, [rule({})], origin);
    expect(v).toMatchObject({ found: true, rank: 1, globalRank: 1, pairRules: 1 });
  });

  it('found in every reading the explorer can report: canonical order reversed, a filter learned as the reverse complement', () => {
    // explorer canonical form with MAX as motif a: (MAX, E2F6, '--') is E2F6+ … MAX+ read on the other strand
    const o2 = new Map<number, MotifOrigin>([[2, { planted: 'MAX', strand: '+' }], [5, { planted: 'E2F6', strand: '+' }]]);
    expect(plantedRuleFound(P, [rule({ a: 2, b: 5, orientation: '--' })], o2).found).toBe(true);
    // filter 3 is E2F6's reverse complement: E2F6+ appears as filter 3 on '-'
    const o3 = new Map<number, MotifOrigin>([[3, { planted: 'E2F6', strand: '-' }], [7, { planted: 'MAX', strand: '+' }]]);
    expect(plantedRuleFound(P, [rule({ orientation: '-+' })], o3).found).toBe(true);
    expect(plantedRuleFound(P, [rule({ orientation: '++' })], o3).found).toBe(false);
    // within the spacing tolerance (2 bp)
    expect(plantedRuleFound(P, [rule({ spacingMin: 2, spacingMax: 18 })], origin).found).toBe(true);
  });

  it('a palindromic partner (MAX’s E-box) makes its own strand unidentifiable, not the order', () => {
    const pal = new Map<number, MotifOrigin>([[3, { planted: 'E2F6', strand: '+' }], [7, { planted: 'MAX', strand: '+', palindromic: true }]]);
    expect(plantedRuleFound(P, [rule({ orientation: '+-' })], pal).found).toBe(true);   // E2F6+ … MAX read on either strand
    expect(plantedRuleFound(P, [rule({ orientation: '--' })], pal).found).toBe(false);  // MAX before E2F6 in E2F6's orientation
    expect(plantedRuleFound(P, [rule({ orientation: '-+' })], pal).found).toBe(false);
    expect(plantedRuleFound(P, [rule({ orientation: '+-' })], origin).found).toBe(false); // not palindromic: wrong orientation
  });

  it('spacing is read between the planted matrices’ edges: trimmed spans inside their matrices are converted by their insets', () => {
    // spanInset: a 6-column core at offset 3 of an 11-column matrix sits 3 in from the left, 2 from the right
    expect(spanInset(6, 11, 3, '+')).toEqual([3, 2]);
    expect(spanInset(6, 11, 3, '-')).toEqual([2, 3]); // aligned to the reverse complement: sides swap
    // the demo's case: GATA1 (11 columns) then TAL1::TCF3 (12, palindromic) 7–9 bp apart; the GATA filter learned the
    // reverse complement of a 6-column core, the E-box filter a 6-column core; the explorer saw spacing 11–13 on '--'
    const G: PlantedRule = { a: 'GATA', b: 'TAL1', gap: [7, 9], orientation: 'same' };
    const demo = new Map<number, MotifOrigin>([
      [2, { planted: 'GATA', strand: '-', inset: spanInset(6, 11, 3, '-') }],   // [2, 3]: 2 bases from GATA's right edge
      [4, { planted: 'TAL1', strand: '+', palindromic: true, inset: [3, 3] }],
    ]);
    const found = { a: 2, b: 4, orientation: '--' as const, spacingMin: 11, spacingMax: 13, pValue: 1e-16, enrichment: 54 };
    // '--' with GATA learned as '-': GATA+ upstream of the E-box; facing sides: GATA's right (2) + TAL1's left or right (3)
    expect(plantedRuleFound(G, [found], demo).found).toBe(true);
    // without insets the same rule is 4 bp too wide and is not the planted arrangement
    const bare = new Map<number, MotifOrigin>([[2, { planted: 'GATA', strand: '-' }], [4, { planted: 'TAL1', strand: '+', palindromic: true }]]);
    expect(plantedRuleFound(G, [found], bare).found).toBe(false);
    // and an inset never rescues a spacing that is really different (18–20 → 13–15 after conversion)
    expect(plantedRuleFound(G, [{ ...found, spacingMin: 18, spacingMax: 20 }], demo).found).toBe(false);
    // nor the wrong order (the E-box upstream of GATA in GATA's orientation)
    expect(plantedRuleFound(G, [{ ...found, orientation: '++' }], demo).found).toBe(false);
  });

  it('rules that must not be found: wrong orientation, wrong order, wrong spacing, unrecovered motif, ranked 4th', () => {
    expect(plantedRuleFound(P, [rule({ orientation: '+-' })], origin).found).toBe(false);
    expect(plantedRuleFound(P, [rule({ orientation: '--' })], origin).found).toBe(false);          // MAX before E2F6
    expect(plantedRuleFound(P, [rule({ spacingMin: 20, spacingMax: 30 })], origin).found).toBe(false);
    expect(plantedRuleFound(P, [rule({ spacingMin: 1, spacingMax: 12 })], origin).found).toBe(false); // window reaches 1 < 4 − 2
    expect(plantedRuleFound(P, [rule({ b: 9 })], origin)).toMatchObject({ found: false, pairRules: 0 });
    const JT: PlantedRule = { a: 'JUND', b: 'TEAD', gap: [8, 8], orientation: 'same' };
    const oj = new Map<number, MotifOrigin>([[3, { planted: 'JUND', strand: '+' }], [7, { planted: 'TEAD', strand: '+' }]]);
    const wrong = [20, 30, 40].map((d, i) => rule({ spacingMin: d, spacingMax: d + 2, pValue: 1e-30 + i * 1e-31 }));
    const right = rule({ spacingMin: 8, spacingMax: 9, pValue: 1e-5 });
    const v = plantedRuleFound(JT, [right, ...wrong], oj);
    expect(v).toMatchObject({ found: false, pairRules: 4 });
    expect(plantedRuleFound(JT, [right, ...wrong], oj, { top: 4 })).toMatchObject({ found: true, rank: 4, globalRank: 4 });
    expect(ruleMatches(JT, right, (m) => oj.get(m) ?? null)).toBe(true);
  });
});
