// Exact k-let (uShuffle) shuffling of code arrays: preserves every k-let count, the first and last
// (k−1)-mers, and samples uniformly among all such sequences (Jiang et al. 2008; MOTIFS.md).
//
// N rule: N positions stay where they are; each maximal N-free segment is shuffled on its own.
// Because uShuffle keeps a segment's first and last (k−1)-mers, k-lets that touch an N are also
// unchanged, so k-let counts over the whole sequence (N included) are preserved exactly.

import { N } from '../seq/alphabet';
import type { Rng } from '../seq/random';

export interface ShuffleResult {
  codes: Uint8Array;
  /** True when every k-let shuffle of the input equals the input (nothing to shuffle). */
  lowComplexity: boolean;
}

// Scratch buffers grown on demand so shuffling many short sequences does not allocate per call.
let cap = 0;
let pid = new Int32Array(0);
let vval = new Float64Array(0);
let deg = new Int32Array(0);
let off = new Int32Array(0);
let fill = new Int32Array(0);
let tgt = new Int32Array(0);
let nxt = new Int32Array(0);
let inTree = new Uint8Array(0);
let lastBase = new Uint8Array(0);
const TABLE_K1 = 8; // direct lookup for (k−1)-mers up to 8 letters (65 536 entries)
const table = new Int32Array(1 << (2 * TABLE_K1)).fill(-1);

function ensure(n: number): void {
  if (n <= cap) return;
  cap = Math.max(n, cap * 2, 1024);
  pid = new Int32Array(cap); vval = new Float64Array(cap); deg = new Int32Array(cap);
  off = new Int32Array(cap + 1); fill = new Int32Array(cap); tgt = new Int32Array(cap);
  nxt = new Int32Array(cap); inTree = new Uint8Array(cap); lastBase = new Uint8Array(cap);
}

/** Build the (k−1)-mer graph of src[s,e) into the scratch buffers; returns vertex count. */
function buildGraph(src: Uint8Array, s: number, e: number, k: number): number {
  const km1 = k - 1;
  const m = e - s - km1 + 1; // vertices along the path
  ensure(m + 1);
  let V = 0;
  if (km1 <= TABLE_K1) {
    const mask = (1 << (2 * km1)) - 1;
    let v = 0;
    for (let i = 0; i < km1 - 1; i++) v = ((v << 2) | src[s + i]) & mask;
    for (let i = 0; i < m; i++) {
      v = ((v << 2) | src[s + i + km1 - 1]) & mask;
      let id = table[v];
      if (id < 0) { id = V++; table[v] = id; vval[id] = v; }
      pid[i] = id;
    }
    for (let i = 0; i < V; i++) table[vval[i]] = -1;
  } else {
    if (km1 > 26) throw new RangeError(`k-let shuffle supports k ≤ 27 (got ${k})`);
    const mod = Math.pow(4, km1);
    const ids = new Map<number, number>();
    let v = 0;
    for (let i = 0; i < km1 - 1; i++) v = (v * 4 + src[s + i]) % mod;
    for (let i = 0; i < m; i++) {
      v = (v * 4 + src[s + i + km1 - 1]) % mod;
      let id = ids.get(v);
      if (id === undefined) { id = V++; ids.set(v, id); vval[id] = v; }
      pid[i] = id;
    }
  }
  deg.fill(0, 0, V);
  for (let i = 0; i < m - 1; i++) deg[pid[i]]++;
  off[0] = 0;
  for (let u = 0; u < V; u++) { off[u + 1] = off[u] + deg[u]; fill[u] = off[u]; }
  for (let i = 0; i < m - 1; i++) tgt[fill[pid[i]]++] = pid[i + 1];
  return V;
}

function shuffleSegment(src: Uint8Array, s: number, e: number, k: number, rng: Rng, dst: Uint8Array): void {
  const len = e - s;
  if (len <= k || k < 1) { dst.set(src.subarray(s, e), s); return; }
  if (k === 1) { dst.set(src.subarray(s, e), s); rng.shuffle(dst, s, e); return; }
  const km1 = k - 1;
  const m = len - km1 + 1;
  const V = buildGraph(src, s, e, k);
  const root = pid[m - 1];
  inTree.fill(0, 0, V);
  inTree[root] = 1;
  // Wilson's algorithm: random arborescence toward the root (loop erasure by overwriting nxt).
  for (let u = 0; u < V; u++) {
    let cur = u;
    while (!inTree[cur]) {
      const ed = off[cur] + rng.int(deg[cur]);
      nxt[cur] = ed;
      cur = tgt[ed];
    }
    cur = u;
    while (!inTree[cur]) { inTree[cur] = 1; cur = tgt[nxt[cur]]; }
  }
  for (let u = 0; u < V; u++) {
    const a = off[u], b = off[u + 1];
    if (b === a) continue;
    let last = b;
    if (u !== root) {
      last = b - 1;
      const te = nxt[u];
      const t = tgt[te]; tgt[te] = tgt[last]; tgt[last] = t;
    }
    for (let i = last - 1; i > a; i--) {
      const j = a + rng.int(i - a + 1);
      const t = tgt[i]; tgt[i] = tgt[j]; tgt[j] = t;
    }
  }
  // Walk from the first (k−1)-mer consuming edges in list order (fill = per-vertex cursor).
  for (let u = 0; u < V; u++) { fill[u] = off[u]; lastBase[u] = vval[u] % 4; }
  dst.set(src.subarray(s, s + km1), s);
  let cur = pid[0];
  let pos = s + km1;
  for (let j = 0; j < m - 1; j++) {
    cur = tgt[fill[cur]++];
    dst[pos++] = lastBase[cur];
  }
}

/** Natural log of the number of distinct k-let shuffles of src[s,e) (BEST theorem); Infinity when too large to evaluate cheaply. */
export function logShuffleCount(src: Uint8Array, k: number, s = 0, e = src.length): number {
  const len = e - s;
  if (len <= k) return 0;
  if (k === 1) {
    const c = [0, 0, 0, 0, 0];
    for (let i = s; i < e; i++) c[src[i]]++;
    return lnFact(len) - c.reduce((a, x) => a + lnFact(x), 0);
  }
  const m = len - k + 2;
  const V = buildGraph(src, s, e, k);
  if (V > 200) return Infinity;
  const first = pid[0], last = pid[m - 1];
  const A: number[][] = Array.from({ length: V }, () => new Array<number>(V).fill(0));
  const od = new Array<number>(V).fill(0);
  for (let u = 0; u < V; u++) for (let x = off[u]; x < off[u + 1]; x++) { A[u][tgt[x]]++; od[u]++; }
  let lnMult = 0;
  for (let u = 0; u < V; u++) for (let v = 0; v < V; v++) lnMult += lnFact(A[u][v]);
  const odC = od.slice();
  const AC = A.map((r) => r.slice());
  if (first !== last) { AC[last][first]++; odC[last]++; }
  // Reduced out-degree Laplacian without the root row/column: its determinant counts arborescences.
  const idx: number[] = [];
  for (let u = 0; u < V; u++) if (u !== last) idx.push(u);
  const M = idx.map((u) => idx.map((v) => (u === v ? odC[u] - AC[u][u] : 0) - (u === v ? 0 : AC[u][v])));
  let lnDet = 0;
  const n = M.length;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    if (Math.abs(M[p][c]) < 1e-9) return -Infinity;
    if (p !== c) [M[p], M[c]] = [M[c], M[p]];
    lnDet += Math.log(Math.abs(M[c][c]));
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      if (f !== 0) for (let j = c; j < n; j++) M[r][j] -= f * M[c][j];
    }
  }
  let ln = lnDet;
  for (let u = 0; u < V; u++) if (odC[u] > 0) ln += lnFact(odC[u] - 1);
  if (first === last) ln += Math.log(od[first]);
  return ln - lnMult;
}

function lnFact(n: number): number {
  let s = 0;
  for (let i = 2; i <= n; i++) s += Math.log(i);
  return s;
}

/**
 * k-let shuffle of a code array (codes 0–4, N=4 kept in place). Returns a new array unless `out`
 * is given. Deterministic for a given rng state.
 */
export function kletShuffle(codes: Uint8Array, k: number, rng: Rng, out?: Uint8Array): Uint8Array {
  const dst = out ?? new Uint8Array(codes.length);
  if (k >= codes.length) { dst.set(codes); return dst; }
  let s = 0;
  const L = codes.length;
  while (s < L) {
    if (codes[s] === N) { dst[s] = N; s++; continue; }
    let e = s;
    while (e < L && codes[e] !== N) e++;
    shuffleSegment(codes, s, e, k, rng, dst);
    s = e;
  }
  return dst;
}

/** Dinucleotide shuffle (k = 2). */
export function dinucShuffle(codes: Uint8Array, rng: Rng, out?: Uint8Array): Uint8Array {
  return kletShuffle(codes, 2, rng, out);
}

/**
 * Shuffle and report low complexity: when the result equals the input, checks (BEST theorem)
 * whether every possible shuffle is identical, so callers never loop waiting for a change.
 */
export function shuffleWithReport(codes: Uint8Array, k: number, rng: Rng): ShuffleResult {
  const out = kletShuffle(codes, k, rng);
  let same = true;
  for (let i = 0; i < codes.length; i++) if (out[i] !== codes[i]) { same = false; break; }
  if (!same) return { codes: out, lowComplexity: false };
  let lnTotal = 0;
  let s = 0;
  while (s < codes.length) {
    if (codes[s] === N) { s++; continue; }
    let e = s;
    while (e < codes.length && codes[e] !== N) e++;
    if (k < codes.length) lnTotal += logShuffleCount(codes, k, s, e);
    s = e;
  }
  return { codes: out, lowComplexity: lnTotal < Math.log(1.5) };
}
