// The Variants screen with paired ref/alt FASTA, end to end in Chromium (browser mode): a project
// seeded with the hand-set GATA/TAL1 model; pairs of 150 bp that break or create a GATA site
// (bound allele in the header), one indel pair and one identical pair; the GATA1 PWM from the motif
// library as the baseline. The report says what was skipped and padded, the metrics table shows
// the model beside the baseline, a pair lists its differences and the site it destroys. A model
// that learned nothing is flagged before scoring and on the scored set.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import * as tf from '@tensorflow/tfjs';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, SHOTS, type ServerProc, openSession, closeSession, createProjectInUi, apiReply } from './harness';
import { seedGrammarProject } from '../unit/grammar/seed';
import { decode, encode } from '../../src/core/seq/alphabet';
import { Rng } from '../../src/core/seq/random';
import { loadMotifFile, demoMotifsPath } from '../../src/core/data/simulation-job';
import { Argminn, DEFAULT_ARGMINN } from '../../src/core/model/argminn';
import { serializeModel } from '../../src/core/model/infer';
import { createRun } from '../../src/core/train/runs';
import { healthWarnings } from '../../src/core/train/job';

const haveChromium = chromiumAvailable();
if (!haveChromium) console.warn('SKIPPED: Chromium not found at /usr/bin/chromium (install Debian package chromium)');

describe.skipIf(!haveChromium)('Variants screen: paired FASTA', () => {
  let tmp: string;
  let server: ServerProc;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const invoke = (name: string, input: unknown) => apiReply(server, name, input);

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'cisgram-e2e-variants-files-'));
    ({ server, browser, page, errors } = await openSession('variants', { viewport: { width: 1400, height: 900 } }));
  }, 60_000);
  afterAll(() => closeSession(browser, server));

  it('scores pairs with labels and a PWM baseline; says what was skipped and padded', async () => {
    await page.goto(server.url);
    await createProjectInUi(page, 'Allele pairs');
    const info = await invoke('projects.current', {});
    const db = new Database((info.value ?? info).path);
    db.pragma('foreign_keys = ON');
    const ids = await seedGrammarProject(db, { nPos: 150, nNeg: 150 });
    // a model that learned nothing, for the second test: its filters never fire
    const m = new Argminn({ ...DEFAULT_ARGMINN, W: 15 }, undefined, 1);
    m.p('conv.b').assign(tf.fill([DEFAULT_ARGMINN.F], -100));
    const warnings = await healthWarnings(m, Array.from({ length: 10 }, () => encode('ACGT'.repeat(50))), 0.52, 2);
    const blob = await serializeModel(m); m.dispose();
    const dead = createRun(db, { name: 'Untrained model', modelKind: 'argminn', datasetId: ids.datasetId, datasetName: 'd', taskNames: ['task1'], seqLength: 200, preset: 'quick', overrides: {}, config: { seed: 1 } as never });
    db.prepare("UPDATE runs SET state = 'done', status = 'done', model = ?, warnings = ?, finished_at = ? WHERE id = ?").run(Buffer.from(blob), JSON.stringify(warnings), new Date().toISOString(), dead);
    db.close();
    await invoke('motifs.library.import', { path: demoMotifsPath(), name: 'Demo motifs' });

    const gata = loadMotifFile(demoMotifsPath()).find((x) => x.name.toUpperCase() === 'GATA1')!;
    const CONS = decode(Uint8Array.from(gata.probs.map((r) => r.indexOf(Math.max(...r)))));
    const rng = new Rng(8);
    const rand = (n: number) => decode(Uint8Array.from({ length: n }, () => rng.int(4)));
    const broken = CONS.slice(0, 3) + (CONS[3] === 'T' ? 'C' : 'T') + CONS.slice(4);
    const refs: string[] = [], alts: string[] = [];
    for (let i = 0; i < 10; i++) {
      const left = rand(60), right = rand(150 - 60 - CONS.length), bg = left + broken + right, site = left + CONS + right;
      let [r, a] = i % 2 === 0 ? [site, bg] : [bg, site];
      if (i === 0) { a = a.slice(0, 120) + (a[120] === 'A' ? 'C' : 'A') + a.slice(121); } // a second, distant difference
      refs.push(`>pair${i + 1} bound=${i % 2 === 0 ? 'ref' : 'alt'}\n${r}`); alts.push(`>pair${i + 1}\n${a}`);
    }
    const same = rand(150);
    refs.push(`>indel bound=ref\n${rand(150)}`, `>same bound=ref\n${same}`); alts.push(`>indel\n${rand(152)}`, `>same\n${same}`);
    writeFileSync(join(tmp, 'ref.fa'), refs.join('\n') + '\n');
    writeFileSync(join(tmp, 'alt.fa'), alts.join('\n') + '\n');

    await page.reload();
    await page.getByTestId('nav-variants').click();
    await page.getByTestId('view-variants').waitFor();
    await page.getByTestId('var-run').selectOption({ label: 'Hand-set GATA/TAL1 model' });
    await page.getByTestId('var-kind-fasta').click();
    await page.getByTestId('var-ref').fill(join(tmp, 'ref.fa'));
    await page.getByTestId('var-alt').fill(join(tmp, 'alt.fa'));
    await page.getByTestId('var-name').fill('GATA allele pairs');
    await page.getByTestId('var-pair-label').fill('bound');
    await page.getByTestId('var-baseline-search').fill('GATA1');
    await expect.poll(() => page.getByTestId('var-baseline').locator('option').count()).toBeGreaterThan(1);
    await page.getByTestId('var-baseline').selectOption({ index: 1 });
    await page.getByText(/using GATA1/).waitFor();
    await page.screenshot({ path: join(SHOTS, 'variants-pairs-import.png') });
    await page.getByTestId('var-start').click();
    await page.getByTestId('var-table').waitFor({ timeout: 90_000 });
    await expect.poll(() => page.locator('[data-testid="var-table"] tbody tr').count()).toBe(10);
    const notes = await page.getByTestId('var-notes').textContent();
    expect(notes).toMatch(/10 of 12 pairs scored: 9 with one difference, 1 with several/);
    expect(notes).toMatch(/1 pair differs in length.*1 pair is identical/s);
    expect(notes).toMatch(/padded on both sides with N/);
    expect(await page.getByTestId('var-baseline-metrics').textContent()).toMatch(/GATA1/);
    await expect.poll(() => page.getByTestId('var-warning').count()).toBe(0);
    await page.locator('[data-testid="var-table"] tbody tr').filter({ has: page.locator('td:nth-child(2)', { hasText: /^pair1$/ }) }).click();
    await expect.poll(() => page.getByTestId('variant-detail').textContent()).toMatch(/pair1 /);
    const detail = await page.getByTestId('variant-detail').textContent();
    expect(detail).toMatch(/2 differences: [ACGT]64[ACGT], [ACGT]121[ACGT]/);
    expect(detail).toMatch(/Destroys: .*activation [\d.]+ → [\d.]+/);
    await page.getByTestId('track-alt').waitFor();
    await page.waitForTimeout(400);
    await page.setViewportSize({ width: 1400, height: 1750 });
    await page.screenshot({ path: join(SHOTS, 'variants-pairs.png') });
    await page.setViewportSize({ width: 1400, height: 900 });
  }, 180_000);

  it('flags a model that learned nothing before scoring and on the scored set', async () => {
    await page.getByTestId('var-run').selectOption({ label: 'Untrained model' });
    await page.getByTestId('run-health').waitFor();
    expect(await page.getByTestId('run-health').textContent()).toMatch(/learned no sequence motif/);
    await page.getByTestId('var-name').fill('pairs on an untrained model');
    await page.getByTestId('var-start').click();
    await page.getByTestId('var-warning').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('var-warning').textContent()).toMatch(/not meaningful for motif-level questions/);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, 'variants-pairs-warning.png') });
    expect(errors).toEqual([]);
  }, 120_000);
});
