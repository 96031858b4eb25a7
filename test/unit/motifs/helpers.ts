// Test helpers: locating ../shared/data and a tiny deterministic PRNG (independent of src/core/seq/random).
import { existsSync, readFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const dataDir = resolve(repoRoot, '../shared/data');
export const dataPath = (p: string) => resolve(dataDir, p);
export const hasData = (p: string) => existsSync(dataPath(p));
export const readData = (p: string) => readFileSync(dataPath(p), 'utf8');
export const skipMsg = (p: string) => `shared data ${dataPath(p)} absent: skipped`;

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomMotif(rng: () => number, w: number, id: string, nsites?: number) {
  const probs = Array.from({ length: w }, () => {
    const r = [0, 1, 2, 3].map(() => rng() ** 3 + 1e-3);
    const s = r.reduce((a, b) => a + b, 0);
    return r.map((x) => x / s);
  });
  return { id, name: id + '_name', probs, ...(nsites !== undefined ? { nsites } : {}) };
}
