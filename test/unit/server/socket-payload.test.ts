// The event socket only sends; a client message larger than a few KB (it is never read) closes the
// socket with 1009 "message too big" instead of being buffered, and the server keeps serving.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { CisgramService } from '../../../src/core/app/service';
import { startServer, type RunningServer } from '../../../src/server/server';

process.env.CISGRAM_ENGINE = 'none';
let service: CisgramService;
let server: RunningServer;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cisgram-ws-'));
  mkdirSync(join(dir, 'static'));
  writeFileSync(join(dir, 'static', 'index.html'), '<!doctype html><title>Cisgram</title>');
  service = new CisgramService({ dataDir: join(dir, 'data'), mode: 'browser' });
  server = await startServer({ service, staticDir: join(dir, 'static') });
});
afterAll(async () => {
  await server.close();
  await service.dispose();
});

const open = () =>
  new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events`, { headers: { authorization: `Bearer ${server.token}` } });
    ws.on('open', () => resolve(ws));
    ws.on('error', reject);
  });

describe('event socket payload limit', () => {
  it('closes on a 1 MB message with 1009; a tiny one is ignored and the socket stays open', async () => {
    const small = await open();
    small.send('ping');
    await new Promise((r) => setTimeout(r, 100));
    expect(small.readyState).toBe(WebSocket.OPEN);
    small.close();

    const big = await open();
    const code = await new Promise<number>((resolve) => {
      big.on('close', (c) => resolve(c));
      big.on('error', () => undefined);
      big.send(Buffer.alloc(1024 * 1024, 0x61));
    });
    expect(code).toBe(1009);
    const again = await open(); // the server is fine
    expect(again.readyState).toBe(WebSocket.OPEN);
    again.close();
  });
});
