// Browser mode: serves the built renderer and the same API over HTTP + WebSocket, on 127.0.0.1
// only, behind a random per-start token (cookie after the first visit, or a Bearer header). The API
// and its socket also demand our own Origin (see ./guard.ts): other local pages cannot drive it.
import { receiveUpload } from './upload';
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { CisgramService } from '../core/app/service';
import { dispatch } from '../core/app/dispatch';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';
import { checkApiCaller, checkJsonBody, checkStaticCaller } from './guard';

export interface ServerOptions {
  service: CisgramService;
  /** Folder of the built renderer (index.html + assets). */
  staticDir: string;
  port?: number;
  token?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  server: Server;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};
const MAX_BODY = 16 * 1024 * 1024;
/** One cookie name per port: cookies are not isolated by port, two Cisgram servers must not clobber each other's. */
const cookieName = (port: number) => `cisgram_token_${port}`;

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** decodeURIComponent that answers null for malformed percent-encoding (a lone `%`) instead of throwing. */
function decoded(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

function tokenOf(req: IncomingMessage, url: URL, port: number): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7);
  // A token in the address wins over an old cookie (the server restarted with a new token).
  const inUrl = url.searchParams.get('token');
  if (inUrl) return inUrl;
  const name = cookieName(port);
  const cookie = req.headers.cookie?.split(';').map((c) => c.trim()).find((c) => c.startsWith(`${name}=`));
  return cookie ? decoded(cookie.slice(name.length + 1)) : null;
}

function send(res: ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8', headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': type,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw new Error('request body too large');
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

// Transport-level failures get HTTP statuses; a command that ran and refused (bad project, conflict…)
// is a normal reply with ok:false.
const STATUS: Record<string, number> = { invalid_input: 400, unknown_command: 404, unauthorized: 401 };

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const staticRoot = resolve(opts.staticDir);
  let port = 0;

  const allowedHost = (host: string | undefined) => host === `127.0.0.1:${port}` || host === `localhost:${port}`;

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
      // Guard against DNS rebinding: only our own loopback host names are served.
      if (!allowedHost(req.headers.host)) return send(res, 403, 'Forbidden host');
      const given = tokenOf(req, url, port);
      if (!given || !sameToken(given, token)) return send(res, 401, 'Unauthorized: open the address Cisgram printed when it started (it carries the access token).');

      if (url.searchParams.has('token') && req.method === 'GET' && !url.pathname.startsWith('/api/')) {
        // First visit: keep the token in an HttpOnly cookie and drop it from the address bar.
        return send(res, 302, '', 'text/plain', {
          location: url.pathname,
          // As tight as a cookie can be on plain-HTTP loopback (no Secure, no port scoping): the
          // Origin checks below are what keep other local pages out.
          'set-cookie': `${cookieName(port)}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
        });
      }

      if (url.pathname.startsWith('/api/invoke/')) {
        if (req.method !== 'POST') return send(res, 405, 'Use POST');
        const refused = checkApiCaller(req, port) ?? checkJsonBody(req);
        if (refused) return send(res, refused.status, JSON.stringify({ ok: false, error: { code: 'unauthorized', message: refused.message } }), 'application/json');
        const name = decoded(url.pathname.slice('/api/invoke/'.length));
        if (name === null) return send(res, 400, JSON.stringify({ ok: false, error: { code: 'invalid_input', message: 'The command name in the address is not valid percent-encoding.' } }), 'application/json');
        let input: unknown;
        try {
          const body = await readBody(req);
          input = body ? JSON.parse(body) : {};
        } catch (e) {
          return send(res, 400, JSON.stringify({ ok: false, error: { code: 'invalid_input', message: `The request body is not valid JSON: ${(e as Error).message}` } }), 'application/json');
        }
        const reply = await dispatch(opts.service, name, input);
        return send(res, reply.ok ? 200 : (STATUS[reply.error.code] ?? 200), JSON.stringify(reply), 'application/json');
      }

      if (url.pathname === '/api/upload') {
        // A file dropped on the window (browser mode): saved into the data folder (upload.ts).
        if (req.method !== 'POST') return send(res, 405, 'Use POST');
        const refused = checkApiCaller(req, port);
        if (refused) return send(res, refused.status, JSON.stringify({ ok: false, error: { code: 'unauthorized', message: refused.message } }), 'application/json');
        const r = await receiveUpload(req, opts.service.opts.dataDir, url.searchParams.get('name'));
        return send(res, r.status, JSON.stringify(r.body), 'application/json');
      }

      if (url.pathname.startsWith('/api/')) return send(res, 404, 'Not found');
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
      const foreign = checkStaticCaller(req);
      if (foreign) return send(res, foreign.status, foreign.message);
      const path = decoded(url.pathname);
      if (path === null) return send(res, 400, 'Bad request: the address is not valid percent-encoding.');
      let rel = normalize(path).replace(/^([/\\])+/, '');
      if (rel === '' || rel === '.') rel = 'index.html';
      let file = resolve(join(staticRoot, rel));
      if (file !== staticRoot && !file.startsWith(staticRoot + sep)) return send(res, 403, 'Forbidden');
      let st = await stat(file).catch(() => null);
      if (!st || !st.isFile()) {
        if (extname(rel)) return send(res, 404, 'Not found');
        file = join(staticRoot, 'index.html'); // client-side routes
        st = await stat(file).catch(() => null);
        if (!st) return send(res, 500, 'The renderer is not built: run `npm run build`.');
      }
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      const headers: Record<string, string> = type.startsWith('text/html') ? { 'content-security-policy': CONTENT_SECURITY_POLICY } : {};
      return send(res, 200, await readFile(file), type, headers);
    } catch (e) {
      if (!res.headersSent) send(res, 500, `Internal error: ${(e as Error).message}`);
      else res.end();
    }
  });

  // The socket only carries events to the page; it never reads a message, so it accepts only tiny ones.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const given = tokenOf(req, url, port);
    if (!allowedHost(req.headers.host) || url.pathname !== '/api/events' || !given || !sameToken(given, token)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    if (checkApiCaller(req, port)) {
      socket.write('HTTP/1.1 403 Forbidden\r\nconnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      // A message over maxPayload (or any protocol error) is reported here; without a listener it
      // would be an uncaught exception that ends the server. ws has already closed with 1009.
      ws.on('error', () => ws.terminate());
    });
  });
  const unsubscribe = opts.service.events.on((event) => {
    const text = JSON.stringify(event);
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, '127.0.0.1', () => ok());
  });
  const addr = server.address();
  port = typeof addr === 'object' && addr ? addr.port : 0;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    server,
    close: async () => {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
