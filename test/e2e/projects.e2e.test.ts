// The foundation end to end, in Chromium through browser mode: create a project, see it listed,
// rename it, restart the server, reopen it, delete it; screenshots of every main screen.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startServer, chromiumAvailable, SHOTS, type ServerProc, openSession, closeSession, createProjectInUi } from './harness';

const haveChromium = chromiumAvailable();
if (!haveChromium) console.warn('SKIPPED: Chromium not found at /usr/bin/chromium (install Debian package chromium)');

describe.skipIf(!haveChromium)('projects in the browser', () => {
  let dataDir: string;
  let server: ServerProc;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ({ dataDir, server, browser, page, errors } = await openSession('projects', { viewport: { width: 1360, height: 860 } }));
  });
  afterAll(() => closeSession(browser, server));

  it('refuses the API and the event socket without the token', async () => {
    const r = await fetch(`${server.origin}/api/invoke/projects.list`, { method: 'POST', body: '{}' });
    expect(r.status).toBe(401);
    const page2 = await fetch(`${server.origin}/`);
    expect(page2.status).toBe(401);
    const bad = await fetch(`${server.origin}/api/invoke/projects.list`, { method: 'POST', body: '{}', headers: { authorization: 'Bearer nope' } });
    expect(bad.status).toBe(401);
    const good = await fetch(`${server.origin}/api/invoke/projects.list`, { method: 'POST', body: '{}', headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' } });
    expect(good.status).toBe(200);
    const malformed = await fetch(`${server.origin}/api/invoke/projects.create`, { method: 'POST', body: '{"name": 3}', headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe('invalid_input');
  });

  it('creates a project and lists it', async () => {
    await page.goto(server.url);
    await page.getByTestId('create-name').waitFor();
    await expect.poll(() => page.getByTestId('status-backend').textContent(), { timeout: 30_000 }).toMatch(/Compute: (wasm|cpu|tensorflow)/);
    await page.screenshot({ path: join(SHOTS, 'projects-empty.png') });
    await createProjectInUi(page, 'Liver enhancers');
    await page.getByTestId('nav-projects').click();
    await page.getByTestId('recent-Liver enhancers').waitFor();
  });

  it('refuses every API call and the event socket from a page served on another port of 127.0.0.1', async () => {
    // The browser holds the token cookie now (it opened the app above); cookies are not port-scoped.
    const api = server.origin;
    const html = `<!doctype html><body><iframe name="sink"></iframe>
      <form id="f" method="post" enctype="text/plain" target="sink" action="${api}/api/invoke/projects.create"><input name='{"name":"Pwned form","x":"' value='"}'></form>
      <script>
      window.done = (async () => {
        const out = {};
        const post = (name, init) => fetch('${api}/api/invoke/' + name, { method: 'POST', credentials: 'include', ...init });
        try { out.simple = (await post('projects.create', { mode: 'no-cors', body: JSON.stringify({ name: 'Pwned simple' }) })).type; } catch (e) { out.simple = 'blocked'; }
        try { out.json = (await post('projects.create', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Pwned json' }) })).status; } catch (e) { out.json = 'blocked'; }
        try { out.list = await (await post('projects.list', { headers: { 'content-type': 'application/json' }, body: '{}' })).text(); } catch (e) { out.list = 'blocked'; }
        document.getElementById('f').submit();
        out.socket = await new Promise((ok) => {
          const ws = new WebSocket('${api.replace('http', 'ws')}/api/events');
          ws.onopen = () => ok('open');
          ws.onerror = () => ok('refused');
        });
        await new Promise((ok) => setTimeout(ok, 1000));
        return out;
      })();
      </script></body>`;
    const foreign = createHttpServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
    await new Promise<void>((ok) => foreign.listen(0, '127.0.0.1', () => ok()));
    const port = (foreign.address() as AddressInfo).port;
    // a separate browser context: the app's page was opened with browser.newPage(), whose context takes no second page
    const evilCtx = await browser.newContext();
    const evil = await evilCtx.newPage();
    try {
      await evil.goto(`http://127.0.0.1:${port}/`);
      const out = (await evil.evaluate('window.done')) as Record<string, unknown>;
      expect(out.socket).toBe('refused');
      expect(out.json).toBe('blocked'); // the CORS preflight is not answered
      expect(out.list).toBe('blocked');
    } finally {
      await evilCtx.close();
      foreign.close();
    }
    const list = await fetch(`${server.origin}/api/invoke/projects.list`, { method: 'POST', body: '{}', headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' } });
    const names = ((await list.json()) as { value: { recent: { name: string }[] } }).value.recent.map((r) => r.name);
    expect(names.some((n) => n.startsWith('Pwned'))).toBe(false);
  });

  it('shows every main screen of a new project, each saying what to do first, and the jobs panel with a running job', async () => {
    for (const s of ['data', 'train', 'motifs', 'syntax', 'variants', 'design', 'export']) {
      await page.getByTestId(`nav-${s}`).click();
      await page.getByTestId(`view-${s}`).waitFor();
      await page.waitForTimeout(300);
      // An empty project: every screen must show a heading and guidance, never a blank page.
      const text = (await page.getByTestId(`view-${s}`).innerText()).trim();
      expect(text.length).toBeGreaterThan(40);
      await page.screenshot({ path: join(SHOTS, `empty-${s}.png`) });
    }
    await page.getByTestId('status-jobs').click();
    await page.getByTestId('run-self-test').click();
    await expect.poll(() => page.getByTestId('status-jobs').textContent(), { timeout: 20_000 }).toMatch(/1 job running/);
    await page.waitForTimeout(1500);
    await page.locator('[data-testid="jobs-panel"] tbody tr').first().click();
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(SHOTS, 'jobs-panel.png') });
    await page.getByRole('button', { name: 'Cancel' }).first().click();
    await expect.poll(() => page.locator('[data-testid="jobs-panel"] td.state').first().textContent(), { timeout: 20_000 }).toBe('cancelled');
    await page.getByRole('button', { name: 'Close' }).click();
  });

  it('renames it', async () => {
    await page.getByTestId('nav-projects').click();
    await page.getByTestId('rename-Liver enhancers').click();
    await page.getByTestId('dialog-name').fill('Liver enhancers v2');
    await page.getByTestId('dialog-confirm').click();
    await page.getByTestId('recent-Liver enhancers v2').waitFor();
    expect(await page.getByTestId('current-project').textContent()).toBe('Liver enhancers v2');
    await page.screenshot({ path: join(SHOTS, 'projects.png') });
  });

  it('reopens it after a server restart', async () => {
    await server.stop();
    server = await startServer(dataDir);
    await page.goto(server.url);
    await page.getByTestId('recent-Liver enhancers v2').waitFor();
    expect(await page.getByTestId('current-project').textContent()).toBe('none open');
    await page.getByTestId('open-Liver enhancers v2').click();
    await expect.poll(() => page.getByTestId('current-project').textContent()).toBe('Liver enhancers v2');
  });

  it('refuses a file that is not a project with a clear message', async () => {
    await page.getByTestId('nav-projects').click();
    await page.getByTestId('open-path').fill(join(dataDir, 'recent.json'));
    await page.getByTestId('open-button').click();
    await expect.poll(() => page.getByTestId('toast').textContent()).toMatch(/not a Cisgram project/);
    expect(await page.getByTestId('current-project').textContent()).toBe('Liver enhancers v2');
  });

  it('saves a copy, and opens a project held by another window read-only', async () => {
    await page.getByTestId('nav-projects').click();
    await page.getByTestId('copy-Liver enhancers v2').click();
    const copy = join(dataDir, 'Sent to a colleague.cisgram');
    await page.getByTestId('dialog-name').fill(copy);
    await page.getByTestId('dialog-confirm').click();
    await expect.poll(() => page.getByTestId('toast').textContent()).toMatch(/Saved a copy/);
    expect(existsSync(copy)).toBe(true);
    expect(existsSync(`${copy}-wal`)).toBe(false);
    // Another Cisgram (a live process on this computer) holds the copy.
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      writeFileSync(`${copy}.lock`, JSON.stringify({ pid: other.pid, host: hostname(), nonce: 'e2e', openedAt: new Date().toISOString() }));
      await page.getByTestId('open-path').fill(copy);
      await page.getByTestId('open-button').click();
      await page.getByTestId('locked-offer').waitFor();
      expect(await page.getByTestId('locked-offer').textContent()).toMatch(/is open in another Cisgram window/);
      await page.screenshot({ path: join(SHOTS, 'projects-locked-offer.png') });
      await page.getByTestId('open-read-only').click();
      await page.getByTestId('read-only-badge').waitFor();
      await page.getByTestId('status-jobs').click();
      await page.getByTestId('run-self-test').click();
      await expect.poll(() => page.getByTestId('toast').textContent()).toMatch(/open read-only/);
      await page.getByRole('button', { name: 'Close' }).click();
      await page.screenshot({ path: join(SHOTS, 'projects-read-only.png') });
    } finally {
      other.kill('SIGKILL');
    }
    await page.getByTestId('nav-projects').click();
    await page.getByTestId('open-Liver enhancers v2').click();
    await expect.poll(() => page.getByTestId('read-only-badge').count()).toBe(0);
    await page.getByTestId('view-data').waitFor(); // opening moves to the Data screen
    await page.getByTestId('nav-projects').click();
    await page.getByTestId('recent-Liver enhancers v2').waitFor();
  });

  it('deletes it', async () => {
    await page.getByTestId('delete-Liver enhancers v2').click();
    await page.getByTestId('dialog-confirm').click();
    await page.getByTestId('no-projects').waitFor();
    expect(existsSync(join(dataDir, 'projects', 'Liver enhancers v2.cisgram'))).toBe(false);
    expect(await page.getByTestId('current-project').textContent()).toBe('none open');
    expect(errors).toEqual([]);
  });
});
