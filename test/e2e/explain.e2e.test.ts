// The workbench explains itself and keeps its place, end to end in Chromium (browser mode): the
// glossary (app bar, F1, ?), ⓘ on every metric of Train, Motifs and Compare, "Next:" lines, the
// "Logo as PNG" dialog of a low-quality card usable above the next card, charts saved as PNG and SVG
// (files written, non-empty), the time left "estimating…" until the first epoch ends, a run that
// finishes while Motifs is open announced instead of switched to, and the selected run, dataset and
// vendor profile restored after navigating away and reloading. The project is seeded through its
// file: a dataset with a hand-set model (one motif filter, two noise filters, one dead) and a small
// simulated dataset trained for real (tiny settings). Screenshots: docs/screenshots/explain-*.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import Database from 'better-sqlite3';
import * as tf from '@tensorflow/tfjs';
import { chromiumAvailable, SHOTS, type ServerProc, openSession, closeSession, createProjectInUi, tallShot, apiCall } from './harness';
import { Argminn, DEFAULT_ARGMINN } from '../../src/core/model/argminn';
import { serializeModel } from '../../src/core/model/infer';
import { writeDataset } from '../../src/core/data/store';
import { createRun } from '../../src/core/train/runs';
import { makeConfig } from '../../src/core/train/config';
import { addSimulatedDataset, SIM } from '../unit/train/train-helpers';

const haveChromium = chromiumAvailable();
if (!haveChromium) console.warn('SKIPPED: Chromium not found at /usr/bin/chromium (install Debian package chromium)');

let seed = 11;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const CONSENSUS = 'TTAGATAAGGCA';
const ACGT = 'ACGT';

/** A dataset with a planted GATA-like site in half the sequences, and a finished run whose filter 1 is that site, 2 and 4 noise, 3 dead. */
async function seedProject(file: string): Promise<{ handRun: number; handDs: number; simDs: number }> {
  await tf.setBackend('cpu');
  const F = 4, W = 14;
  const w = new Float32Array(W * 4 * F), b = new Float32Array(F);
  for (let k = 0; k < W; k++) {
    for (let c = 0; c < 4; c++) {
      const inMotif = k >= 1 && k - 1 < CONSENSUS.length;
      w[k * 4 * F + c * F] = inMotif ? (ACGT[c] === CONSENSUS[k - 1] ? 2 : -1.5) : 0;
      w[k * 4 * F + c * F + 1] = (rnd() - 0.5) * 0.6;
      w[k * 4 * F + c * F + 2] = -1;
      w[k * 4 * F + c * F + 3] = (rnd() - 0.5) * 0.6;
    }
  }
  b[2] = -1;
  const model = new Argminn({ ...DEFAULT_ARGMINN, F, W, H: 8, NH: 2, S: 16, T: 1 }, new Map([['conv.w', w], ['conv.b', b]]), 3);
  const blob = await serializeModel(model);
  model.dispose();
  const seqs = Array.from({ length: 300 }, (_, i) => {
    const q = Uint8Array.from({ length: 100 }, () => Math.floor(rnd() * 4));
    if (i % 2 === 0) q.set(Uint8Array.from(CONSENSUS, (ch) => ACGT.indexOf(ch)), Math.floor(rnd() * (100 - CONSENSUS.length)));
    return { name: `seq${i}`, split: (i < 240 ? 'train' : 'test') as 'train' | 'test', labels: [i % 2 === 0 ? 1 : 0], codes: q };
  });
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  const handDs = writeDataset(db, { name: 'GATA sites (hand-set model)', kind: 'simulated', taskNames: ['bound'] }, seqs);
  const handRun = createRun(db, { name: 'GATA model (hand-set filters)', modelKind: 'argminn', datasetId: handDs, datasetName: 'GATA sites (hand-set model)', taskNames: ['bound'], seqLength: 100, preset: 'quick', overrides: {}, config: makeConfig('quick') });
  db.prepare("UPDATE runs SET model = ?, state = 'done', status = 'done', finished_at = ? WHERE id = ?").run(Buffer.from(blob), new Date().toISOString(), handRun);
  const simDs = addSimulatedDataset(db, { name: 'Simulated SPI1 (small)', ...SIM });
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { handRun, handDs, simDs };
}

describe.skipIf(!haveChromium)('a workbench that explains itself and keeps its place', () => {
  let dataDir: string;
  let server: ServerProc;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let ids: { handRun: number; handDs: number; simDs: number };
  let trainedRun = 0;
  const invoke = (name: string, input: unknown = {}) => apiCall(server, name, input);
  /** Clicks a save button and keeps the download: its file must be written and non-empty. */
  const download = async (button: Locator): Promise<{ path: string; bytes: number; name: string }> => {
    const [dl] = await Promise.all([page.waitForEvent('download'), button.click()]);
    const path = join(dataDir, `dl-${Date.now()}-${dl.suggestedFilename()}`);
    await dl.saveAs(path);
    return { path, bytes: statSync(path).size, name: dl.suggestedFilename() };
  };
  /** Every header cell of a table, each with whether it carries an ⓘ. */
  const headers = (table: Locator) =>
    table.locator('thead th').evaluateAll((ths) => ths.map((th) => {
      const c = th.cloneNode(true) as typeof th;
      c.querySelectorAll('.info').forEach((i: { remove(): void }) => i.remove());
      return { text: (c.textContent ?? '').trim(), info: !!th.querySelector('.info') };
    }));

  beforeAll(async () => {
    ({ dataDir, server, browser, page, errors } = await openSession('explain', { viewport: { width: 1440, height: 900 } }));
  });
  afterAll(() => closeSession(browser, server));

  it('creates a project with a hand-set run and a small dataset', async () => {
    await page.goto(server.url);
    await createProjectInUi(page, 'Explained project');
    const { path } = await invoke('projects.current');
    ids = await seedProject(path);
  });

  it('opens the glossary from the app bar, with F1 and with ?, and finds a term', async () => {
    await page.getByTestId('open-glossary').click();
    await page.getByTestId('glossary').waitFor();
    await page.getByTestId('glossary-search').fill('auROC');
    const text = await page.getByTestId('glossary').textContent();
    expect(text).toMatch(/auROC/);
    expect(text).toMatch(/Good value:.*0\.5 = guessing/);
    await page.screenshot({ path: join(SHOTS, 'explain-glossary.png') });
    await page.getByTestId('glossary-close').click();
    expect(await page.getByTestId('glossary').count()).toBe(0);
    await page.locator('body').click({ position: { x: 700, y: 20 } });
    await page.keyboard.press('F1');
    await page.getByTestId('glossary').waitFor();
    await page.keyboard.press('F1');
    expect(await page.getByTestId('glossary').count()).toBe(0);
    await page.keyboard.press('?');
    await page.getByTestId('glossary').waitFor();
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('glossary').count()).toBe(0);
    // typing a ? into a field does not open it
    await page.getByTestId('nav-projects').click();
    await page.getByTestId('create-name').type('what?');
    expect(await page.getByTestId('glossary').count()).toBe(0);
    await page.getByTestId('create-name').fill('');
    await expect.poll(() => page.getByTestId('next-step').textContent()).toMatch(/Next:.*Data screen/);
  });

  it('Motifs: ⓘ on every metric; the low-quality card’s “Logo as PNG” dialog is usable above the next card', async () => {
    await page.getByTestId('nav-motifs').click();
    await page.getByTestId('motif-run').waitFor();
    await page.getByTestId('motif-run').selectOption(String(ids.handRun));
    await page.getByTestId('motif-extract').click();
    await page.getByTestId('motif-card-0').waitFor({ timeout: 90_000 });
    await page.getByTestId('motif-card-3').waitFor();
    // a low-quality card with a card after it (the one that used to cover its dialog)
    const cards = page.locator('.cards > article');
    // (a card that does not pass carries the "fails" badge naming the failed conditions)
    const fails = await cards.evaluateAll((els) => els.map((e) => !!e.querySelector('[data-testid="badge-fails"]')));
    const at = fails.findIndex((f, i) => f && i < fails.length - 1);
    expect(at).toBeGreaterThanOrEqual(0);
    const low = cards.nth(at);
    // every metric of a card and of the summary carries an ⓘ
    for (const term of ['trimmed', 'ic', 'fires', 'logo', 'weights', 'instance']) expect(await page.getByTestId('motif-card-0').getByTestId(`info-${term}`).count(), term).toBe(1);
    expect(await low.getByTestId('info-passes').count()).toBe(1);
    for (const term of ['filter', 'passes', 'unused', 'rc-twin']) expect(await page.getByTestId('motif-summary').getByTestId(`info-${term}`).count()).toBe(1);
    expect(await page.getByTestId('motif-card-2').getByTestId('info-unused').count()).toBe(1);
    // the tooltip: hover an ⓘ and read its sentence
    await page.getByTestId('motif-card-0').getByTestId('info-ic').hover();
    await expect.poll(() => page.getByTestId('info-tip').textContent()).toMatch(/IC \(information content\).*2 means one base only/);
    await page.mouse.move(5, 5);

    await low.getByTestId('logo-png').click();
    const path = page.locator('[role="dialog"] input.mono');
    await path.waitFor();
    const target = await path.inputValue();
    await page.screenshot({ path: join(SHOTS, 'explain-logo-dialog.png') });
    // a plain click: Playwright fails it if another element (the next card) would receive it
    await page.getByTestId('logo-save').click({ timeout: 5000 });
    await expect.poll(() => existsSync(target)).toBe(true);
    expect(statSync(target).size).toBeGreaterThan(500);
    expect(readFileSync(target).subarray(1, 4).toString()).toBe('PNG');
    expect(await page.getByTestId('next-step').textContent()).toMatch(/Next:.*Syntax/);
  });

  it('Train: the time left says “estimating…” until the first epoch ends, then close to the real time; ⓘ on every metric; charts save as PNG and SVG', async () => {
    // On the Train screen first, so the run can be watched from its first step; small batches make the
    // first epoch last a few seconds, long enough to be seen before it ends.
    await page.getByTestId('nav-train').click();
    const r = await invoke('train.start', {
      datasetId: ids.simDs, model: 'argminn', preset: 'quick', name: 'SPI1 tiny run',
      overrides: { model: { F: 4, W: 13, H: 8, NH: 2, S: 16, nL: 1 }, epochs: 5, batchSize: 4, lr: 1e-3, seed: 5 },
    });
    trainedRun = r.run.id;
    await page.getByTestId(`train-run-row-${trainedRun}`).click();
    const seen: { t: number; text: string }[] = [];
    const t0 = Date.now();
    for (;;) {
      const state = await page.getByTestId('train-run-state').textContent();
      if (/finished|failed/.test(state ?? '')) break;
      const text = ((await page.getByTestId('train-eta').textContent().catch(() => '')) ?? '').trim();
      const epoch = ((await page.getByTestId('train-epoch').textContent().catch(() => '')) ?? '').trim();
      if (text) seen.push({ t: Date.now() - t0, text: `${epoch} ${text}` });
      if (Date.now() - t0 > 150_000) throw new Error('training took too long');
      await page.waitForTimeout(100);
    }
    const total = Date.now() - t0;
    const etas = seen.map((s) => s.text.split(' ').slice(3).join(' '));
    console.log(`time left while training (${(total / 1000).toFixed(1)} s):`, seen.filter((s, i) => i === 0 || s.text !== seen[i - 1].text).map((s) => `${(s.t / 1000).toFixed(1)}s ${s.text}`).join(' | '));
    expect(etas[0]).toBe('estimating…');
    // the first number shown, against the time training really still took
    const first = seen.find((s) => /\d/.test(s.text.split(' ').slice(3).join(' ')));
    if (first) {
      const shown = first.text.split(' ').slice(3).join(' ');
      const secs = /(\d+) s/.test(shown) ? Number(/(\d+) s/.exec(shown)![1]) : Number(/(\d+) min/.exec(shown)![1]) * 60;
      // the end of training: the last estimate shown, plus what it said was left (the run then scores its test split)
      const numeric = seen.filter((q) => /^\d+ \/ \d+ \d+ s$/.test(q.text));
      const last = numeric[numeric.length - 1];
      const actual = (last.t - first.t) / 1000 + Number(/(\d+) s$/.exec(last.text)![1]);
      console.log(`first estimate ${secs} s; actual ${actual.toFixed(1)} s`);
      // This run's epochs last about 2 s, so one-off start-up costs and the other processes sharing the
      // test machine weigh heavily; the 1.5× bound is checked on realistic epoch timings in
      // test/unit/train/eta.test.ts. Here: the right order of magnitude (the old guess was 12× off).
      if (actual > 8) expect(secs / actual).toBeGreaterThan(1 / 3), expect(secs / actual).toBeLessThan(3);
    }

    // Train: ⓘ on every metric of the finished run
    await page.getByTestId('train-test-metrics').waitFor();
    for (const h of await headers(page.getByTestId('train-test-metrics'))) if (!['Task', 'Positives / negatives'].includes(h.text)) expect(h, h.text).toMatchObject({ info: true });
    for (const h of await headers(page.getByTestId('train-runs'))) if (['Epochs', 'Test auROC', 'Time'].includes(h.text)) expect(h, h.text).toMatchObject({ info: true });
    for (const term of ['roc-curve', 'pr-curve', 'loss', 'lambda', 'warmup', 'ramp', 'hold', 'bce', 'unweighted', 'attention-entropy', 'seed', 'early-stopping'])
      expect(await page.getByTestId('train-run').getByTestId(`info-${term}`).count(), term).toBeGreaterThan(0);
    const settings = await page.locator('[data-testid="train-config"] tr').evaluateAll((trs) => trs.map((tr) => !!tr.querySelector('.info')));
    expect(settings.length).toBeGreaterThan(20);
    expect(settings.every(Boolean)).toBe(true);
    // the filter-activity chart: one line per motif filter, one point per epoch
    await page.getByTestId('train-chart-activity').scrollIntoViewIfNeeded();
    expect(await page.getByTestId('train-chart-activity').getByTestId('info-filter-activity').count()).toBe(1);
    await page.getByTestId('train-chart-activity').screenshot({ path: join(SHOTS, 'train-filter-activity.png') });
    // the attention-entropy panel has a curve now (measured although its λ is 0 in this preset)
    expect(await page.getByTestId('train-chart-loss').textContent()).not.toMatch(/not measured/);
    await page.getByTestId('train-run').evaluate((el) => el.scrollIntoView());
    await page.waitForTimeout(200);
    await page.getByTestId('train-test-metrics').getByTestId('info-auroc').hover();
    await expect.poll(() => page.getByTestId('info-tip').textContent()).toMatch(/auROC.*random bound sequence/);
    await page.screenshot({ path: join(SHOTS, 'explain-train-tooltip.png') });
    await page.mouse.move(5, 5);
    // the preset in words
    expect(await page.getByTestId('train-preset-words').textContent()).toMatch(/learns from your data for .*rounds.*adding the motif-separating penalties gradually/);

    // charts save as PNG and SVG
    const png = await download(page.getByTestId('train-roc').getByTestId('chart-save-png'));
    expect(png.name).toMatch(/roc\.png$/);
    expect(png.bytes).toBeGreaterThan(2000);
    expect(readFileSync(png.path).subarray(1, 4).toString()).toBe('PNG');
    const svg = await download(page.getByTestId('train-chart-valid').getByTestId('chart-save-svg'));
    expect(svg.name).toMatch(/validation\.svg$/);
    expect(readFileSync(svg.path, 'utf8')).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*validation auROC[\s\S]*<\/svg>$/);
    const loss = await download(page.getByTestId('train-chart-loss').getByTestId('chart-save-png'));
    expect(loss.bytes).toBeGreaterThan(2000);

    // Motifs kept the hand-set run
    await page.getByTestId('nav-motifs').click();
    await page.getByTestId('motif-card-0').waitFor();
    expect(await page.getByTestId('motif-run').inputValue()).toBe(String(ids.handRun));
  });

  it('announces a run finishing while Motifs is open instead of switching to it', async () => {
    await page.getByTestId('nav-motifs').click();
    await page.getByTestId('motif-run').selectOption(String(ids.handRun));
    await page.getByTestId('motif-card-0').waitFor();
    const r = await invoke('train.start', {
      datasetId: ids.simDs, model: 'argminn', preset: 'quick', name: 'SPI1 second run',
      overrides: { model: { F: 4, W: 13, H: 8, NH: 2, S: 16, nL: 1 }, epochs: 2, batchSize: 32, lr: 1e-2, seed: 6 },
    });
    await page.getByTestId('new-result').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('new-result').textContent()).toMatch(/A new run finished: “SPI1 second run”/);
    expect(await page.getByTestId('motif-run').inputValue()).toBe(String(ids.handRun));
    await page.screenshot({ path: join(SHOTS, 'explain-new-run.png') });
    await page.getByTestId('new-result-show').click();
    expect(await page.getByTestId('motif-run').inputValue()).toBe(String(r.run.id));
    await page.getByTestId('motif-run').selectOption(String(ids.handRun));
  });

  it('Compare: ⓘ on every column', async () => {
    await page.getByTestId('nav-compare').click();
    await page.getByTestId('compare-dataset').selectOption(String(ids.simDs));
    await page.getByTestId('compare-groups').waitFor();
    const hs = await headers(page.getByTestId('compare-groups'));
    expect(hs.length).toBeGreaterThan(8);
    for (const h of hs) expect(h, h.text).toMatchObject({ info: true });
    await page.getByTestId('compare-view-runs').click();
    for (const h of await headers(page.getByTestId('compare-runs'))) if (!['Run', 'Model', 'Status'].includes(h.text)) expect(h, h.text).toMatchObject({ info: true });
    expect(await page.getByTestId('next-step').textContent()).toMatch(/Next:/);
    await page.getByTestId('compare-table-panel').evaluate((el) => el.scrollIntoView());
    await page.getByTestId('compare-runs').getByTestId('info-relevant-recovered').first().hover();
    await expect.poll(() => page.getByTestId('info-tip').textContent()).toMatch(/true \(planted or known\) motifs/);
    await page.screenshot({ path: join(SHOTS, 'explain-compare-tooltip.png') });
    await page.mouse.move(5, 5);
  });

  it('finds the same run, dataset and vendor profile after navigating away and reloading', async () => {
    // Train: the older hand-set run, not the newest
    await page.getByTestId('nav-train').click();
    await page.getByTestId(`train-run-row-${ids.handRun}`).click();
    // Compare: the hand-set dataset; Motifs: the trained run
    await page.getByTestId('nav-compare').click();
    await page.getByTestId('compare-dataset').selectOption(String(ids.handDs));
    await page.getByTestId('nav-motifs').click();
    await page.getByTestId('motif-run').selectOption(String(trainedRun));
    // Design: a non-default vendor profile
    await page.getByTestId('nav-design').click();
    await page.getByTestId('design-profile').waitFor();
    await page.getByTestId('design-profile').selectOption('twist-like');
    // …the vendor profile carries to Export
    await page.getByTestId('nav-export').click();
    await page.getByTestId('export-profile-select').waitFor();
    await expect.poll(() => page.getByTestId('export-profile-select').inputValue()).toBe('twist-like'); // (the options load after the select)

    await page.goto(server.url); // a reload, landing on Projects
    await expect.poll(() => page.getByTestId('current-project').textContent()).toBe('Explained project');
    await page.getByTestId('nav-train').click();
    await expect.poll(() => page.locator(`[data-testid="train-run-row-${ids.handRun}"].sel`).count()).toBe(1);
    await page.getByTestId('nav-compare').click();
    await expect.poll(() => page.getByTestId('compare-dataset').inputValue()).toBe(String(ids.handDs));
    await page.getByTestId('nav-motifs').click();
    await expect.poll(() => page.getByTestId('motif-run').inputValue()).toBe(String(trainedRun));
    await page.getByTestId('nav-design').click();
    await expect.poll(() => page.getByTestId('design-profile').inputValue()).toBe('twist-like');
    await page.getByTestId('nav-export').click();
    await expect.poll(() => page.getByTestId('export-profile-select').inputValue()).toBe('twist-like');
    await tallShot(page, 'explain-next-step.png', 900);
    expect(errors).toEqual([]);
  });
});
