// The motif library end to end in Chromium (browser mode): import JASPAR 2020 through the UI,
// browse and search it, see a malformed file refused with file and line, scan pasted sequences and
// page the hits; then, with a project seeded through its file with a dataset and a run whose
// filters hold SPI1 and its reverse complement (a hand-set model: training quality is not this
// test's subject), read the filters, see one card per motif with logos, twins and the whole paged
// JASPAR ranking, rename one; name the motifs by TF family with JASPAR 2024, find a TF, and read
// which condition a failed card did not meet.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import Database from 'better-sqlite3';
import * as tf from '@tensorflow/tfjs';
import { chromiumAvailable, SHOTS, ROOT, type ServerProc, openSession, closeSession, createProjectInUi } from './harness';
import { Argminn, DEFAULT_ARGMINN } from '../../src/core/model/argminn';
import { serializeModel } from '../../src/core/model/infer';
import { parseMotifs } from '../../src/core/pwm/formats';
import { logOdds, trimByIC } from '../../src/core/pwm/matrix';
import { writeDataset } from '../../src/core/data/store';
import { createRun } from '../../src/core/train/runs';
import { makeConfig } from '../../src/core/train/config';
import { revcomp } from '../../src/core/seq/alphabet';

const J20 = resolve(ROOT, '../shared/data/motifs/JASPAR2020_CORE_vertebrates_non-redundant.meme.txt');
const J24 = resolve(ROOT, '../shared/data/motifs/JASPAR2024_CORE_vertebrates_non-redundant.transfac.txt');
const haveChromium = chromiumAvailable();
const haveData = existsSync(J20) && existsSync(J24);
if (!haveChromium) console.warn('SKIPPED: Chromium not found at /usr/bin/chromium (install Debian package chromium)');
if (!haveData) console.warn(`SKIPPED: shared data ${J20} or ${J24} absent`);

let seed = 5;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

/** A dataset with planted SPI1 sites and a run whose filter 1 = SPI1 log-odds, 2 = its RC, 3 dead, 4 noise. */
async function seedProject(file: string) {
  await tf.setBackend('cpu');
  const spi1 = parseMotifs(readFileSync(J20, 'utf8')).find((m) => m.id.startsWith('MA0080'))!;
  const core = trimByIC(spi1).motif;
  const F = 4, W = 15;
  const w = new Float32Array(W * 4 * F), b = new Float32Array(F);
  const lo = logOdds(core), rc = lo.slice().reverse().map((r) => [r[3], r[2], r[1], r[0]]);
  const off = Math.floor((W - lo.length) / 2);
  for (let k = 0; k < lo.length; k++) for (let c = 0; c < 4; c++) { w[(off + k) * 4 * F + c * F] = lo[k][c]; w[(off + k) * 4 * F + c * F + 1] = rc[k][c]; }
  for (let k = 0; k < W; k++) for (let c = 0; c < 4; c++) { w[k * 4 * F + c * F + 2] = -1; w[k * 4 * F + c * F + 3] = (rnd() - 0.5) * 0.6; }
  b[2] = -1;
  const model = new Argminn({ ...DEFAULT_ARGMINN, F, W, H: 8, NH: 2, S: 16, T: 1 }, new Map([['conv.w', w], ['conv.b', b]]), 3);
  const blob = await serializeModel(model);
  model.dispose();
  const seqs = Array.from({ length: 400 }, (_, i) => {
    const q = Uint8Array.from({ length: 100 }, () => Math.floor(rnd() * 4));
    if (i % 2 === 0) {
      let site: Uint8Array = Uint8Array.from(spi1.probs, (col) => { let u = rnd(), x = 0; while (x < 3 && u >= col[x]) { u -= col[x]; x++; } return x; });
      if (rnd() < 0.5) site = revcomp(site);
      q.set(site, Math.floor(rnd() * (100 - site.length)));
    }
    return { name: `seq${i}`, split: (i < 320 ? 'train' : 'test') as 'train' | 'test', labels: [i % 2 === 0 ? 1 : 0], codes: q };
  });
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  const dsId = writeDataset(db, { name: 'SPI1 simulation', kind: 'simulated', taskNames: ['bound'] }, seqs);
  const runId = createRun(db, { name: 'SPI1 model (hand-set filters)', modelKind: 'argminn', datasetId: dsId, datasetName: 'SPI1 simulation', taskNames: ['bound'], seqLength: 100, preset: 'quick', overrides: {}, config: makeConfig('quick') });
  db.prepare("UPDATE runs SET model = ?, state = 'done', status = 'done', finished_at = ? WHERE id = ?").run(Buffer.from(blob), new Date().toISOString(), runId);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

describe.skipIf(!haveChromium || !haveData)('motif library in the browser', () => {
  let dataDir: string;
  let server: ServerProc;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const api = async (name: string, input: unknown = {}) => {
    const r = await fetch(`${server.origin}/api/invoke/${name}`, { method: 'POST', body: JSON.stringify(input), headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' } });
    const body = (await r.json()) as { ok: boolean; value?: any; error?: { message: string } };
    if (!body.ok) throw new Error(body.error!.message);
    return body.value;
  };

  beforeAll(async () => {
    ({ dataDir, server, browser, page, errors } = await openSession('motifs', { viewport: { width: 1440, height: 900 } }));
  });
  afterAll(() => closeSession(browser, server));

  it('imports JASPAR through the UI, browses and searches it, and refuses a malformed file', async () => {
    await page.goto(server.url);
    await createProjectInUi(page, 'Motif tour');
    await page.getByTestId('nav-motifs').click();
    await page.getByTestId('view-motifs').waitFor();
    expect(await page.getByTestId('view-motifs').textContent()).toMatch(/What to do first/);
    await page.getByTestId('tab-library').click();
    await page.getByTestId('library-import-path').fill(J20);
    await page.getByTestId('library-import-name').fill('JASPAR 2020 vertebrates');
    await page.getByTestId('library-import').click();
    await page.getByTestId('collection-JASPAR 2020 vertebrates').waitFor();
    await expect.poll(() => page.getByTestId('library-count').textContent()).toMatch(/1–25 of 746/);
    await page.getByTestId('library-search').fill('gata');
    await expect.poll(async () => Number((await page.getByTestId('library-count').textContent())!.split(' of ')[1])).toBeLessThan(20);
    expect(await page.locator('[data-testid="library-table"] tbody tr').first().textContent()).toMatch(/GATA/i);
    await page.getByTestId('library-search').fill('SPI1');
    await page.getByTestId('libmotif-MA0080.5').waitFor();
    await page.getByTestId('libmotif-MA0080.5').locator('input[type=checkbox]').check();
    await page.getByTestId('library-search').fill('');
    await expect.poll(() => page.getByTestId('library-count').textContent()).toMatch(/of 746/);
    await page.screenshot({ path: join(SHOTS, 'motifs-library.png') });

    const bad = join(dataDir, 'broken.meme');
    writeFileSync(bad, readFileSync(J20, 'utf8').replace(/^(\s*0\.\d+\s+0\.\d+\s+)0\.\d+/m, '$1x.5'));
    await page.getByTestId('library-import-path').fill(bad);
    await page.getByTestId('library-import-name').fill('');
    await page.getByTestId('library-import').click();
    await expect.poll(() => page.getByTestId('library-import-error').textContent()).toMatch(/broken\.meme:\d+ \(motif MA\d+\.\d+\).*Nothing was imported/);
    expect((await api('motifs.library.list')).collections.length).toBe(1);
  });

  it('scans pasted sequences with a ticked library motif, pages the hits and exports them', async () => {
    await page.getByTestId('tab-scan').click();
    await page.getByTestId('scan-source-paste').check();
    const pasted = Array.from({ length: 12 }, (_, i) => `>enh${i + 1}\n${'ACGTTGCA'.repeat(4)}AAAAAGAGGAAGTGAAAAG${'TGCATCGA'.repeat(5)}\n`).join('');
    await page.getByTestId('scan-paste').fill(pasted);
    await page.getByTestId('scan-p').selectOption({ label: '0.001' });
    await page.getByTestId('scan-start').click();
    await expect.poll(() => page.getByTestId('scan-summary').textContent(), { timeout: 30_000 }).toMatch(/hits with p < 0\.001 in 12 sequences/);
    const rows = page.locator('[data-testid="scan-hits"] tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(12);
    expect(await rows.first().textContent()).toMatch(/SPI1.*enh\d+/);
    await page.getByTestId('scan-export-bed').click();
    await expect.poll(async () => (await api('motifs.scan.list'))[0]?.nHits ?? 0).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'motifs-scan.png') });
  });

  it('reads a seeded run’s filters into cards with logos, twins and JASPAR matches, and renames one', async () => {
    const project = await api('projects.current');
    await api('projects.close');
    await seedProject(project.path);
    await api('projects.open', { path: project.path });
    await page.reload();
    await page.getByTestId('nav-motifs').click();
    await page.getByTestId('tab-learned').click();
    await page.getByTestId('motif-extract').click();
    await page.getByTestId('motif-summary').waitFor({ timeout: 60_000 });
    // filters 0 and 1 (SPI1 and its reverse complement) are one motif: one card, on the representative
    await expect.poll(() => page.getByTestId('motif-summary').textContent(), { timeout: 60_000 }).toMatch(/3 motifs from 4 filtersi? \(2 filters learned a motif another filter also learned\)i? · 1 pass .* 1 unused/); // 'i' = the ⓘ tooltip buttons
    const listed = await api('motifs.list', { runId: (await api('motifs.runs'))[0].runId });
    const rep = listed.find((m: any) => m.filterIndex === 0).group.repId;
    const repF = listed.find((m: any) => m.id === rep).filterIndex as number;
    expect([0, 1]).toContain(repF);
    expect(await page.getByTestId(`motif-card-${1 - repF}`).count()).toBe(0);
    const card0 = page.getByTestId(`motif-card-${repF}`);
    expect(await card0.getByTestId('motif-filters').textContent()).toMatch(/filters 1, 2 \(−\) learned the same motif|filters 1 \(−\), 2 learned the same motif/);
    expect(await card0.getByTestId('badge-passes').count()).toBe(1);
    expect(await page.getByTestId('motif-card-2').getByTestId('badge-unused').count()).toBe(1);
    expect(await card0.getByTestId('motif-twin').textContent()).toMatch(/filter [12]/);
    await expect.poll(() => card0.getByTestId('motif-matches').textContent(), { timeout: 30_000 }).toMatch(/SPI1/);
    expect((await card0.locator('[data-testid="motif-matches"] tbody tr').first().textContent())!).toMatch(/SPI1\s*MA0080/);
    await expect.poll(() => card0.getByTestId('aligned-logos').locator('svg').count()).toBe(2);
    expect(await card0.getByTestId(`logo-${repF}`).locator('svg path').count()).toBeGreaterThan(20);
    // JASPAR 2020 (MEME format) has no TF families: the motif is named after its best match
    expect(await card0.getByTestId('motif-name').textContent()).toBe('SPI1-like');
    // the whole ranking, paged
    expect(await card0.getByTestId('match-pager').textContent()).toMatch(/1–10 of 746/);
    await card0.getByTestId('match-next').click();
    await expect.poll(() => card0.getByTestId('match-pager').textContent()).toMatch(/11–20 of 746/);
    expect(await card0.locator('[data-testid="motif-matches"] tbody tr').first().textContent()).toMatch(/^11/);
    await card0.getByTestId('logo-rc').click();
    await card0.getByTestId('motif-rename').click();
    await page.getByTestId('rename-input').fill('PU.1');
    await page.getByTestId('rename-save').click();
    await expect.poll(() => card0.getByTestId('motif-name').textContent()).toBe('PU.1');
    await page.getByTestId('motif-metric').selectOption('sandelin');
    await expect.poll(() => card0.getByTestId('motif-matches').textContent(), { timeout: 30_000 }).toMatch(/SPI1/);
    await page.getByTestId('motif-metric').selectOption('pearson');
    await page.screenshot({ path: join(SHOTS, 'motifs-cards.png'), fullPage: true });
    // export the renamed motif together with the ticked SPI1 library motif
    await card0.locator('input[type=checkbox]').first().check();
    // (the reload cleared the earlier ticks) tick SPI1 in the library again
    await page.getByTestId('tab-library').click();
    await page.getByTestId('library-search').fill('MA0080');
    await page.getByTestId('libmotif-MA0080.5').locator('input[type=checkbox]').check();
    await page.getByTestId('motif-export-bar').waitFor();
    const out = join(dataDir, 'selection.meme');
    await page.getByTestId('export-path').fill(out);
    await page.getByTestId('export-motifs').click();
    await expect.poll(() => existsSync(out)).toBe(true);
    const back = parseMotifs(readFileSync(out, 'utf8'));
    expect(back.map((m) => m.name)).toEqual(['PU.1', 'SPI1']);
    expect(errors).toEqual([]);
  });

  it('names motifs by TF family with JASPAR 2024, finds a TF across them, and says which condition a card failed', async () => {
    const c24 = await api('motifs.library.import', { path: J24, name: 'JASPAR 2024' });
    await page.reload();
    await page.getByTestId('nav-motifs').click();
    await page.getByTestId('tab-learned').click();
    await page.getByTestId('motif-collection').selectOption(String(c24.id));
    await page.getByTestId('motif-identify').click();
    const runId = (await api('motifs.runs'))[0].runId;
    await expect.poll(async () => (await api('motifs.list', { runId })).find((m: any) => m.filterIndex === 0).defaultName, { timeout: 30_000 }).toMatch(/^Ets-related \(/);
    const listed = await api('motifs.list', { runId });
    const repF = listed.find((m: any) => m.id === listed.find((x: any) => x.filterIndex === 0).group.repId).filterIndex as number;
    const card = page.getByTestId(`motif-card-${repF}`);
    // the user's own name is kept; the automatic family name is shown beside it
    await expect.poll(() => card.getByTestId('motif-filters').textContent()).toMatch(/family Ets-related.*automatic name: Ets-related \(.*SPI1/i);
    await card.getByTestId('motif-rename').click();
    await page.getByTestId('rename-input').fill('');
    await page.getByTestId('rename-save').click();
    await expect.poll(() => card.getByTestId('motif-name').textContent()).toMatch(/^Ets-related \(.*SPI1.*\)$/i);
    // find a TF
    await page.getByTestId('find-tf-input').fill('SPI1');
    await page.getByTestId('find-tf-go').click();
    const res = page.getByTestId('find-tf-result');
    await expect.poll(() => res.textContent()).toMatch(/SPI1\s*MA0080\.\d — family Ets-related/i);
    const first = await res.locator('tbody tr').first().textContent();
    expect(first).toMatch(/^\s*[1-5]\s*of 879\s*Ets-related/);
    // a card that failed: the noise filter says which condition and why
    const noise = page.getByTestId('motif-card-3');
    expect(await noise.getByTestId('badge-fails').textContent()).toMatch(/not informative|rarely used|not enriched/);
    expect(await noise.getByTestId('trust-reasons').textContent()).toMatch(/needs/);
    expect(await noise.getByTestId('motif-fisher').textContent()).toMatch(/Fisher p = /);
    await page.getByTestId('find-tf').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'motifs-names.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('says plainly when a run learned no sequence motif (banner on Motifs)', async () => {
    const runs = await api('motifs.runs');
    const runId = runs[0].runId;
    expect((await api('train.health', { runId })).message).toBeNull();                    // the hand-set SPI1 model learned a motif
    const { path } = await api('projects.current');
    const db = new Database(path);
    db.prepare('UPDATE runs SET warnings = ? WHERE id = ?').run(JSON.stringify(['All 4 motif filters are inactive from epoch 3 on: none fires on any validation sequence, so this model learned no motif and its predictions do not come from motifs.']), runId);
    db.close();
    await page.reload();
    await page.getByTestId('nav-motifs').click();
    await page.getByTestId('tab-learned').click();
    await expect.poll(() => page.getByTestId('run-health').textContent()).toMatch(/This model learned no sequence motif\. All 4 motif filters are inactive from epoch 3 on\. Its scores are not meaningful/);
    await page.screenshot({ path: join(SHOTS, 'motifs-no-motif.png') });
    expect(errors).toEqual([]);
  });
});
