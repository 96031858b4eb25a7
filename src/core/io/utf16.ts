// UTF-16 text (what "Unicode text" in some Windows editors and Excel's "Unicode .txt" save) reads
// as NUL-riddled nonsense to every parser here; it is recognised up front and refused with a
// sentence that says what to do, instead of "found '1\0'" on line 1.

/** True when the bytes start like UTF-16 text: a UTF-16 byte-order mark, or ASCII with every other byte zero. */
export function looksLikeUtf16(head: Uint8Array): boolean {
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) return true;
  const n = Math.min(head.length, 64) & ~1;
  if (n < 8) return false;
  let le = 0, be = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] !== 0 && head[i + 1] === 0) le++;
    if (head[i] === 0 && head[i + 1] !== 0) be++;
  }
  return le === n / 2 || be === n / 2;
}

export const UTF16_FOUND = 'UTF-16 ("Unicode") text — save it as plain text (UTF-8) and choose it again';
