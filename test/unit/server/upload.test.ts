// Browser mode's drop target (POST /api/upload): a dropped file is saved byte for byte into the
// data folder's uploads/ under a safe, unused name; other sites cannot send one (Origin check,
// octet-stream only); nothing half-written is left.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { CisgramService } from '../../../src/core/app/service';
import { startServer, type RunningServer } from '../../../src/server/server';
import { safeUploadName } from '../../../src/server/upload';

process.env.CISGRAM_ENGINE = 'none';
let service: CisgramService;
let server: RunningServer;
let dataDir: string;

function post(path: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, method: 'POST', path, headers: { host: `127.0.0.1:${server.port}`, ...headers } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cisgram-upload-'));
  mkdirSync(join(dir, 'static'));
  writeFileSync(join(dir, 'static', 'index.html'), '<!doctype html>');
  dataDir = join(dir, 'data');
  service = new CisgramService({ dataDir, mode: 'browser' });
  server = await startServer({ service, staticDir: join(dir, 'static') });
});
afterAll(async () => {
  await server?.close?.();
  await service?.dispose();
});

describe('upload of a dropped file', () => {
  const auth = () => ({ authorization: `Bearer ${server.token}` });
  it('saves the bytes under uploads/, never overwriting', async () => {
    const bytes = Buffer.from([0x1f, 0x8b, 0, 1, 2, 3, 255, 10, 13]);
    const r1 = await post('/api/upload?name=GABPA_AC.seq.gz', { ...auth(), 'content-type': 'application/octet-stream' }, bytes);
    expect(r1.status).toBe(200);
    const v1 = JSON.parse(r1.body).value;
    expect(v1.path).toBe(join(dataDir, 'uploads', 'GABPA_AC.seq.gz'));
    expect(readFileSync(v1.path).equals(bytes)).toBe(true);
    const r2 = await post('/api/upload?name=GABPA_AC.seq.gz', { ...auth(), 'content-type': 'application/octet-stream' }, Buffer.from('x'));
    expect(JSON.parse(r2.body).value.name).toBe('GABPA_AC (2).seq.gz');
    expect(readFileSync(v1.path).equals(bytes)).toBe(true);
    expect(readdirSync(join(dataDir, 'uploads')).some((f) => f.includes('.part-'))).toBe(false);
  });
  it('refuses another site, another content type, and makes names safe', async () => {
    const foreign = await post('/api/upload?name=a.fa', { ...auth(), 'content-type': 'application/octet-stream', origin: 'http://evil.example' }, Buffer.from('>a\nACGT\n'));
    expect(foreign.status).toBe(403);
    const form = await post('/api/upload?name=a.fa', { ...auth(), 'content-type': 'text/plain' }, Buffer.from('>a\nACGT\n'));
    expect(form.status).toBe(415);
    expect(safeUploadName('../../etc/passwd')).toBe('passwd');
    expect(safeUploadName('C:\\Users\\me\\peaks 1.bed')).toBe('peaks 1.bed');
    expect(safeUploadName('...')).toBe('upload');
  });
});
