// Training on several engine workers from the Train screen (browser mode): the Compute setting in
// Advanced settings starts at this machine's default (cores − 1, at least 1), a run started with 2
// workers trains to the end and shows "2 workers" beside its backend and in its provenance.
// Screenshots: docs/screenshots/train-workers-*.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, type ServerProc, openSession, closeSession, createProjectInUi, tallShot, apiCall } from './harness';
import { addSimulatedDataset } from '../unit/train/train-helpers';

const haveChromium = chromiumAvailable();
if (!haveChromium) console.warn('SKIPPED: Chromium not found at /usr/bin/chromium (install Debian package chromium)');

describe.skipIf(!haveChromium)('training on several engine workers in the browser', () => {
  let server: ServerProc;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const invoke = (name: string, input: unknown = {}) => apiCall(server, name, input);

  beforeAll(async () => { ({ server, browser, page, errors } = await openSession('workers')); });
  afterAll(() => closeSession(browser, server));

  it('sets 2 engine workers in Advanced settings, trains, and shows the worker count on the run', async () => {
    await page.goto(server.url);
    await createProjectInUi(page, 'Workers');
    const { path } = await invoke('projects.current');
    const db = new Database(path);
    db.pragma('foreign_keys = ON');
    addSimulatedDataset(db, { name: 'Simulated PU.1 sites', L: 60, n: { train: 400, valid: 60, test: 60 } });
    db.close();
    const { workers } = await invoke('train.presets');

    await page.getByTestId('nav-train').click();
    await page.getByTestId('train-form').waitFor();
    await page.getByTestId('train-preset-quick').click();
    await page.getByTestId('train-advanced-toggle').click();
    await page.getByTestId('train-compute-settings').waitFor();
    expect(Number(await page.getByTestId('train-workers').inputValue())).toBe(workers.default);
    expect(await page.getByTestId('train-compute-settings').textContent()).toContain(`This machine: ${workers.cores} core`);
    await page.getByTestId('train-workers').fill('0');
    await expect.poll(() => page.getByTestId('train-compute-settings').textContent()).toMatch(/at least 1/);
    expect(await page.getByTestId('train-start').isDisabled()).toBe(true);
    await page.getByTestId('train-workers').fill('2');
    await page.getByTestId('train-field-epochs').fill('4');
    expect(await page.getByTestId('train-start').isDisabled()).toBe(false);
    await page.getByTestId('train-advanced').evaluate((el) => el.scrollIntoView());
    await tallShot(page, 'train-workers-setting.png', 700);

    // Start with Advanced settings open: the form checks values itself (the browser's step check would
    // refuse the preset's batch size 64 against min 1 / step 8).
    await page.getByTestId('train-start').click();
    await page.getByTestId('train-run').waitFor();
    await expect.poll(() => page.getByTestId('train-run').getAttribute('data-state'), { timeout: 180_000 }).toBe('done');
    const runs = await invoke('train.runs');
    expect(runs[0]).toMatchObject({ state: 'done', epochsDone: 4, hasModel: true });
    const detail = await invoke('train.run', { runId: runs[0].id });
    expect(detail.config.workers).toBe(2);
    await page.locator('[data-testid="train-run"] details', { has: page.locator('summary', { hasText: 'Settings and provenance' }) }).evaluate((el) => { (el as unknown as { open: boolean }).open = true; });
    await expect.poll(() => page.getByTestId('train-workers-run').textContent()).toBe('2 workers');
    await page.getByTestId('train-run').evaluate((el) => el.scrollIntoView());
    await tallShot(page, 'train-workers-run.png', 1900);
    expect(errors).toEqual([]);
  }, 300_000);
});
