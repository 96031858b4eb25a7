// The DNA alphabet every core module shares: sequences in memory are Uint8Array codes
// A=0, C=1, G=2, T=3, N=4 (N also stands for any IUPAC ambiguity after import).

export const A = 0, C = 1, G = 2, T = 3, N = 4;
export const LETTERS = 'ACGTN';

/** Byte (ASCII) → code lookup. Lowercase (soft-masked) maps like uppercase; IUPAC ambiguity → N; other → 255. */
export const CODE_OF: Uint8Array = (() => {
  const t = new Uint8Array(256).fill(255);
  const set = (chars: string, code: number) => {
    for (const ch of chars) {
      t[ch.charCodeAt(0)] = code;
      t[ch.toLowerCase().charCodeAt(0)] = code;
    }
  };
  set('A', A); set('C', C); set('G', G); set('T', T); set('U', T);
  set('NRYSWKMBDHV', N);
  return t;
})();

/** Encode a string; throws on characters outside ACGTUN + IUPAC (position reported). */
export function encode(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = CODE_OF[s.charCodeAt(i) & 0xff];
    if (c === 255 || s.charCodeAt(i) > 255) throw new Error(`invalid nucleotide '${s[i]}' at position ${i + 1}`);
    out[i] = c;
  }
  return out;
}

export function decode(codes: ArrayLike<number>, start = 0, end = codes.length): string {
  let s = '';
  for (let i = start; i < end; i++) s += LETTERS[codes[i]] ?? 'N';
  return s;
}

/** Reverse complement of a code array (N stays N). */
export function revcomp(codes: Uint8Array): Uint8Array {
  const n = codes.length;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = codes[n - 1 - i];
    out[i] = c === N ? N : 3 - c;
  }
  return out;
}

/** GC fraction over non-N bases (NaN when all N). */
export function gcFraction(codes: Uint8Array, start = 0, end = codes.length): number {
  let gc = 0, acgt = 0;
  for (let i = start; i < end; i++) {
    const c = codes[i];
    if (c === N) continue;
    acgt++;
    if (c === C || c === G) gc++;
  }
  return acgt ? gc / acgt : NaN;
}
