// Training end to end in Chromium (browser mode): a project with a small simulated dataset (written
// into the project file, as the Data screen would), a quick run started from the Train view with one
// advanced setting changed, live curves while it trains, completion with test metrics and ROC/PR
// curves, the model exported to a file and imported back. Screenshots: docs/screenshots/train-*.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, type ServerProc, openSession, closeSession, createProjectInUi, tallShot, apiCall } from './harness';
import { addSimulatedDataset } from '../unit/train/train-helpers';

const haveChromium = chromiumAvailable();
if (!haveChromium) console.warn('SKIPPED: Chromium not found at /usr/bin/chromium (install Debian package chromium)');

describe.skipIf(!haveChromium)('training in the browser', () => {
  let dataDir: string;
  let server: ServerProc;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const invoke = (name: string, input: unknown = {}) => apiCall(server, name, input);

  /** A tall viewport for one screenshot (the app scrolls inside its main pane, not the page). */
  const shot = (file: string, height: number) => tallShot(page, file, height);

  beforeAll(async () => {
    ({ dataDir, server, browser, page, errors } = await openSession('train'));
  });
  afterAll(() => closeSession(browser, server));

  it('creates a project with a simulated dataset and shows the new-run form with every setting', async () => {
    await page.goto(server.url);
    await createProjectInUi(page, 'PU.1 enhancers');
    const { path } = await invoke('projects.current');
    const db = new Database(path);
    db.pragma('foreign_keys = ON');
    addSimulatedDataset(db, { name: 'Simulated PU.1 sites', L: 60, n: { train: 600, valid: 80, test: 80 } });
    db.close();

    await page.getByTestId('nav-train').click();
    await page.getByTestId('train-form').waitFor();
    expect(await page.getByTestId('train-dataset').locator('option').first().textContent()).toMatch(/Simulated PU.1 sites \(760 sequences\)/);
    await page.getByTestId('train-preset-quick').click();
    await page.getByTestId('train-advanced-toggle').click();
    await page.getByTestId('train-advanced').waitFor();
    expect(await page.locator('[data-testid^="train-field-"]').count()).toBe(34);
    // a bad value is explained and blocks Start
    await page.getByTestId('train-field-model.H').fill('30');
    await expect.poll(() => page.getByTestId('train-advanced').textContent()).toMatch(/must be a multiple of the number of attention heads/);
    expect(await page.getByTestId('train-start').isDisabled()).toBe(true);
    await page.getByTestId('train-field-model.H').fill('32');
    await page.getByTestId('train-field-seed').fill('3');
    expect(await page.getByTestId('train-start').isDisabled()).toBe(false);
    await page.getByTestId('train-form').evaluate((el) => el.scrollIntoView());
    await shot('train-settings.png', 1500);
    await page.getByTestId('train-advanced-toggle').click();
  });

  it('starts a quick run and shows live curves, then the test results with ROC and PR curves', async () => {
    await page.getByTestId('train-start').click();
    await page.getByTestId('train-run').waitFor();
    await expect.poll(() => page.getByTestId('train-run-name').textContent()).toMatch(/seed 3/);
    // live: step losses and at least two validation epochs drawn
    await expect.poll(async () => page.getByTestId('train-chart-loss').count(), { timeout: 60_000 }).toBe(1);
    await expect.poll(async () => Number(((await page.getByTestId('train-epoch').textContent()) ?? '0').split('/')[0]), { timeout: 60_000 }).toBeGreaterThanOrEqual(4);
    expect(await page.getByTestId('train-live').textContent()).toMatch(/sequences\/s/);
    expect(await page.getByTestId('train-run-state').textContent()).toMatch(/training/);
    await page.getByTestId('train-run').evaluate((el) => el.scrollIntoView());
    await shot('train-live.png', 1300);

    await expect.poll(() => page.getByTestId('train-run').getAttribute('data-state'), { timeout: 90_000 }).toBe('done');
    await page.getByTestId('train-test-metrics').waitFor();
    const metrics = await page.getByTestId('train-test-metrics').textContent();
    expect(metrics).toMatch(/bound\s*40 \/ 40/);
    expect(await page.locator('[data-testid="train-roc"] svg path').count()).toBeGreaterThan(3);
    expect(await page.getByTestId('train-config').textContent()).toMatch(/Random seed[\sⓘi]*3 \(changed\)/); // the ⓘ sits after the label
    const runs = await invoke('train.runs');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ state: 'done', seed: 3, epochsDone: 12, hasModel: true });
    expect(metrics).toContain(runs[0].test.auroc.toFixed(3));
    await page.getByTestId('train-run').evaluate((el) => el.scrollIntoView());
    await shot('train-result.png', 1900);
  });

  it('exports the model to one file and imports it back', async () => {
    await page.getByTestId('train-export').click();
    const target = join(dataDir, 'pu1-model.cisgram-model');
    await page.getByTestId('train-export-path').fill(target);
    await page.getByTestId('train-export-confirm').click();
    await expect.poll(() => page.getByTestId('toast').textContent()).toMatch(/Saved the model/);
    expect(existsSync(target)).toBe(true);
    await page.getByTestId('train-import-open').click();
    await page.getByTestId('train-import-path').fill(target);
    await page.getByTestId('train-import-confirm').click();
    await expect.poll(async () => (await invoke('train.runs')).length).toBe(2);
    await expect.poll(() => page.locator('[data-testid="train-runs"] tbody tr').count()).toBe(2);
    await expect.poll(() => page.getByTestId('train-run-state').textContent()).toMatch(/finished/);
    expect(await page.getByTestId('train-runs').textContent()).toMatch(/imported/);
    await page.locator('.main').evaluate((el) => el.scrollTo(0, 0));
    await shot('train-runs.png', 900);
    expect(errors).toEqual([]);
  });
});
