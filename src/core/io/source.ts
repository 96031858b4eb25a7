// Byte and line sources for the streaming readers: a file path or Node Readable, plain or gzip
// (detected by magic bytes 1f 8b, also multi-member/bgzip), with progress and abort support.
// Text is taken as real files come: a UTF-8 byte-order mark is dropped, and old-Mac line ends
// (CR alone) become LF; CRLF is left for the readers, which drop a line's trailing CR.

import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputError, throwIfAborted } from './errors';
import { looksLikeUtf16, UTF16_FOUND } from './utf16';

export type Source = string | Readable | AsyncIterable<Uint8Array>;

export interface StreamOptions {
  signal?: AbortSignal;
  /** Called about once per input chunk: bytes read from the raw (possibly compressed) input. */
  onProgress?: (p: { bytes: number; totalBytes?: number }) => void;
  /** Name used in error messages when the source is a stream. */
  fileName?: string;
}

export function sourceName(src: Source, opts?: StreamOptions): string {
  return opts?.fileName ?? (typeof src === 'string' ? src : '<stream>');
}

/**
 * Decompressed bytes of a source. `lineOf()` is consulted only to put a line number on a
 * truncated-gzip error.
 */
export async function* openBytes(src: Source, opts: StreamOptions = {}, lineOf: () => number | undefined = () => undefined): AsyncGenerator<Uint8Array> {
  yield* normaliseText(decompressed(src, opts, lineOf));
}

const CR = 13, LF = 10;

/** Drops a leading UTF-8 BOM (EF BB BF) and turns every CR not followed by LF into LF. */
export async function* normaliseText(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let first = true;
  let head: Uint8Array | null = null; // up to 2 bytes held while deciding on a BOM
  let heldCR = false; // the previous chunk ended in CR: it depends on this chunk's first byte
  for await (const raw of chunks) {
    let c = raw;
    if (first) {
      if (head) {
        const joined = new Uint8Array(head.length + c.length);
        joined.set(head);
        joined.set(c, head.length);
        c = joined;
        head = null;
      }
      if (c.length < 3 && c.length > 0 && c[0] === 0xef) {
        head = c; // too short to tell yet
        continue;
      }
      first = false;
      if (c.length >= 3 && c[0] === 0xef && c[1] === 0xbb && c[2] === 0xbf) c = c.subarray(3);
    }
    if (!c.length) continue;
    if (heldCR) {
      yield Uint8Array.of(c[0] === LF ? CR : LF);
      heldCR = false;
    }
    let out = c;
    if (c.indexOf(CR) >= 0) {
      out = Uint8Array.from(c);
      for (let i = out.indexOf(CR); i >= 0 && i < out.length - 1; i = out.indexOf(CR, i + 1)) if (out[i + 1] !== LF) out[i] = LF;
      if (out[out.length - 1] === CR) {
        heldCR = true;
        out = out.subarray(0, out.length - 1);
      }
    }
    if (out.length) yield out;
  }
  if (head) yield head;
  if (heldCR) yield Uint8Array.of(LF);
}

async function* decompressed(src: Source, opts: StreamOptions, lineOf: () => number | undefined): AsyncGenerator<Uint8Array> {
  const file = sourceName(src, opts);
  const totalBytes = typeof src === 'string' ? statSync(src).size : undefined;
  const raw: AsyncIterable<Uint8Array> = typeof src === 'string' ? createReadStream(src, { highWaterMark: 1 << 20 }) : src;
  const it = raw[Symbol.asyncIterator]();
  let bytes = 0;
  const head: Uint8Array[] = [];
  let headLen = 0;
  while (headLen < 2) {
    const r = await it.next();
    if (r.done) break;
    const chunk = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    head.push(chunk);
    headLen += chunk.length;
  }
  bytes += headLen;
  const first = head.length === 1 ? head[0] : Buffer.concat(head);
  if (first.length === 0) return;
  const gz = first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b;
  if (!gz && looksLikeUtf16(first)) throw new InputError(file, 1, 'plain text (UTF-8 or ASCII)', UTF16_FOUND);
  async function* rawChunks(): AsyncGenerator<Uint8Array> {
    yield first;
    opts.onProgress?.({ bytes, totalBytes });
    for (;;) {
      throwIfAborted(opts.signal);
      const r = await it.next();
      if (r.done) return;
      const c = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
      bytes += c.length;
      yield c;
      opts.onProgress?.({ bytes, totalBytes });
    }
  }
  if (!gz) {
    yield* rawChunks();
    return;
  }
  const gunzip = Readable.from(rawChunks(), { objectMode: false }).pipe(createGunzip({ chunkSize: 1 << 18 }));
  try {
    for await (const c of gunzip) {
      throwIfAborted(opts.signal);
      yield c as Buffer;
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err?.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(err?.message ?? ''))
      throw new InputError(file, lineOf(), 'a complete gzip stream', 'truncated gzip data (unexpected end of file)');
    if (typeof err?.code === 'string' && err.code.startsWith('Z_'))
      throw new InputError(file, lineOf(), 'valid gzip data', `corrupt gzip data (${err.message})`);
    throw e;
  } finally {
    gunzip.destroy();
  }
}

/** Lines (without \n or trailing \r) with 1-based line numbers. */
export async function* readLines(src: Source, opts: StreamOptions = {}): AsyncGenerator<{ text: string; line: number }> {
  let line = 0;
  const dec = new TextDecoder('utf-8');
  let rest = '';
  for await (const chunk of openBytes(src, opts, () => line + 1)) {
    const s = rest + dec.decode(chunk, { stream: true });
    let a = 0;
    for (;;) {
      const b = s.indexOf('\n', a);
      if (b < 0) break;
      line++;
      yield { text: s.charCodeAt(b - 1) === 13 ? s.slice(a, b - 1) : s.slice(a, b), line };
      a = b + 1;
    }
    rest = s.slice(a);
  }
  rest += dec.decode();
  if (rest.length) {
    line++;
    yield { text: rest.endsWith('\r') ? rest.slice(0, -1) : rest, line };
  }
}
