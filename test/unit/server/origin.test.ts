// The browser-mode server refuses API calls and the event socket from other local pages (another
// port of 127.0.0.1 is another origin but the same "site", so the cookie alone would be sent), and
// answers malformed addresses with 400, never 500.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { WebSocket } from 'ws';
import { CisgramService } from '../../../src/core/app/service';
import { startServer, type RunningServer } from '../../../src/server/server';

process.env.CISGRAM_ENGINE = 'none';
let service: CisgramService;
let server: RunningServer;
let cookie: string;
let own: string;
let foreign: string;

interface Res {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function http(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const invoke = (headers: Record<string, string>, body = '{}') => http('POST', '/api/invoke/projects.list', headers, body);

function socket(headers: Record<string, string>, origin?: string): Promise<'open' | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events`, { headers, ...(origin ? { origin } : {}) });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(0));
  });
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cisgram-origin-'));
  const staticDir = join(dir, 'static');
  (await import('node:fs')).mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Cisgram</title>');
  service = new CisgramService({ dataDir: join(dir, 'data'), mode: 'browser' });
  server = await startServer({ service, staticDir });
  own = `http://127.0.0.1:${server.port}`;
  foreign = `http://127.0.0.1:${server.port === 65535 ? 65534 : server.port + 1}`;
  const first = await http('GET', `/?token=${server.token}`, { host: `127.0.0.1:${server.port}` });
  const set = String(first.headers['set-cookie']);
  cookie = set.split(';')[0];
});
afterAll(async () => {
  await server.close();
  await service.dispose();
});

describe('browser-mode origin checks', () => {
  it('scopes the token cookie: per port name, HttpOnly, SameSite=Strict, Path=/', async () => {
    const first = await http('GET', `/?token=${server.token}`, {});
    const set = String(first.headers['set-cookie']);
    expect(set).toMatch(new RegExp(`^cisgram_token_${server.port}=`));
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    expect(set).toMatch(/Path=\//);
    // The first visit is redirected to the bare address: the token leaves the address bar and history.
    expect(first.status).toBe(302);
    expect(String(first.headers.location)).toBe('/');
  });

  it('answers a page of its own origin', async () => {
    const r = await invoke({ cookie, origin: own, 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).ok).toBe(true);
    const viaLocalhost = await invoke({ cookie, origin: `http://localhost:${server.port}`, 'content-type': 'application/json' });
    expect(viaLocalhost.status).toBe(200);
  });

  it('refuses a page from another port of 127.0.0.1, even with the cookie', async () => {
    const r = await invoke({ cookie, origin: foreign, 'content-type': 'application/json', 'sec-fetch-site': 'same-site' });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).error.message).toMatch(/origin/i);
    const other = await http('POST', '/api/invoke/projects.create', { cookie, origin: 'http://evil.example', 'content-type': 'application/json' }, '{"name":"pwned"}');
    expect(other.status).toBe(403);
    expect(service.project).toBeNull();
  });

  it('refuses a form or text/plain post (what a foreign page can send without a preflight)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const r = await invoke({ cookie, origin: own, 'content-type': type });
      expect(r.status, type).toBe(415);
    }
    const none = await invoke({ cookie, origin: own });
    expect(none.status).toBe(415);
  });

  it('refuses a cookie-only request without Origin; a Bearer client without Origin is fine', async () => {
    expect((await invoke({ cookie, 'content-type': 'application/json' })).status).toBe(403);
    expect((await invoke({ authorization: `Bearer ${server.token}`, 'content-type': 'application/json' })).status).toBe(200);
    expect((await invoke({ authorization: `Bearer ${server.token}`, origin: foreign, 'content-type': 'application/json' })).status).toBe(403);
  });

  it('refuses the event socket to a foreign origin and opens it to its own', async () => {
    expect(await socket({ cookie }, foreign)).toBe(403);
    expect(await socket({ cookie }, 'null')).toBe(403);
    expect(await socket({ cookie })).toBe(403); // no Origin and no Bearer: not a browser page of ours
    expect(await socket({ cookie }, own)).toBe('open');
    expect(await socket({ authorization: `Bearer ${server.token}` })).toBe('open');
  });

  it('does not let another page embed or fetch its files, but a link to it still works', async () => {
    const sub = await http('GET', '/', { cookie, 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'no-cors' });
    expect(sub.status).toBe(403);
    const nav = await http('GET', '/', { cookie, 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'navigate' });
    expect(nav.status).toBe(200);
  });
});

describe('malformed addresses', () => {
  it('a lone % in the address is a 400, not an internal error', async () => {
    const page = await http('GET', '/assets/%', { cookie });
    expect(page.status).toBe(400);
    const api = await http('POST', '/api/invoke/projects.%', { cookie, origin: own, 'content-type': 'application/json' }, '{}');
    expect(api.status).toBe(400);
    expect(JSON.parse(api.body).error.code).toBe('invalid_input');
  });
});
