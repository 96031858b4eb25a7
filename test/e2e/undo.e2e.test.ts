// Undo and redo on the design canvas, in Chromium through browser mode: a project seeded with a
// hand-built model (test/unit/design/seed.ts: no training, so this stays fast), a design started
// in the app, a motif added; Ctrl+Z takes it off the canvas, Shift+Ctrl+Z puts it back, the Undo
// and Redo buttons do the same and name the step; undoing the design's creation closes it, and a
// run renamed on the Train screen is renamed back by Ctrl+Z there. No console error.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, SHOTS, type ServerProc, openSession, closeSession } from './harness';
import { seedProject, MOTIF_A, type Seeded } from '../unit/design/seed';

const haveChromium = chromiumAvailable();
if (!haveChromium) console.warn('SKIPPED: Chromium not found at /usr/bin/chromium (install Debian package chromium)');

describe.skipIf(!haveChromium)('undo and redo in the browser', () => {
  let server: ServerProc;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let seed: Seeded;

  const api = async (name: string, input: unknown = {}): Promise<any> => {
    const r = await fetch(`${server.origin}/api/invoke/${name}`, { method: 'POST', body: JSON.stringify(input), headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' } });
    const j = (await r.json()) as any;
    if (!j.ok) throw new Error(`${name}: ${j.error.message}`);
    return j.value;
  };
  const insertions = () => page.locator('[data-testid^="design-ins-"]').count();

  beforeAll(async () => {
    ({ server, browser, page, errors } = await openSession('undo', { viewport: { width: 1440, height: 900 } }));
    // A refused command in the page is printed (it would explain a failure below).
    page.on('response', async (r) => {
      if (!r.url().includes('/api/invoke/')) return;
      const body = await r.text().catch(() => '');
      if (r.status() >= 400 || body.startsWith('{"ok":false')) console.log('REFUSED', r.url().replace(/\?.*/, ''), body.slice(0, 300));
    });
    const p = await api('projects.create', { name: 'Undo demo' });
    const db = new Database(p.path);
    db.pragma('busy_timeout = 10000');
    db.pragma('foreign_keys = ON');
    seed = await seedProject(db);
    db.close();
  }, 60_000);
  afterAll(() => closeSession(browser, server));

  it('Ctrl+Z and Shift+Ctrl+Z take a placed motif off the canvas and put it back', async () => {
    await page.goto(server.url);
    await page.getByTestId('nav-design').click();
    await page.getByTestId('view-design').waitFor();
    await page.getByTestId('design-bg-source').selectOption('sampled');
    await page.getByTestId('design-create').click();
    await page.getByTestId('design-canvas').waitFor({ timeout: 90_000 });
    await expect.poll(() => page.getByTestId('undo').getAttribute('title')).toMatch(/Undo new design/);
    await page.getByTestId(`palette-add-${MOTIF_A.name}`).click();
    await page.getByTestId('design-ins-0').waitFor({ timeout: 90_000 });
    await expect.poll(() => page.getByTestId('undo').getAttribute('title')).toMatch(/Undo place motif/);
    // The start is clean for the model; the placed motif shows what it added and what removing it would take.
    await expect.poll(() => page.getByTestId('design-start').textContent()).toMatch(/Starting score \d+\.\d% — clean for the model: below 20\.0% with no instance call/);
    await expect.poll(() => page.getByTestId('design-contrib-0').textContent(), { timeout: 60_000 }).toMatch(/^\+\d+\.\d placed · −\d+\.\d if removed$/);
    await page.screenshot({ path: join(SHOTS, 'design-contributions.png') });

    await page.locator('h1').first().click(); // focus outside any text field
    await page.keyboard.press('Control+z');
    await expect.poll(insertions).toBe(0);
    await expect.poll(() => page.getByTestId('redo').getAttribute('title')).toMatch(/Redo place motif/);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(insertions).toBe(1);

    await page.getByTestId('undo').click();
    await expect.poll(insertions).toBe(0);
    await page.getByTestId('redo').click();
    await expect.poll(insertions).toBe(1);
    await page.getByTestId('toast').waitFor();
    await page.screenshot({ path: join(SHOTS, 'design-undo.png') });

    // Undoing the design's creation closes it; redo brings it back in the list.
    await page.keyboard.press('Control+z');
    await expect.poll(insertions).toBe(0);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('design-canvas').count()).toBe(0);
    expect((await api('design.list', {})).total).toBe(0);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(async () => (await api('design.list', {})).total).toBe(1);
  });

  it('Ctrl+Z on the Train screen renames a run back', async () => {
    await api('train.rename', { runId: seed.runId, name: 'Renamed by mistake' });
    await page.getByTestId('nav-train').click();
    await expect.poll(() => page.locator('body').textContent()).toMatch(/Renamed by mistake/);
    await page.locator('h1').first().click();
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('body').textContent()).not.toMatch(/Renamed by mistake/);
    expect((await api('train.runs', {})).map((r: any) => r.name)).toContain('Hand model');
    expect(errors).toEqual([]);
  });
});
