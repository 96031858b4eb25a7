// Whole small text files (VCF and variant tables) as real files come: plain, gzip or bgzip
// (any number of gzip members), with a UTF-8 byte-order mark dropped and CR-only line ends
// turned into LF. A damaged gzip file is refused with a sentence naming it.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { ApiError } from '../../shared/api/errors';
import { looksLikeUtf16, UTF16_FOUND } from './utf16';

export function decodeText(bytes: Uint8Array): string {
  let text = new TextDecoder('utf-8').decode(bytes); // TextDecoder drops a leading BOM itself
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** Reads a text file, gunzipping it when it starts with the gzip magic bytes. */
export function readTextFile(path: string): string {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new ApiError('bad_file', `Cannot read ${path}: ${(e as Error).message}`);
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new ApiError('bad_file', `${path} is gzip-compressed but damaged or cut short (${(e as Error).message}); compress it again or use the uncompressed file.`);
    }
  }
  if (looksLikeUtf16(bytes.subarray(0, 64))) throw new ApiError('bad_file', `${path}: expected plain text (UTF-8 or ASCII), found ${UTF16_FOUND}.`);
  return decodeText(bytes);
}
