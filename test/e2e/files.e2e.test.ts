// Files in any shape, in Chromium through browser mode: a DeepBind-style .seq.gz typed into the
// wizard is detected with its columns mapped, a separate test-set file becomes the test split, and
// the dataset is imported; a file dropped on the window is uploaded into the data folder (byte for
// byte) and opens the wizard with it chosen. Screenshots of the mapping and the drop overlay.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, writeFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, SHOTS, type ServerProc, openSession, closeSession } from './harness';

const haveChromium = chromiumAvailable();
if (!haveChromium) console.warn('SKIPPED: Chromium not found at /usr/bin/chromium (install Debian package chromium)');

/** A small DeepBind-shaped pair: AC (positives, fold A) and B (test: positives + _shuf negatives). */
function deepbindPair(dir: string): { ac: string; b: string } {
  let x = 11;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2 ** 31), x / 2 ** 31);
  const seq = () => Array.from({ length: 101 }, () => 'ACGT'[Math.floor(rnd() * 4)]).join('');
  const head = 'FoldID\tEventID\tseq\tBound';
  const ac = [head, ...Array.from({ length: 120 }, (_, i) => `A\tseq_${String(2 * i + 1).padStart(5, '0')}_peak\t${seq()}\t1`)];
  const b = [head, ...Array.from({ length: 40 }, (_, i) => `A\tseq_${String(2 * i + 2).padStart(5, '0')}_peak\t${seq()}\t1`), ...Array.from({ length: 40 }, (_, i) => `A\tseq_${String(i + 1).padStart(5, '0')}_shuf\t${seq()}\t0`)];
  const paths = { ac: join(dir, 'TF_cell_AC.seq.gz'), b: join(dir, 'TF_cell_B.seq.gz') };
  writeFileSync(paths.ac, gzipSync(ac.join('\n') + '\n'));
  writeFileSync(paths.b, gzipSync(b.join('\n') + '\n'));
  return paths;
}

describe.skipIf(!haveChromium)('files in any shape in the browser', () => {
  let dataDir: string;
  let server: ServerProc;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const tmp = mkdtempSync(join(tmpdir(), 'cisgram-e2e-files-src-'));
  const files = deepbindPair(tmp);

  const api = async (name: string, input: unknown = {}): Promise<any> => {
    const r = await fetch(`${server.origin}/api/invoke/${name}`, { method: 'POST', body: JSON.stringify(input), headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' } });
    const j = (await r.json()) as any;
    if (!j.ok) throw new Error(`${name}: ${j.error.message}`);
    return j.value;
  };

  beforeAll(async () => {
    ({ dataDir, server, browser, page, errors } = await openSession('files', { viewport: { width: 1440, height: 900 } }));
    page.on('response', async (r) => {
      if (!r.url().includes('/api/invoke/')) return;
      const body = await r.text().catch(() => '');
      if (r.status() >= 400 || body.startsWith('{"ok":false')) console.log('REFUSED', r.url().replace(/\?.*/, ''), body.slice(0, 300));
    });
    await api('projects.create', { name: 'Files' });
  });
  afterAll(() => closeSession(browser, server));

  it('detects a DeepBind table, maps its columns, takes a test-set file and imports', async () => {
    await page.goto(server.url);
    await page.getByTestId('nav-data').click();
    await page.getByTestId('open-import').click();
    await page.getByTestId('import-wizard').waitFor();
    await page.getByTestId('import-positives').fill(files.ac);
    await expect.poll(() => page.getByTestId('inspect-summary').textContent()).toMatch(/DeepBind table detected.*sequences in “seq”, labels from “Bound”/);
    await page.getByTestId('table-mapping').waitFor();
    expect(await page.getByTestId('map-sequence').inputValue()).toBe('seq');
    expect(await page.getByTestId('map-name').inputValue()).toBe('EventID');
    expect(await page.getByTestId('map-label-Bound').isChecked()).toBe(true);
    await page.getByTestId('import-testfile').fill(files.b);
    await expect.poll(() => page.getByTestId('import-name').inputValue()).toBe('TF_cell_AC');
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(SHOTS, 'data-table-import.png'), fullPage: true });
    await page.getByTestId('wizard-next').click(); // negatives: shuffled (AC has positives only)
    expect(await page.getByTestId('neg-shuffle').isChecked()).toBe(true);
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('preview-stats').waitFor({ timeout: 30_000 }).catch(async (e) => {
      console.log('WIZARD', await page.getByTestId('import-wizard').textContent());
      throw e;
    });
    await page.getByTestId('wizard-import').click();
    await expect.poll(() => page.getByTestId('dataset-table').textContent(), { timeout: 30_000 }).toMatch(/TF_cell_AC/);
    const ds = (await api('data.list')).find((d: any) => d.name === 'TF_cell_AC');
    expect(ds.taskNames).toEqual(['Bound']);
    expect(ds.nSeqs).toBe(240 + 80);
    const test = await api('data.page', { id: ds.id, split: 'test', limit: 500 });
    expect(test.total).toBe(80);
    expect(test.rows.filter((r: any) => r.labels[0] === 0).every((r: any) => /_shuf$/.test(r.name))).toBe(true);
  });

  it('a file dropped on the window is uploaded and opens the wizard with it', async () => {
    await page.getByTestId('nav-train').click();
    const bytes = readFileSync(files.b);
    await page.evaluate(async ({ b64, name }) => {
      // Browser globals (this runs in the page).
      const g = globalThis as any;
      const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new g.DataTransfer();
      dt.items.add(new g.File([bin], name, { type: 'application/gzip' }));
      g.dispatchEvent(new g.DragEvent('dragenter', { dataTransfer: dt, bubbles: true }));
      g.dispatchEvent(new g.DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      g.__dt = dt;
    }, { b64: bytes.toString('base64'), name: 'dropped_B.seq.gz' });
    await page.getByTestId('file-drop').waitFor();
    await page.screenshot({ path: join(SHOTS, 'data-drop.png') });
    await page.evaluate(() => {
      const g = globalThis as any;
      g.dispatchEvent(new g.DragEvent('drop', { dataTransfer: g.__dt, bubbles: true, cancelable: true }));
    });
    await page.getByTestId('import-wizard').waitFor({ timeout: 15_000 });
    const saved = join(dataDir, 'uploads', 'dropped_B.seq.gz');
    await expect.poll(() => existsSync(saved)).toBe(true);
    expect(readFileSync(saved).equals(bytes)).toBe(true);
    expect(await page.getByTestId('import-positives').inputValue()).toBe(saved);
    await expect.poll(() => page.getByTestId('inspect-summary').textContent()).toMatch(/DeepBind table detected/);
    expect(errors).toEqual([]);
  });
});
