// Browser mode's drop target: a file dropped on the window is streamed here (POST /api/upload?name=…,
// body = the file's bytes, Content-Type application/octet-stream so another site's form cannot
// send it) into <data folder>/uploads/, written to a temporary name and renamed when complete, so
// an interrupted upload leaves no half file. The answer is the saved path, which the import
// wizard then reads like any other path.
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { IncomingMessage } from 'node:http';

const MAX_UPLOAD = 8 * 1024 ** 3;

/** A file name safe on every platform, keeping the extension (.fa.gz, .seq.gz…). */
export function safeUploadName(name: string): string {
  const base = basename(name.replace(/\\/g, '/')).replace(/[^A-Za-z0-9._\- ()+]/g, '_').replace(/^\.+/, '').slice(0, 160);
  return base || 'upload';
}

function freeName(dir: string, name: string): string {
  if (!existsSync(join(dir, name))) return name;
  const m = /^(.*?)((?:\.[A-Za-z0-9]{1,8}){0,2})$/.exec(name)!;
  for (let i = 2; ; i++) {
    const n = `${m[1]} (${i})${m[2] || extname(name)}`;
    if (!existsSync(join(dir, n))) return n;
  }
}

export async function receiveUpload(req: IncomingMessage, dataDir: string, rawName: string | null): Promise<{ status: number; body: unknown }> {
  if ((req.headers['content-type'] ?? '').split(';')[0].trim() !== 'application/octet-stream')
    return { status: 415, body: { ok: false, error: { code: 'invalid_input', message: 'Uploads must be sent as application/octet-stream.' } } };
  const size = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(size) && size > MAX_UPLOAD) return { status: 413, body: { ok: false, error: { code: 'invalid_input', message: 'That file is larger than 8 GB: put it in a folder and type its path instead.' } } };
  const dir = join(dataDir, 'uploads');
  mkdirSync(dir, { recursive: true });
  const name = freeName(dir, safeUploadName(rawName ?? 'upload'));
  const target = join(dir, name);
  const tmp = `${target}.part-${process.pid}-${Date.now()}`;
  try {
    await pipeline(req, createWriteStream(tmp, { flags: 'wx' }));
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    return { status: 500, body: { ok: false, error: { code: 'storage', message: `Could not save ${name} into ${dir}: ${(e as Error).message}` } } };
  }
  return { status: 200, body: { ok: true, value: { path: target, name } } };
}
