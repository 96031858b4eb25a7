// The grammar screens end to end in Chromium (browser mode): a project seeded with a simulated
// GATA–TAL1 spacing dataset and a hand-set ARGMINN run; call instances (job), browse the table,
// open the track view and move the threshold, run the syntax explorer, save the top rule; score a
// VCF against a small genome, open a variant's two tracks, and see a wrong-build VCF refused.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, SHOTS, type ServerProc, openSession, closeSession, createProjectInUi, apiReply } from './harness';
import { seedGrammarProject } from '../unit/grammar/seed';
import { decode } from '../../src/core/seq/alphabet';
import { getSequences } from '../../src/core/data/store';

const haveChromium = chromiumAvailable();
if (!haveChromium) console.warn('SKIPPED: Chromium not found at /usr/bin/chromium (install Debian package chromium)');

describe.skipIf(!haveChromium)('grammar screens in the browser', () => {
  let dataDir: string, tmp: string;
  let server: ServerProc;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const invoke = (name: string, input: unknown) => apiReply(server, name, input);

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'cisgram-e2e-grammar-files-'));
    ({ dataDir, server, browser, page, errors } = await openSession('grammar', { viewport: { width: 1400, height: 900 } }));
  }, 60_000);
  afterAll(() => closeSession(browser, server));

  it('calls instances, shows the table, PR curve and the track view', async () => {
    await page.goto(server.url);
    await createProjectInUi(page, 'Grammar demo');
    const info = await invoke('projects.current', {});
    const path: string = (info.value ?? info).path;
    const db = new Database(path);
    db.pragma('foreign_keys = ON');
    const ids = await seedGrammarProject(db);
    // genome + VCF for later: the first positive with a planted instance, twice
    const t = db.prepare("SELECT seq_idx, start, end FROM dataset_truth WHERE dataset_id = ? AND role = 'signal' ORDER BY seq_idx LIMIT 1").get(ids.datasetId) as { seq_idx: number; start: number; end: number };
    const chr = decode(getSequences(db, ids.datasetId, [t.seq_idx]).get(t.seq_idx)!);
    db.close();
    writeFileSync(join(tmp, 'genome.fa'), `>chrS\n${chr}${chr}\n`);
    const rows: string[] = [];
    for (let p = t.start; p < t.end; p += 2) rows.push(`chrS\t${p + 1}\tsite${p}\t${chr[p]}\t${chr[p] === 'A' ? 'C' : 'A'}\t.\tPASS\tEFFECT=1`);
    for (const p of [230, 260, 300, 340]) rows.push(`chrS\t${p + 1}\tbg${p}\t${chr[p - 200]}\t${chr[p - 200] === 'A' ? 'G' : 'A'}\t.\tPASS\tEFFECT=0`);
    rows.push('chrS\t10\tnearEnd\tA\tC\t.\tPASS\tEFFECT=0', 'chrS\t150\tdel\tAT\tA\t.\tPASS\t.');
    writeFileSync(join(tmp, 'variants.vcf'), `##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n${rows.join('\n').replace('chrS\t10\tnearEnd\tA', `chrS\t10\tnearEnd\t${chr[9]}`)}\n`);
    writeFileSync(join(tmp, 'wrong-build.vcf'), rows.slice(0, 6).map((r) => r.replace(/\t([ACGT])\t([ACGT])\t/, (_m, a) => `\t${a === 'G' ? 'T' : 'G'}\tC\t`)).join('\n') + '\n');

    await page.reload();
    await page.getByTestId('nav-syntax').click();
    await page.getByTestId('view-syntax').waitFor();
    await page.getByTestId('inst-start').waitFor();
    await page.screenshot({ path: join(SHOTS, 'syntax-empty.png') });
    await page.getByTestId('inst-start').click();
    await page.getByTestId('inst-table').waitFor({ timeout: 90_000 });
    await expect.poll(() => page.locator('[data-testid="inst-table"] tbody tr').count()).toBe(25);
    await page.getByTestId('inst-pr').waitFor();
    await page.locator('[data-testid="inst-table"] tbody tr').first().click();
    await page.getByTestId('track').waitFor();
    // redraw time reported by the canvas after moving the threshold and zooming to letters
    await page.getByTestId('track-thr').fill('0.2');
    await page.getByRole('button', { name: 'Letters' }).click();
    const ms = Number((await page.getByTestId('track-ms').textContent())!.replace(/[^0-9.]/g, ''));
    expect(ms).toBeLessThan(50);
    await page.getByRole('button', { name: 'Whole' }).click();
    await page.getByTestId('track-thr').fill('0.5');
    await page.waitForTimeout(300);
    await page.setViewportSize({ width: 1400, height: 1500 });
    await page.screenshot({ path: join(SHOTS, 'syntax-instances.png') });
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.getByTestId('track').scrollIntoViewIfNeeded();
    await page.getByRole('button', { name: 'Letters' }).click();
    await page.waitForTimeout(200);
    await page.getByTestId('track').screenshot({ path: join(SHOTS, 'syntax-track-letters.png') });
  }, 150_000);

  it('runs the syntax explorer and saves the top rule', async () => {
    await page.getByTestId('tab-explorer').click();
    await page.getByTestId('syn-start').click();
    await page.getByTestId('syn-rules').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.locator('[data-testid="syn-rules"] tbody tr').count()).toBeGreaterThan(0);
    await page.locator('[data-testid="syn-rules"] tbody tr').first().click();
    await page.getByTestId('rule-examples').waitFor();
    await page.waitForTimeout(800); // the analysis list reloads once when its job finishes
    await page.getByTestId('rule-save').first().click();
    await expect.poll(() => page.getByTestId('rule-save').first().textContent()).toBe('★');
    await page.getByTestId('syn-hist').waitFor();
    await page.waitForTimeout(400);
    await page.setViewportSize({ width: 1400, height: 1350 });
    await page.screenshot({ path: join(SHOTS, 'syntax-explorer.png') });
    await page.setViewportSize({ width: 1400, height: 900 });
  }, 90_000);

  it('scores a VCF, shows the ranked table and the two tracks, refuses a wrong build', async () => {
    await page.getByTestId('nav-variants').click();
    await page.getByTestId('view-variants').waitFor();
    await page.getByTestId('var-vcf').fill(join(tmp, 'variants.vcf'));
    await page.getByTestId('var-genome').fill(join(tmp, 'genome.fa'));
    await expect.poll(() => page.getByTestId('var-label').locator('option').count()).toBeGreaterThan(1);
    await page.getByTestId('var-label').selectOption('EFFECT');
    await page.screenshot({ path: join(SHOTS, 'variants-import.png') });
    await page.getByTestId('var-start').click();
    await page.getByTestId('var-table').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.locator('[data-testid="var-table"] tbody tr').count()).toBeGreaterThan(3);
    await page.getByTestId('track-ref').waitFor();
    await page.getByTestId('track-alt').waitFor();
    expect(await page.getByTestId('var-report').textContent()).toMatch(/1 indels.*too close to a chromosome end/s);
    await page.getByTestId('var-metrics').waitFor();
    await page.waitForTimeout(400);
    await page.setViewportSize({ width: 1400, height: 1700 });
    await page.screenshot({ path: join(SHOTS, 'variants-table.png') });
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.getByTestId('var-export').click();
    await page.getByText(/Saved \d+ variants/).waitFor();
    // wrong build: the job fails with the mismatch rate
    await page.getByTestId('var-vcf').fill(join(tmp, 'wrong-build.vcf'));
    await page.getByTestId('var-name').fill('wrong build');
    await page.getByTestId('var-start').click();
    await page.getByText(/do not match the genome/).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(SHOTS, 'variants-wrong-build.png') });
    expect(errors).toEqual([]);
  }, 120_000);
});
