// Who may drive the browser-mode API: only pages served by this server (Origin = our own origin,
// Sec-Fetch-Site same-origin) or a non-browser client that presents the token as a Bearer header.
// Cookies are shared by every port of 127.0.0.1, so the cookie alone never proves a caller is ours.
import type { IncomingMessage } from 'node:http';

export interface Refusal {
  status: number;
  message: string;
}

/** The origins this server answers to (the two loopback host names it serves). */
export function ownOrigins(port: number): Set<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function hasBearer(req: IncomingMessage): boolean {
  return !!header(req, 'authorization')?.startsWith('Bearer ');
}

/**
 * Checks the caller of an API request (POST /api/invoke or the event socket upgrade): a browser
 * always sends Origin here, so it must be ours; without Origin only a Bearer-token client passes.
 */
export function checkApiCaller(req: IncomingMessage, port: number): Refusal | null {
  const origin = header(req, 'origin');
  if (origin !== undefined) {
    if (!ownOrigins(port).has(origin)) return { status: 403, message: `Forbidden origin: only pages served by this Cisgram (http://127.0.0.1:${port}) may use its API.` };
  } else if (!hasBearer(req)) {
    return { status: 403, message: 'Forbidden: a request without an Origin header must carry the token as "Authorization: Bearer <token>".' };
  }
  const site = header(req, 'sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && !(site === 'none' && hasBearer(req))) {
    return { status: 403, message: `Forbidden: the API answers only its own pages (this request came from a ${site} page).` };
  }
  return null;
}

/** POST /api/invoke carries JSON; anything else (a form, text/plain) is what a foreign page could send without asking. */
export function checkJsonBody(req: IncomingMessage): Refusal | null {
  const type = (header(req, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') return { status: 415, message: 'Unsupported content type: send the command input as Content-Type: application/json.' };
  return null;
}

/** Static files: another page may link to us (a navigation) but not embed or fetch our files. */
export function checkStaticCaller(req: IncomingMessage): Refusal | null {
  const site = header(req, 'sec-fetch-site');
  const mode = header(req, 'sec-fetch-mode');
  if ((site === 'same-site' || site === 'cross-site') && mode !== 'navigate') {
    return { status: 403, message: 'Forbidden: Cisgram files are served only to Cisgram pages.' };
  }
  return null;
}
