// The motif library through dispatch: importing JASPAR 2024 (TRANSFAC) and 2020 (MEME) into the
// app-wide library, malformed files importing nothing with file/motif/line named, browsing and
// search, TomTom matching with caching, FIMO-style scans stored as pages that equal fimo() run
// directly, TSV/BED export (genome coordinates for sequences cut from peaks), motif file and logo
// exports that round-trip.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CisgramService } from '../../../src/core/app/service';
import type { JobInfo } from '../../../src/shared/api';
import { writeDataset } from '../../../src/core/data/store';
import { parseMotifs } from '../../../src/core/pwm/formats';
import { fimo } from '../../../src/core/pwm/fimo';
import { encode, decode, revcomp } from '../../../src/core/seq/alphabet';
import { saveFilterMotifs } from '../../../src/core/motifs/project-store';
import type { FilterMotif } from '../../../src/core/motifs/extract';
import { hasData, dataPath, readData, skipMsg, mulberry32 } from './helpers';
import { apiClient } from '../api-client';

process.env.CISGRAM_ENGINE = 'none';

const J24 = 'motifs/JASPAR2024_CORE_vertebrates_non-redundant.transfac.txt';
const J20 = 'motifs/JASPAR2020_CORE_vertebrates_non-redundant.meme.txt';
const haveJaspar = hasData(J24) && hasData(J20);
if (!haveJaspar) console.warn(skipMsg(J24));

let service: CisgramService;
const tmp = mkdtempSync(join(tmpdir(), 'cisgram-motiflib-'));
const { call, callErr, waitJob } = apiClient(() => service);

const rnd = mulberry32(7);
const randomSeq = (n: number) => Array.from({ length: n }, () => 'ACGT'[Math.floor(rnd() * 4)]).join('');

beforeAll(async () => {
  service = new CisgramService({ dataDir: join(tmp, 'data'), mode: 'browser' });
  await call('projects.create', { name: 'Motif library' });
});
afterAll(async () => service.dispose());

describe.skipIf(!haveJaspar)('known-motif library', () => {
  let c24: any, c20: any;

  it('imports JASPAR 2024 (TRANSFAC, 879 motifs) and JASPAR 2020 (MEME, 746 motifs) into the app library file', async () => {
    c24 = await call('motifs.library.import', { path: dataPath(J24), name: 'JASPAR 2024 vertebrates' });
    expect(c24).toMatchObject({ name: 'JASPAR 2024 vertebrates', format: 'transfac', count: 879, file: 'JASPAR2024_CORE_vertebrates_non-redundant.transfac.txt' });
    c20 = await call('motifs.library.import', { path: dataPath(J20) });
    expect(c20).toMatchObject({ format: 'meme', count: 746, name: 'JASPAR2020_CORE_vertebrates_non-redundant' });
    const list = await call('motifs.library.list');
    expect(list.path).toBe(join(tmp, 'data', 'motif-library.sqlite'));
    expect(existsSync(list.path)).toBe(true);
    expect(list.collections.map((c: any) => c.count)).toEqual([879, 746]);
    // the stored matrices equal the parsed file (probabilities and site counts)
    const direct = parseMotifs(readData(J24));
    const page = await call('motifs.library.browse', { collectionId: c24.id, offset: 100, limit: 3 });
    expect(page.total).toBe(879);
    page.rows.forEach((r: any, i: number) => {
      expect(r.motifId).toBe(direct[100 + i].id);
      expect(r.probs).toEqual(direct[100 + i].probs);
      expect(r.nsites).toBe(direct[100 + i].nsites);
    });
  });

  it('searches a collection by name or matrix ID (case-insensitive) and pages through it', async () => {
    const spi1 = await call('motifs.library.browse', { collectionId: c24.id, search: 'spi1' });
    expect(spi1.rows.map((r: any) => r.name)).toContain('Spi1');
    expect(spi1.rows.every((r: any) => /spi1/i.test(r.name) || /spi1/i.test(r.motifId))).toBe(true);
    const byId = await call('motifs.library.browse', { collectionId: c20.id, search: 'MA0080' });
    expect(byId.total).toBe(1);
    expect(byId.rows[0].consensus).toMatch(/GGAAGT/);
    const pct = await call('motifs.library.browse', { collectionId: c20.id, search: '%' });
    expect(pct.total).toBe(0); // LIKE wildcards are taken literally
    const all: string[] = [];
    for (let off = 0; off < 746; off += 200) all.push(...(await call('motifs.library.browse', { collectionId: c20.id, offset: off, limit: 200 })).rows.map((r: any) => r.motifId));
    expect(new Set(all).size).toBe(746);
  });

  it('refuses a malformed file, names file, motif and line, and imports nothing from it', async () => {
    const lines = readData(J20).split('\n');
    // corrupt one matrix row of the 3rd motif
    const motifLines = lines.map((l, i) => (l.startsWith('MOTIF') ? i : -1)).filter((i) => i >= 0);
    const target = motifLines[2];
    const id = lines[target].split(/\s+/)[1];
    const rowLine = target + 3; // MOTIF, blank/letter-probability header…; find first numeric row after header
    let k = target + 1;
    while (!/^\s*[\d.]/.test(lines[k])) k++;
    lines[k] = '0.5 0.5 zero 0.0';
    void rowLine;
    const bad = join(tmp, 'broken.meme');
    writeFileSync(bad, lines.join('\n'));
    const before = (await call('motifs.library.list')).collections.length;
    const err = await callErr('motifs.library.import', { path: bad });
    expect(err.code).toBe('bad_file');
    expect(err.message).toContain('broken.meme');
    expect(err.message).toContain(`:${k + 1}`);
    expect(err.message).toContain(id);
    expect((await call('motifs.library.list')).collections.length).toBe(before);
    const empty = join(tmp, 'empty.txt');
    writeFileSync(empty, '');
    expect((await callErr('motifs.library.import', { path: empty })).code).toBe('bad_file');
    expect((await callErr('motifs.library.import', { path: join(tmp, 'nope.meme') })).code).toBe('bad_file');
    expect((await call('motifs.library.list')).collections.length).toBe(before);
  });

  it('matches a project motif to the right JASPAR entry with p, E, q, offset and orientation, and caches it per metric', async () => {
    const db = service.requireProject().db;
    const spi1 = parseMotifs(readData(J24)).find((m) => m.name === 'Spi1')!;
    // a 15-wide "filter" holding the reverse complement of SPI1 at offset 2 with weak flanks
    const rc = spi1.probs.slice().reverse().map((r) => [r[3], r[2], r[1], r[0]]);
    const probs = [[0.25, 0.25, 0.25, 0.25], [0.25, 0.25, 0.25, 0.25], ...rc];
    while (probs.length < Math.max(15, rc.length + 2)) probs.push([0.25, 0.25, 0.25, 0.25]);
    const fm: FilterMotif = {
      filter: 0, probs, weights: probs.map((r) => r.map((x) => x - 0.25)), nSites: 200, maxActivation: 5, threshold: 2.5,
      trimStart: 0, trimEnd: probs.length, meanIC: 1, passes: true, unused: false, firesPos: 100, firesNeg: 3, nPos: 120, nNeg: 120, rcTwin: null, rcTwinScore: null,
    };
    // trim as the extraction would
    const { motifPasses } = await import('../../../src/core/pwm/matrix');
    const v = motifPasses({ id: 'x', name: 'x', probs });
    Object.assign(fm, { trimStart: v.start, trimEnd: v.end, meanIC: v.meanIC, passes: v.passes });
    const [id] = saveFilterMotifs(db, null, null, [fm]);
    const r1 = await call('motifs.match', { id, collectionId: c24.id });
    expect(r1.cached).toBe(false);
    expect(r1.matches[0].targetName).toBe('Spi1');
    expect(r1.matches[0].orientation).toBe('-');
    expect(r1.matches[0].p).toBeLessThan(1e-6);
    expect(r1.matches[0].E).toBeCloseTo(r1.matches[0].p * 879, 6);
    expect(r1.matches[0].q).toBeLessThan(0.01);
    expect(r1.matches[0].metric).toBe('pearson');
    expect(r1.matches[0].targetProbs).toEqual(spi1.probs);
    // query column i ↔ target column i + offset: the trimmed query starts 2 − trimStart columns before SPI1's RC
    expect(r1.matches[0].offset).toBe(v.start - 2);
    expect(r1.matches.every((m: any) => m.qMethod === 'storey')).toBe(true);
    const r2 = await call('motifs.match', { id, collectionId: c24.id });
    expect(r2.cached).toBe(true);
    expect(r2.matches).toEqual(r1.matches);
    // Benjamini–Hochberg on request: same p, q never below Storey's, not cached over the default.
    const rb = await call('motifs.match', { id, collectionId: c24.id, qMethod: 'bh' });
    expect(rb.cached).toBe(false);
    expect(rb.matches.map((m: any) => [m.targetId, m.p])).toEqual(r1.matches.map((m: any) => [m.targetId, m.p]));
    rb.matches.forEach((m: any, i: number) => { expect(m.qMethod).toBe('bh'); expect(m.q).toBeGreaterThanOrEqual(r1.matches[i].q); });
    expect((await call('motifs.match', { id, collectionId: c24.id })).cached).toBe(true);
    // A cache written before MEME's statistic (no qMethod) is recomputed, not shown.
    const db0 = service.requireProject().db;
    const stale = r1.matches.map(({ qMethod: _q, ...rest }: any) => ({ ...rest, p: rest.p * 100 }));
    db0.prepare("UPDATE motif_matches SET results = ? WHERE motif_id = ? AND metric = 'pearson'").run(JSON.stringify(stale), id);
    const r3 = await call('motifs.match', { id, collectionId: c24.id });
    expect(r3.cached).toBe(false);
    expect(r3.matches).toEqual(r1.matches);
    for (const metric of ['euclidean', 'sandelin']) {
      const r = await call('motifs.match', { id, collectionId: c24.id, metric });
      expect(r.cached).toBe(false);
      expect(r.matches[0].metric).toBe(metric);
      expect(r.matches.slice(0, 3).map((m: any) => m.targetName)).toContain('Spi1');
    }
    // rename, annotate, star
    const up = await call('motifs.update', { id, userName: 'SPI1-like', annotation: 'ETS family', starred: true });
    expect(up).toMatchObject({ name: 'SPI1-like', defaultName: 'Filter 1', annotation: 'ETS family', starred: true });
    const cleared = await call('motifs.update', { id, userName: '  ' });
    expect(cleared.name).toBe('Filter 1');
  });

  it('scans a dataset with library motifs: stored hits equal fimo() directly, pages, and exports TSV and BED in genome coordinates', async () => {
    const db = service.requireProject().db;
    const lib = parseMotifs(readData(J20));
    const ids = ['MA0080', 'MA0139', 'MA0062'].map((pre) => lib.findIndex((m) => m.id.startsWith(pre)));
    // 40 sequences of 200 bp: half on '+' and half on '−' genomic regions; plant consensus sites
    const seqs = Array.from({ length: 40 }, (_, i) => {
      let s = randomSeq(200);
      if (i % 3 === 0) s = s.slice(0, 50) + 'AAAAAGAGGAAGTGAAAA' + s.slice(68);
      if (i % 4 === 0) s = s.slice(0, 120) + 'TTGCCACCAGGGGGCGCTA' + s.slice(139);
      return s;
    });
    const dsId = writeDataset(db, { name: 'peaks', kind: 'peaks', taskNames: ['bound'] }, seqs.map((s, i) => ({
      name: `peak${i}`, split: i < 30 ? 'train' : 'test', labels: [1], codes: encode(s),
      chrom: `chr${1 + (i % 2)}`, start: 1000 * i, end: 1000 * i + 200, strand: i % 2 ? '-' : '+',
    })) as any);
    const libRows = (await call('motifs.library.browse', { collectionId: c20.id, offset: 0, limit: 500 })).rows
      .concat((await call('motifs.library.browse', { collectionId: c20.id, offset: 500, limit: 500 })).rows);
    const libIds = ids.map((i) => libRows[i].id);
    const job = await call('motifs.scan.start', { source: { kind: 'dataset', datasetId: dsId }, libraryMotifIds: libIds, pThreshold: 1e-3 });
    const done = await waitJob(job.id);
    expect(done.state, done.error ?? '').toBe('done');
    const scan = (await call('motifs.scan.list'))[0];
    expect(scan).toMatchObject({ nSeqs: 40, nBases: 8000, genomic: true });
    expect(scan.motifs.map((m: any) => m.id)).toEqual(ids.map((i) => lib[i].id));
    // ground truth: fimo() over the same sequences
    const direct = fimo(ids.map((i) => lib[i]), seqs.map(encode), { pThreshold: 1e-3 });
    expect(scan.nHits).toBe(direct.hits.length);
    expect(scan.nTests).toBe(direct.tests.reduce((a, b) => a + b, 0));
    const rows: any[] = [];
    for (let off = 0; off < scan.nHits; off += 100) rows.push(...(await call('motifs.scan.page', { scanId: scan.id, offset: off, limit: 100 })).rows);
    rows.forEach((h, k) => {
      const d = direct.hits[k];
      expect([h.motifIdx, h.seqIdx, h.start, h.end, h.strand, h.matched]).toEqual([d.motifIndex, d.seqIndex, d.start, d.end, d.strand, d.matched]);
      expect(h.p).toBeCloseTo(d.p, 12);
      expect(h.q).toBeCloseTo(d.q, 12);
      expect(h.score).toBeCloseTo(d.score, 9);
      // genome coordinates: the matched sequence read from the genome strand equals the hit
      const seqI = h.seqIdx, minusRegion = seqI % 2 === 1;
      expect(h.chrom).toBe(`chr${1 + (seqI % 2)}`);
      if (!minusRegion) expect([h.gstart, h.gend, h.gstrand]).toEqual([1000 * seqI + h.start, 1000 * seqI + h.end, h.strand]);
      else expect([h.gstart, h.gend, h.gstrand]).toEqual([1000 * seqI + 200 - h.end, 1000 * seqI + 200 - h.start, h.strand === '+' ? '-' : '+']);
      const fwd = seqs[seqI].slice(h.start, h.end);
      expect(h.matched).toBe(h.strand === '+' ? fwd : decode(revcomp(encode(fwd))));
    });
    // the planted SPI1 sites are found
    const planted = seqs.map((_, i) => i).filter((i) => i % 3 === 0);
    const found = planted.filter((i) => rows.some((h) => h.motifIdx === 0 && h.seqIdx === i && h.start >= 48 && h.end <= 70));
    expect(found.length).toBeGreaterThanOrEqual(planted.length - 1);
    const perMotif = await call('motifs.scan.page', { scanId: scan.id, motifIdx: 1, limit: 1000 });
    expect(perMotif.total).toBe(direct.hits.filter((h) => h.motifIndex === 1).length);

    const tsvPath = join(tmp, 'out', 'hits.tsv');
    expect((await call('motifs.scan.export', { scanId: scan.id, format: 'tsv', path: tsvPath })).count).toBe(scan.nHits);
    const tsv = readFileSync(tsvPath, 'utf8').trim().split('\n');
    expect(tsv[0].split('\t').slice(0, 10)).toEqual(['motif_id', 'motif_alt_id', 'sequence_name', 'start', 'stop', 'strand', 'score', 'p-value', 'q-value', 'matched_sequence']);
    expect(scan.background).toMatchObject({ kind: 'meme' });
    expect(scan.background.label).toMatch(/^MEME default \(NRDB, averaged over strands\): A \.275 C \.225 G \.225 T \.275$/);
    expect(tsv.length).toBe(scan.nHits + 3);
    expect(tsv[tsv.length - 2]).toBe(`# background: ${scan.background.label}`);
    expect(tsv[tsv.length - 1]).toMatch(/^# p-value threshold: 0\.001; q-values: Benjamini–Hochberg over \d+ tests$/);
    const f1 = tsv[1].split('\t');
    expect(f1[2]).toBe(`peak${rows[0].seqIdx}`);
    expect(Number(f1[3])).toBe(rows[0].start + 1); // FIMO: 1-based start
    expect(Number(f1[4])).toBe(rows[0].end);
    expect(Number(f1[7])).toBeCloseTo(rows[0].p, 6);
    // refuses to overwrite unless asked
    expect((await callErr('motifs.scan.export', { scanId: scan.id, format: 'tsv', path: tsvPath })).code).toBe('conflict');
    const bedPath = join(tmp, 'out', 'hits.bed');
    await call('motifs.scan.export', { scanId: scan.id, format: 'bed', path: bedPath });
    const bed = readFileSync(bedPath, 'utf8').trim().split('\n');
    expect(bed[0]).toMatch(/^track /);
    expect(bed.length).toBe(scan.nHits + 1);
    const b1 = bed[1].split('\t');
    expect(b1.slice(0, 3)).toEqual([rows[0].chrom, String(rows[0].gstart), String(rows[0].gend)]);
    expect(b1[5]).toBe(rows[0].gstrand);
  });

  it('scans pasted sequences and a FASTA file, and rejects bad sequences before starting', async () => {
    const spi1 = (await call('motifs.library.browse', { collectionId: c20.id, search: 'MA0080' })).rows[0];
    const s1 = randomSeq(60) + 'AAAAAGAGGAAGTGAAAA' + randomSeq(60);
    const job = await call('motifs.scan.start', { source: { kind: 'sequences', text: `>enh1 test\n${s1.slice(0, 70)}\n${s1.slice(70)}\n` }, libraryMotifIds: [spi1.id] });
    expect((await waitJob(job.id)).state).toBe('done');
    const scan = (await call('motifs.scan.list'))[0];
    expect(scan.genomic).toBe(false);
    const hits = (await call('motifs.scan.page', { scanId: scan.id })).rows;
    expect(hits.some((h: any) => h.seqName === 'enh1' && Math.abs(h.start - 60) <= 4)).toBe(true);
    const bedPath = join(tmp, 'out', 'pasted.bed');
    await call('motifs.scan.export', { scanId: scan.id, format: 'bed', path: bedPath });
    expect(readFileSync(bedPath, 'utf8').split('\n')[1].split('\t')[0]).toBe('enh1');

    const fa = join(tmp, 'two.fa');
    writeFileSync(fa, `>a\n${s1}\n>b\n${randomSeq(100)}\n`);
    const j2 = await call('motifs.scan.start', { source: { kind: 'fasta', path: fa }, libraryMotifIds: [spi1.id], bg: 'sequences' });
    expect((await waitJob(j2.id)).state).toBe('done');
    const sc2 = (await call('motifs.scan.list'))[0];
    expect(sc2.nSeqs).toBe(2);
    expect((sc2.params as any).bg).toBe('sequences');
    expect(sc2.background.kind).toBe('sequences');
    expect(sc2.background.values[0]).toBe(sc2.background.values[3]);
    // a MEME background file: order-0 frequencies, averaged with the complement for the two-strand scan
    const bgf = join(tmp, 'at-rich.bg');
    writeFileSync(bgf, '# fasta-get-markov\nA 0.34\nC 0.15\nG 0.17\nT 0.34\nAA 0.1\n');
    const j4 = await call('motifs.scan.start', { source: { kind: 'fasta', path: fa }, libraryMotifIds: [spi1.id], bg: 'file', bgFile: bgf });
    expect((await waitJob(j4.id)).state).toBe('done');
    const sc4 = (await call('motifs.scan.list'))[0];
    expect(sc4.background).toMatchObject({ kind: 'file', file: bgf, label: 'from at-rich.bg: A .340 C .160 G .160 T .340' });
    const direct4 = fimo([parseMotifs(readData(J20)).find((m) => m.id === spi1.motifId)!], [encode(s1), encode(readFileSync(fa, 'utf8').split('\n')[3])], { pThreshold: 1e-4, bg: [0.34, 0.16, 0.16, 0.34] });
    const rows4 = (await call('motifs.scan.page', { scanId: sc4.id, limit: 1000 })).rows;
    expect(rows4.length).toBeGreaterThan(0);
    expect(rows4.map((h: any) => [h.seqIdx, h.start, h.strand, h.p])).toEqual(direct4.hits.map((h) => [h.seqIndex, h.start, h.strand, h.p]));
    expect((await callErr('motifs.scan.start', { source: { kind: 'fasta', path: fa }, libraryMotifIds: [spi1.id], bg: 'file' })).code).toBe('invalid_input');
    writeFileSync(join(tmp, 'broken.bg'), 'A 0.3\nC 0.2\nG zero\nT 0.3\n');
    const eb = await callErr('motifs.scan.start', { source: { kind: 'fasta', path: fa }, libraryMotifIds: [spi1.id], bg: 'file', bgFile: join(tmp, 'broken.bg') });
    expect(eb.code).toBe('bad_file');
    expect(eb.message).toMatch(/broken\.bg:3/);
    await call('motifs.scan.delete', { scanId: sc4.id });

    const bad = await callErr('motifs.scan.start', { source: { kind: 'sequences', text: 'ACGT\nACGX\n' }, libraryMotifIds: [spi1.id] });
    expect(bad.code).toBe('invalid_input');
    expect(bad.message).toMatch(/Line 2: 'X'/);
    expect((await callErr('motifs.scan.start', { source: { kind: 'sequences', text: 'ACGT' } })).message).toMatch(/at least one motif/);
    expect((await callErr('motifs.scan.start', { source: { kind: 'fasta', path: join(tmp, 'missing.fa') }, libraryMotifIds: [spi1.id] })).code).toBe('not_found');
    // a FASTA with a bad character fails the job with the file and line, and stores no scan
    const badFa = join(tmp, 'bad.fa');
    writeFileSync(badFa, '>a\nACGT\nAC*T\n');
    const before = (await call('motifs.scan.list')).length;
    const j3 = await call('motifs.scan.start', { source: { kind: 'fasta', path: badFa }, libraryMotifIds: [spi1.id] });
    const f3 = await waitJob(j3.id);
    expect(f3.state).toBe('failed');
    expect(f3.error).toMatch(/bad\.fa.*3/);
    expect((await call('motifs.scan.list')).length).toBe(before);
    await call('motifs.scan.delete', { scanId: sc2.id });
    expect((await call('motifs.scan.list')).length).toBe(before - 1);
  });

  it('exports a selection as MEME, JASPAR and TRANSFAC that re-import to the same matrices, and logos as SVG', async () => {
    const page = await call('motifs.library.browse', { collectionId: c24.id, offset: 10, limit: 5 });
    const proj = (await call('motifs.list'))[0];
    for (const format of ['meme', 'jaspar', 'transfac'] as const) {
      const path = join(tmp, 'out', `sel.${format}`);
      const res = await call('motifs.export', { motifIds: [proj.id], libraryMotifIds: page.rows.map((r: any) => r.id), format, path });
      expect(res.count).toBe(6);
      const back = parseMotifs(readFileSync(path, 'utf8'));
      expect(back.length).toBe(6);
      const trimmed = proj.probs.slice(proj.trimStart, proj.trimEnd);
      back.slice(1).forEach((m, i) => {
        expect(m.id).toBe(page.rows[i].motifId);
        m.probs.forEach((r, k) => r.forEach((x, b) => expect(x).toBeCloseTo(page.rows[i].probs[k][b], 3)));
      });
      expect(back[0].probs.length).toBe(trimmed.length);
      back[0].probs.forEach((r, k) => r.forEach((x, b) => expect(x).toBeCloseTo(trimmed[k][b], format === 'meme' ? 5 : 2)));
      // and the exported file imports into the library
      const c = await call('motifs.library.import', { path, name: `round trip ${format}` });
      expect(c.count).toBe(6);
      await call('motifs.library.delete', { id: c.id });
    }
    const svgPath = join(tmp, 'out', 'logo.svg');
    const r = await call('motifs.logoSvg', { libraryMotifId: page.rows[0].id, strand: '-', path: svgPath });
    expect(r.svg.startsWith('<svg')).toBe(true);
    expect(readFileSync(svgPath, 'utf8')).toBe(r.svg);
    const w = await call('motifs.logoSvg', { motifId: proj.id, kind: 'weights' });
    expect(w.svg).toContain('filter weights');
    expect((await callErr('motifs.logoSvg', { libraryMotifId: page.rows[0].id, kind: 'weights' })).code).toBe('invalid_input');
    // PNG bytes from the renderer
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64');
    await call('motifs.savePng', { path: join(tmp, 'out', 'logo.png'), base64: png });
    expect((await callErr('motifs.savePng', { path: join(tmp, 'out', 'x.png'), base64: Buffer.from('hello').toString('base64') })).code).toBe('invalid_input');
  });

  it('deletes a collection (its motifs go with it)', async () => {
    await call('motifs.library.delete', { id: c20.id });
    expect((await call('motifs.library.list')).collections.map((c: any) => c.id)).toEqual([c24.id]);
    expect((await callErr('motifs.library.browse', { collectionId: c20.id })).code).toBe('not_found');
  });
});
