// Naming, grouping, trust, the whole ranking and "find a TF" through the motifs commands, on JASPAR
// 2024 (879 entries with tf_family / tf_class). The "filters" are hand-made from known JASPAR
// matrices so every answer is known: a GABPA filter and its reverse-complement twin (one motif, two
// member filters, named Ets-related), a shifted partial copy of the GABPA core (same group), a CTCF
// filter (its own zinc-finger family), a low-IC GABPA-like filter (compared and named, flagged
// "not informative"), the ETS core firing more in negatives (same group, flagged "not enriched") and a flat
// filter (no known match).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CisgramService } from '../../../src/core/app/service';
import { parseMotifs } from '../../../src/core/pwm/formats';
import { motifPasses } from '../../../src/core/pwm/matrix';
import { saveFilterMotifs } from '../../../src/core/motifs/project-store';
import type { FilterMotif } from '../../../src/core/motifs/extract';
import { createRun } from '../../../src/core/train/runs';
import { makeConfig } from '../../../src/core/train/config';
import { hasData, dataPath, readData, skipMsg } from './helpers';
import { apiClient } from '../api-client';

process.env.CISGRAM_ENGINE = 'none';
const J24 = 'motifs/JASPAR2024_CORE_vertebrates_non-redundant.transfac.txt';
const have = hasData(J24);
if (!have) console.warn(skipMsg(J24));

let service: CisgramService;
const tmp = mkdtempSync(join(tmpdir(), 'cisgram-names-'));
const { call, callErr } = apiClient(() => service);
const W = 20;
const U = [0.25, 0.25, 0.25, 0.25];
const rc = (p: number[][]) => p.slice().reverse().map((r) => [r[3], r[2], r[1], r[0]]);
const flatten = (p: number[][], a: number) => p.map((r) => r.map((x) => a * x + (1 - a) * 0.25));

function filter(f: number, core: number[][], at: number, fires: { pos: number; neg: number; sites: number }): FilterMotif {
  const probs = Array.from({ length: W }, (_, i) => (i >= at && i < at + core.length ? core[i - at] : U));
  const v = motifPasses({ id: 'x', name: 'x', probs });
  return {
    filter: f, probs, weights: probs.map((r) => r.map((x) => x - 0.25)), nSites: fires.sites, maxActivation: 5, threshold: 2.5,
    trimStart: v.start, trimEnd: v.end, meanIC: v.meanIC, passes: v.passes, unused: false,
    firesPos: fires.pos, firesNeg: fires.neg, nPos: 1000, nNeg: 1000, rcTwin: null, rcTwinScore: null,
  };
}

beforeAll(async () => {
  service = new CisgramService({ dataDir: join(tmp, 'data'), mode: 'browser' });
  await call('projects.create', { name: 'Names' });
});
afterAll(async () => service.dispose());

describe.skipIf(!have)('learned motifs named by TF family, grouped, trusted, ranked and found', () => {
  let runId = 0, cid = 0;
  let ids: number[] = [];
  const ok = { pos: 400, neg: 30, sites: 600 };
  beforeAll(async () => {
    cid = (await call('motifs.library.import', { path: dataPath(J24), name: 'JASPAR 2024' })).id;
    const lib = parseMotifs(readData(J24));
    const gabpa = lib.find((m) => m.name === 'GABPA')!.probs, ctcf = lib.find((m) => m.name === 'CTCF')!.probs;
    const db = service.requireProject().db;
    runId = createRun(db, { name: 'hand', modelKind: 'argminn', datasetId: null, datasetName: '', taskNames: ['t'], seqLength: 100, preset: 'quick', overrides: {}, config: makeConfig('quick', { model: { F: 8, W } }) });
    const fs = [
      filter(0, gabpa, 4, ok),                                   // GABPA
      filter(1, rc(gabpa), 6, ok),                               // its reverse complement
      filter(2, gabpa.slice(2, 9), 8, ok),                       // a partial, shifted copy of the core
      filter(3, ctcf.slice(2, 17), 2, ok),                       // CTCF
      filter(4, flatten(gabpa, 0.55), 5, ok),                    // low information
      filter(5, rc(gabpa.slice(1, 9)), 3, { pos: 12, neg: 128, sites: 40 }), // fires more in negatives (ELK1 case)
      filter(6, [U, U, U, U, U, U], 0, ok),                      // nothing learned
      { ...filter(7, [U], 0, { pos: 0, neg: 0, sites: 0 }), unused: true, maxActivation: 0 }, // never fires
    ];
    ids = saveFilterMotifs(db, runId, null, fs);
    expect((await call('motifs.identify', { runId, collectionId: cid })).named).toBe(8);
  });

  it('names every filter by family, one name per group, unique across groups; the user’s name wins', async () => {
    const ms = await call('motifs.list', { runId });
    const by = new Map<number, any>(ms.map((m: any) => [m.filterIndex, m]));
    const g = by.get(0)!;
    expect(g.identity.family).toBe('Ets-related');
    expect(g.identity.tfClass).toBe('Tryptophan cluster factors');
    expect(g.identity.tfs).toContain('GABPA');
    expect(g.displayName).toMatch(/^Ets-related \(.+…?\)$/);
    expect(g.name).toBe(g.displayName);
    // RC twin, partial copy and the unenriched RC core: one motif with its member filters, same name
    expect(g.group.members.map((x: any) => x.filterIndex)).toEqual([0, 1, 2, 5]); // 5 learned the same core (but fails a condition)
    expect(by.get(1)!.group.repId).toBe(g.group.repId);
    expect(by.get(2)!.group.repId).toBe(g.group.repId);
    const strand = (f: number) => g.group.members.find((x: any) => x.filterIndex === f).strand;
    expect(strand(0)).not.toBe(strand(1)); // the twin is aligned on the other strand
    expect(by.get(1)!.displayName).toBe(g.displayName);
    expect(by.get(3)!.identity.family).toBe('More than 3 adjacent zinc fingers');
    expect(by.get(3)!.identity.tfs).toContain('CTCF');
    expect(by.get(3)!.group.members).toEqual([]);
    // low-quality filters are compared and named too (flagged, not hidden)
    expect(by.get(4)!.identity).not.toBeNull();
    expect(by.get(4)!.trust.failed).toEqual(['informative']);
    expect(by.get(5)!.identity.family).toBe('Ets-related');
    expect(by.get(5)!.displayName).toBe(g.displayName);
    expect(by.get(5)!.trust.failed).toEqual(['used', 'enriched']); // 12 of 1000 positives, 128 of 1000 negatives
    expect(by.get(5)!.trust.fisherP).toBeGreaterThan(0.99);
    expect(by.get(6)!.displayName).toContain('no known match');
    expect(by.get(6)!.trust.failed).not.toContain('enriched'); // fires in 40 % of positives, 3 % of negatives
    expect(by.get(6)!.trust.failed).toContain('informative');
    expect(by.get(7)!.displayName).toBe('Filter 8 (unused)');
    expect(by.get(7)!.trust.failed).toEqual(['informative', 'used', 'enriched']);
    expect(g.trust.passes).toBe(true);
    const names = ms.filter((m: any) => m.group.repId === m.id).map((m: any) => m.displayName);
    expect(new Set(names).size).toBe(names.length);
    await call('motifs.update', { id: ids[0], userName: 'my GABPA' });
    expect((await call('motifs.get', { id: ids[0] })).displayName).toBe('my GABPA');
    await call('motifs.identify', { runId, collectionId: cid });
    expect((await call('motifs.get', { id: ids[0] })).displayName).toBe('my GABPA');
    await call('motifs.update', { id: ids[0], userName: null });
  });

  it('pages through the whole ranking (all 879 entries), consistent with the top matches', async () => {
    const p1 = await call('motifs.ranking', { id: ids[3], collectionId: cid, limit: 25 });
    expect(p1.total).toBe(879);
    expect(p1.rows[0].targetName).toBe('CTCF');
    const last = await call('motifs.ranking', { id: ids[3], collectionId: cid, offset: 875, limit: 25 });
    expect(last.rows.map((r: any) => r.rank)).toEqual([876, 877, 878, 879]);
    const all = await call('motifs.ranking', { id: ids[3], collectionId: cid, limit: 500 });
    for (let i = 1; i < all.rows.length; i++) expect(all.rows[i].p).toBeGreaterThanOrEqual(all.rows[i - 1].p);
    expect(new Set(all.rows.map((r: any) => r.libraryMotifId)).size).toBe(500);
    const top = await call('motifs.match', { id: ids[3], collectionId: cid, maxResults: 5 });
    expect(top.matches.map((x: any) => x.targetId)).toEqual(p1.rows.slice(0, 5).map((r: any) => r.targetId));
  });

  it('finds a TF across all motifs with its rank and family; an absent TF finds nothing', async () => {
    const r = await call('motifs.findTf', { runId, collectionId: cid, query: 'gabpa' });
    expect(r.entries.map((e: any) => e.name)).toEqual(['GABPA']);
    expect(r.entries[0].family).toBe('Ets-related');
    expect(r.hits.length).toBe(8); // every motif has a rank for it
    expect([ids[0], ids[1], ids[2], ids[4], ids[5]]).toContain(r.hits[0].motifId);
    expect(r.hits[0].rank).toBeLessThanOrEqual(10);
    const ctcfHit = r.hits.find((h: any) => h.motifId === ids[3]);
    expect(ctcfHit.rank).toBeGreaterThan(50);
    expect(r.hits[0].displayName).toMatch(/Ets-related/);
    const elk = await call('motifs.findTf', { runId, collectionId: cid, query: 'ELK' });
    expect(elk.entries.map((e: any) => e.name).sort()).toEqual(expect.arrayContaining(['ELK1', 'ELK3', 'ELK4']));
    expect((await call('motifs.findTf', { runId, collectionId: cid, query: 'NOSUCHTF' })).hits).toEqual([]);
    expect((await callErr('motifs.findTf', { runId: runId + 99, collectionId: cid, query: 'GABPA' })).code).toBe('not_found');
  });
});
