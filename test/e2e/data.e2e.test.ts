// The Data feature end to end in Chromium (browser mode): create the demo project from the Projects
// screen, see its simulated dataset with histograms and planted instances, import a small FASTA
// through the wizard (source → negatives → split → preview → import) and page through the table.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, SHOTS, ROOT, type ServerProc, openSession, closeSession } from './harness';

const haveChromium = chromiumAvailable();
if (!haveChromium) console.warn('SKIPPED: Chromium not found at /usr/bin/chromium (install Debian package chromium)');

describe.skipIf(!haveChromium)('data in the browser', () => {
  let server: ServerProc;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ({ server, browser, page, errors } = await openSession('data', { env: { CISGRAM_ENGINE: 'none' } }));
  });
  afterAll(() => closeSession(browser, server));

  it('creates the demo project and shows its simulated dataset', async () => {
    await page.goto(server.url);
    await page.getByTestId('create-demo').click();
    await expect.poll(() => page.getByTestId('current-project').textContent(), { timeout: 20_000 }).toBe('Cisgram demo');
    await page.getByTestId('view-data').waitFor();
    await page.getByTestId('dataset-detail').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('dataset-table').textContent()).toMatch(/Demo: GATA–E-box composite.*simulated.*2,000.*200/);
    expect(await page.getByTestId('stats-counts').textContent()).toMatch(/Training\s*800\s*800\s*1,600/);
    await page.locator('[data-testid="chart-gc"] svg').waitFor();
    await page.locator('[data-testid="chart-length"] svg').waitFor();
    // a positive's planted instances are highlighted
    await page.locator('[data-testid="seq-table"] tbody tr').first().click();
    await page.getByTestId('seq-letters').waitFor();
    const highlighted = await page.locator('[data-testid="seq-letters"] span.inst').count();
    const label = await page.locator('[data-testid="seq-table"] tbody tr').first().locator('td').nth(3).textContent();
    if (label === '1') expect(highlighted).toBeGreaterThanOrEqual(2);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, 'data-demo.png'), fullPage: true });
  });

  it('imports a FASTA through the wizard with a preview, then pages the table', async () => {
    await page.getByTestId('open-import').click();
    await page.getByTestId('import-wizard').waitFor();
    await page.getByTestId('import-positives').fill(join(ROOT, 'test/fixtures/data/wizard.fa'));
    await expect.poll(() => page.getByTestId('import-name').inputValue()).toBe('wizard');
    await page.getByTestId('import-name').fill('Enhancers (wizard)');
    await page.screenshot({ path: join(SHOTS, 'data-wizard-source.png') });
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('neg-shuffle').check();
    await page.getByTestId('neg-ratio').fill('2');
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('split-random').check();
    await page.getByTestId('import-seed').fill('3');
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('preview-stats').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('stats-counts').first().textContent()).toMatch(/All\s*60\s*120\s*180/);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, 'data-wizard-preview.png'), fullPage: true });
    await page.getByTestId('wizard-import').click();
    await expect.poll(() => page.getByTestId('dataset-table').textContent(), { timeout: 30_000 }).toMatch(/Enhancers \(wizard\).*FASTA.*180/);
    await page.getByTestId('dataset-Enhancers (wizard)').click();
    await expect.poll(() => page.getByTestId('seq-pageinfo').textContent()).toMatch(/page 1 of 4 · 180 sequences/);
    await page.getByTestId('seq-next').click();
    await expect.poll(() => page.getByTestId('seq-pageinfo').textContent()).toMatch(/page 2 of 4/);
    await expect.poll(() => page.locator('[data-testid="seq-table"] tbody tr').first().locator('td').first().textContent()).toBe('51');
    await page.getByTestId('seq-split').selectOption('test');
    await expect.poll(() => page.getByTestId('seq-pageinfo').textContent()).toMatch(/page 1 of 1 · 18 sequences/);
    await page.locator('[data-testid="seq-table"] tbody tr').first().click();
    await expect.poll(() => page.getByTestId('seq-letters').textContent()).toMatch(/^[ACGT]{100}$/);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, 'data-dataset.png'), fullPage: true });
  });

  it('shows a bad file as a failed job naming file and line, and the simulate form', async () => {
    await page.getByTestId('open-import').click();
    await page.getByTestId('import-positives').fill(join(ROOT, 'test/fixtures/data/not_fasta.fa'));
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('wizard-next').click();
    await expect.poll(() => page.getByTestId('import-wizard').textContent(), { timeout: 20_000 }).toMatch(/not_fasta\.fa:1: expected a FASTA header line/);
    await page.screenshot({ path: join(SHOTS, 'data-wizard-error.png') });
    await page.getByTestId('wizard-close').click();
    await page.getByTestId('open-simulate').click();
    await page.getByTestId('recipe-spi1-single').waitFor();
    await page.screenshot({ path: join(SHOTS, 'data-simulate.png') });
    expect(errors).toEqual([]);
  });
});
