// Syntax, Variants and Design explain themselves, end to end in Chromium (browser mode): every
// labelled control, caption and table column on the three screens carries an ⓘ (Instances and the
// Syntax explorer, the variant form, metrics and ranked table, the design form, palette, canvas,
// designs table and batch form), tooltips read from the glossary, every screen ends with a "Next:"
// line, and the design canvas saves as a picture: PNG (magic bytes, 2× size) and SVG (well formed,
// the motifs' family names, the model and vendor lanes). The project is seeded through its file: the
// hand-set GATA/TAL1 model, its motifs named by family, instance calls, a syntax analysis and a
// scored VCF (jobs started through the API and waited for, so no UI races a job). Screenshots of the
// three screens at 1440×900 and 1280×720: docs/screenshots/explain-{syntax,syntax-explorer,variants,design}-*.png.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Locator, Page } from 'playwright-core';
import { chromiumAvailable, SHOTS, type ServerProc, openSession, closeSession, createProjectInUi, apiCall } from './harness';
import { seedGrammarProject } from '../unit/grammar/seed';
import { decode } from '../../src/core/seq/alphabet';
import { getSequences } from '../../src/core/data/store';

const haveChromium = chromiumAvailable();
if (!haveChromium) console.warn('SKIPPED: Chromium not found at /usr/bin/chromium (install Debian package chromium)');

// Words that explain themselves: a free-text name, the variant's own id, the zoom slider, a sort order.
const PLAIN = new Set(['Name', 'variant', 'zoom', 'Sort by']);
const GATA = 'GATA-type zinc fingers (GATA1, GATA2)';
const TAL1 = 'bHLH (TAL1::TCF3)';

describe.skipIf(!haveChromium)('Syntax, Variants and Design explain themselves', () => {
  let dataDir: string, tmp: string;
  let server: ServerProc;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const invoke = (name: string, input: unknown = {}) => apiCall(server, name, input);
  const waitJob = async (id: string) => {
    await expect.poll(async () => {
      const j = await invoke('jobs.get', { id });
      if (j.state === 'failed' || j.state === 'cancelled') throw new Error(`job ${j.title} ${j.state}: ${j.error}`);
      return j.state;
    }, { timeout: 120_000, interval: 300 }).toBe('done');
    return invoke('jobs.get', { id });
  };
  /**
   * Every visible label, caption (.cap) and table header inside `root` with text and no ⓘ — the
   * controls a first-time user would have to guess. Options of an explained control (.opt) aside.
   */
  const unexplained = (root: Locator) =>
    // (runs in the page: DOM values, typed loosely as the Node test config has no DOM library)
    root.evaluate((el: any, plain: string[]) => {
      const out: string[] = [];
      for (const e of Array.from(el.querySelectorAll('label:not(.opt), th, .cap')) as any[]) {
        if (!e.getClientRects().length) continue;
        const c = e.cloneNode(true);
        c.querySelectorAll('.info, select, option').forEach((i: { remove(): void }) => i.remove());
        const text = (c.textContent ?? '').replace(/\s+/g, ' ').trim();
        if (!text || plain.includes(text) || e.querySelector('.info')) continue;
        out.push(text);
      }
      return out;
    }, [...PLAIN]);
  /** How many labels, captions and headers `unexplained` looked at (so an empty result means something). */
  const labelled = (root: Locator) => root.locator('label:visible, th:visible, .cap:visible').count();
  const tip = async (info: Locator, re: RegExp) => {
    await info.scrollIntoViewIfNeeded();
    await info.hover();
    await expect.poll(() => page.getByTestId('info-tip').textContent()).toMatch(re);
    await page.mouse.move(5, 5);
    await expect.poll(() => page.getByTestId('info-tip').count()).toBe(0);
  };
  const download = async (button: Locator): Promise<{ path: string; name: string }> => {
    const [dl] = await Promise.all([page.waitForEvent('download'), button.click()]);
    const path = join(dataDir, `dl-${Date.now()}-${dl.suggestedFilename()}`);
    await dl.saveAs(path);
    return { path, name: dl.suggestedFilename() };
  };
  /** The three screens at both window sizes, top of the screen (the app scrolls inside its main pane). */
  const shots = async (screen: string) => {
    for (const [w, h] of [[1440, 900], [1280, 720]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.locator('main.main').evaluate((m) => m.scrollTo(0, 0));
      await page.waitForTimeout(300); // let the charts redraw at the new size (a picture, not a state)
      await page.screenshot({ path: join(SHOTS, `explain-${screen}-${w}.png`) });
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  };

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'cisgram-e2e-explain-screens-'));
    ({ dataDir, server, browser, page, errors } = await openSession('explain-screens', { viewport: { width: 1440, height: 900 } }));
  }, 60_000);
  afterAll(() => closeSession(browser, server));

  it('seeds a project: hand-set GATA/TAL1 model, motifs named by family, instance calls, a syntax analysis, a scored VCF', async () => {
    await page.goto(server.url);
    await createProjectInUi(page, 'Explained screens');
    const { path } = await invoke('projects.current');
    const db = new Database(path);
    db.pragma('foreign_keys = ON');
    const ids = await seedGrammarProject(db);
    const t = db.prepare("SELECT seq_idx, start, end FROM dataset_truth WHERE dataset_id = ? AND role = 'signal' ORDER BY seq_idx LIMIT 1").get(ids.datasetId) as { seq_idx: number; start: number; end: number };
    const chr = decode(getSequences(db, ids.datasetId, [t.seq_idx]).get(t.seq_idx)!);
    db.close();
    writeFileSync(join(tmp, 'genome.fa'), `>chrS\n${chr}${chr}\n`);
    const rows: string[] = [];
    for (let p = t.start; p < t.end; p += 2) rows.push(`chrS\t${p + 1}\tsite${p}\t${chr[p]}\t${chr[p] === 'A' ? 'C' : 'A'}\t.\tPASS\tEFFECT=1`);
    for (const p of [230, 260, 300, 340]) rows.push(`chrS\t${p + 1}\tbg${p}\t${chr[p - 200]}\t${chr[p - 200] === 'A' ? 'G' : 'A'}\t.\tPASS\tEFFECT=0`);
    writeFileSync(join(tmp, 'variants.vcf'), `##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n${rows.join('\n')}\n`);

    await waitJob((await invoke('motifs.extract', { runId: ids.runId, maxSequences: 400 })).id);
    // the two motifs named by their TF family (as the Motifs screen names them from JASPAR), passing
    const w = new Database(path);
    w.pragma('busy_timeout = 10000');
    const ms = w.prepare('SELECT id, filter_index, rc_twin FROM motifs WHERE run_id = ? ORDER BY filter_index').all(ids.runId) as { id: number; filter_index: number; rc_twin: number | null }[];
    const reps = ms.filter((m) => m.rc_twin === null || m.rc_twin > m.filter_index);
    expect(reps.length).toBeGreaterThanOrEqual(2);
    w.prepare('UPDATE motifs SET passes = 1, user_name = ? WHERE id = ?').run(GATA, reps[0].id);
    w.prepare('UPDATE motifs SET passes = 1, user_name = ? WHERE id = ?').run(TAL1, reps[1].id);
    w.close();

    const inst = await waitJob((await invoke('grammar.instances.start', { runId: ids.runId, datasetId: ids.datasetId })).id);
    const setId = (inst.result as { setId: number }).setId;
    await waitJob((await invoke('grammar.syntax.start', { setId })).id);
    const rules = await invoke('grammar.rules.list', { runId: ids.runId });
    expect(rules.length).toBeGreaterThan(0);
    await invoke('grammar.rules.save', { id: rules[0].id, saved: true });
    const vs = await invoke('variants.start', { runId: ids.runId, name: 'GATA site variants', source: { kind: 'vcf', vcfPath: join(tmp, 'variants.vcf'), genomePath: join(tmp, 'genome.fa') }, labelField: 'EFFECT', window: 200, bothStrands: true, maxMismatch: 0.05, baseline: null });
    await waitJob(vs.id);
  }, 240_000);

  it('Syntax: ⓘ on every control and column of Instances and the Syntax explorer; tooltips; a "Next:" line', async () => {
    await page.goto(server.url);
    await page.getByTestId('nav-syntax').click();
    await page.getByTestId('inst-table').waitFor();
    await expect.poll(() => page.locator('[data-testid="inst-table"] tbody tr').count()).toBeGreaterThan(0);
    await page.locator('[data-testid="inst-table"] tbody tr').first().click();
    await page.getByTestId('track').waitFor();
    const view = page.getByTestId('view-syntax');
    expect(await labelled(view)).toBeGreaterThan(15);
    expect(await unexplained(view)).toEqual([]);
    await tip(view.getByTestId('info-attention-threshold').first(), /Attention threshold.*most-attended position/);
    await tip(page.getByTestId('inst-table').getByTestId('info-strand'), /reverse complement/);
    expect(await page.getByTestId('next-step').textContent()).toMatch(/Next:.*Syntax explorer/);
    await shots('syntax');

    await page.getByTestId('tab-explorer').click();
    await page.getByTestId('syn-rules').waitFor();
    await expect.poll(() => page.locator('[data-testid="syn-rules"] tbody tr td button.star').count()).toBeGreaterThan(0);
    await page.getByTestId('syn-pair').waitFor();
    expect(await labelled(view)).toBeGreaterThan(12);
    expect(await unexplained(view)).toEqual([]);
    for (const term of ['saved-rule', 'motif', 'orientation', 'spacing', 'enrichment', 'support', 'p-value', 'head']) expect(await page.getByTestId('syn-rules').getByTestId(`info-${term}`).count(), term).toBeGreaterThan(0);
    await tip(view.getByTestId('info-syntax-control'), /shuffled copies of the bound ones/);
    expect(await page.getByTestId('next-step').textContent()).toMatch(/Next:.*star.*Design canvas/);
    await shots('syntax-explorer');
  }, 90_000);

  it('Variants: ⓘ on every control, metric and column; tooltips; a "Next:" line', async () => {
    await page.getByTestId('nav-variants').click();
    await page.getByTestId('var-table').waitFor();
    await page.getByTestId('var-metrics').waitFor();
    await page.getByTestId('track-ref').waitFor();
    const view = page.getByTestId('view-variants');
    expect(await labelled(view)).toBeGreaterThan(20);
    expect(await unexplained(view)).toEqual([]);
    for (const term of ['variant-label', 'sign-accuracy', 'auroc', 'auprc', 'pearson', 'spearman']) expect(await page.getByTestId('var-metrics').getByTestId(`info-${term}`).count(), term).toBe(1);
    await tip(page.getByTestId('var-metrics').getByTestId('info-sign-accuracy'), /direction.*0\.5 = guessing/);
    await tip(view.getByTestId('info-ref-mismatch').first(), /another genome build/);
    expect(await page.getByTestId('next-step').textContent()).toMatch(/Next:.*large Δ/);
    await shots('variants');
    // a search that finds nothing says so, and how to search
    const search = page.getByPlaceholder('search name or chromosome');
    const nRows = await page.locator('[data-testid="var-table"] tbody tr').count();
    expect(nRows).toBeGreaterThan(3);
    await search.fill('no-such-variant');
    await expect.poll(() => page.getByTestId('var-none').textContent()).toMatch(/No variant matches “no-such-variant” — search a variant name or a chromosome/);
    await search.fill('');
    await expect.poll(() => page.locator('[data-testid="var-table"] tbody tr').count()).toBe(nRows);
    // the paired-FASTA form explains itself too
    await page.getByTestId('var-kind-fasta').click();
    await page.getByTestId('var-ref').waitFor();
    expect(await unexplained(view)).toEqual([]);
    expect(await view.getByTestId('info-paired-fasta').count()).toBeGreaterThan(0);
    await page.getByTestId('var-kind-vcf').click();
  }, 60_000);

  it('Design: ⓘ on every control and column; the design saves as PNG and SVG with the motif names and the vendor lane', async () => {
    await page.getByTestId('nav-design').click();
    await page.getByTestId('design-create').waitFor();
    expect(await page.getByTestId('next-step').textContent()).toMatch(/Next:.*start a design/);
    await page.getByTestId('design-create').click();
    await page.getByTestId('design-canvas').waitFor();
    await page.getByTestId(`palette-add-${GATA}`).click();
    await page.getByTestId('design-ins-0').waitFor();
    await page.getByTestId(`palette-add-${TAL1}`).click();
    await page.getByTestId('design-ins-1').waitFor();
    await page.getByTestId('design-ins-0').click();
    await expect.poll(() => page.getByTestId('design-selection').textContent()).toMatch(/GATA-type/);
    const view = page.getByTestId('view-design');
    expect(await labelled(view)).toBeGreaterThan(15);
    expect(await unexplained(view)).toEqual([]);
    for (const term of ['design-score', 'vendor-profile', 'instance', 'rule']) expect(await view.getByTestId(`info-${term}`).count(), term).toBeGreaterThan(0);
    for (const term of ['design-canvas', 'contribution', 'motif-bases', 'strand', 'clean-below']) expect(await view.getByTestId(`info-${term}`).count(), term).toBeGreaterThan(0);
    await tip(view.getByTestId('info-clean-below').first(), /Clean below.*redrawn/);
    expect(await page.getByTestId('next-step').textContent()).toMatch(/Next:.*Export/);
    await shots('design');

    // the design as a picture
    const png = await download(page.getByTestId('design-save-png'));
    expect(png.name).toMatch(/^design-.*\.png$/);
    const bytes = readFileSync(png.path);
    expect(statSync(png.path).size).toBeGreaterThan(5000);
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(bytes.readUInt32BE(16)).toBe(2000); // IHDR width: the 1000-px picture at 2×
    copyFileSync(png.path, join(SHOTS, 'explain-design-picture.png')); // for docs/design.md
    const svgFile = await download(page.getByTestId('design-save-svg'));
    expect(svgFile.name).toMatch(/^design-.*\.svg$/);
    const svg = readFileSync(svgFile.path, 'utf8');
    // the browser's own XML parser: a malformed file gives a <parsererror>
    const parsed = await page.evaluate((s: string) => {
      const doc = new (globalThis as any).DOMParser().parseFromString(s, 'image/svg+xml');
      return { errors: doc.getElementsByTagName('parsererror').length as number, root: doc.documentElement.nodeName as string, texts: (Array.from(doc.querySelectorAll('text')) as { textContent: string | null }[]).map((t) => t.textContent ?? '') };
    }, svg);
    expect(parsed.errors).toBe(0);
    expect(parsed.root).toBe('svg');
    const design = (await invoke('design.list', { limit: 1, sort: 'created' })).rows[0];
    expect(parsed.texts).toEqual(expect.arrayContaining([design.name, GATA, TAL1, 'seq', 'model', 'vendor']));
    expect(parsed.texts.some((t) => /passes the vendor profile|GC|base run|repeat|site|length/.test(t))).toBe(true);
    expect(parsed.texts.filter((t) => t.startsWith(`${GATA} — 1 placed`)).length).toBe(1);

    // the designs table and the batch form
    await page.getByTestId('design-table').scrollIntoViewIfNeeded();
    expect(await unexplained(page.getByTestId('design-table'))).toEqual([]);
    expect(await page.getByTestId('design-table').locator('thead th .info').count()).toBeGreaterThanOrEqual(7);
    await page.getByTestId('tab-batch').click();
    await page.getByTestId('design-batch').waitFor();
    expect(await labelled(page.getByTestId('design-batch'))).toBeGreaterThan(8);
    expect(await unexplained(view)).toEqual([]);
    await tip(page.getByTestId('design-batch').getByTestId('info-batch-controls'), /background alone, each motif alone/);
    await page.getByTestId('design-batch').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'explain-design-batch-1440.png') });
    expect(errors).toEqual([]);
  }, 90_000);
});
