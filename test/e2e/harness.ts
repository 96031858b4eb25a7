// End-to-end harness: starts the built browser-mode server as a real process and drives Debian's
// Chromium with playwright-core.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { expect } from 'vitest';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const OUT = process.env.CISGRAM_OUT ?? 'out';
export const SHOTS = join(ROOT, 'docs', 'screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ServerProc {
  url: string;
  origin: string;
  token: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

export async function startServer(dataDir: string, env: Record<string, string> = {}): Promise<ServerProc> {
  const script = join(ROOT, OUT, 'main/server.js');
  if (!existsSync(script)) throw new Error(`${OUT}/main/server.js is missing: run "npm run build" first (npm test does).`);
  const proc = spawn(process.execPath, [script, '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 30_000);
    const onData = (d: Buffer) => {
      log += d.toString();
      const m = /CISGRAM_URL=(\S+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    proc.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${log}`)));
  });
  const u = new URL(url);
  return {
    url,
    origin: u.origin,
    token: u.searchParams.get('token')!,
    proc,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
        setTimeout(() => proc.kill('SIGKILL'), 5000);
      }),
  };
}

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/** Collects page errors so a test can assert the renderer stayed healthy. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    // The event socket reconnects by design while a server restarts; those attempts are not errors of the app.
    if (m.type() === 'error' && !/favicon|WebSocket connection to/.test(m.text())) errors.push(m.text());
  });
  return errors;
}

/** One e2e file's world: its own data folder, a browser-mode server, Chromium and one page. */
export interface Session {
  dataDir: string;
  server: ServerProc;
  browser: Browser;
  page: Page;
  errors: string[];
}

export async function openSession(
  name: string,
  opts: { env?: Record<string, string>; viewport?: { width: number; height: number } } = {},
): Promise<Session> {
  const dataDir = mkdtempSync(join(tmpdir(), `cisgram-e2e-${name}-`));
  mkdirSync(SHOTS, { recursive: true });
  const server = await startServer(dataDir, opts.env);
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: opts.viewport ?? { width: 1360, height: 900 } });
  return { dataDir, server, browser, page, errors: watchErrors(page) };
}

export async function closeSession(browser?: Browser, server?: ServerProc): Promise<void> {
  await browser?.close();
  await server?.stop();
}

/** Creates a project from the Projects screen and waits until it is the open one. */
export async function createProjectInUi(page: Page, name: string): Promise<void> {
  await page.getByTestId('create-name').waitFor();
  await page.getByTestId('create-name').fill(name);
  await page.getByTestId('create-button').click();
  await expect.poll(() => page.getByTestId('current-project').textContent()).toBe(name);
}

/** A tall screenshot (the app scrolls inside its main pane, not the page), then back to 900 px. */
export async function tallShot(page: Page, file: string, height: number): Promise<void> {
  const width = page.viewportSize()?.width ?? 1360;
  await page.setViewportSize({ width, height });
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(SHOTS, file) });
  await page.setViewportSize({ width, height: 900 });
}

/** The raw reply of one API command, as the renderer gets it in browser mode (POST /api/invoke/<name>). */
export async function apiReply(server: ServerProc, name: string, input: unknown = {}): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = await fetch(`${server.origin}/api/invoke/${name}`, { method: 'POST', body: JSON.stringify(input), headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' } });
  return r.json();
}

/** One API command's value; a refusal throws with the command's name and message. */
export async function apiCall(server: ServerProc, name: string, input: unknown = {}): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const body = (await apiReply(server, name, input)) as { ok: boolean; value?: unknown; error?: { message: string } };
  if (!body.ok) throw new Error(`${name}: ${body.error!.message}`);
  return body.value;
}
