// Test helpers: chi-square p-values and a minimal MEME-format motif reader for the shared JASPAR file
// (the app's real format parsers live in src/core/pwm/formats.ts, written separately).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Motif } from '../../../src/core/pwm/types';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const sharedData = path.resolve(repoRoot, '../shared/data');
export const fixtures = path.resolve(repoRoot, 'test/fixtures/data');
export const jasparMemePath = path.join(sharedData, 'motifs/JASPAR2020_CORE_vertebrates_non-redundant.meme.txt');
export const hasJaspar = existsSync(jasparMemePath);
export const ce2Path = path.join(sharedData, 'genome/ce2_chrX.fa.gz');
export const hasCe2 = existsSync(ce2Path);

export function readMemeMotifs(file = jasparMemePath): Motif[] {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const out: Motif[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^MOTIF\s+(\S+)\s*(\S*)/.exec(lines[i]);
    if (!m) continue;
    let j = i + 1;
    while (j < lines.length && !/letter-probability matrix/.test(lines[j])) j++;
    const w = Number(/w=\s*(\d+)/.exec(lines[j])![1]);
    const probs: number[][] = [];
    for (let r = 0; r < w; r++) probs.push(lines[j + 1 + r].trim().split(/\s+/).map(Number));
    out.push({ id: m[1], name: m[2] || m[1], probs, source: 'JASPAR2020' });
    i = j + w;
  }
  return out;
}

function lnGamma(z: number): number {
  const g = 7;
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - lnGamma(1 - z);
  z -= 1;
  let x = c[0];
  for (let i = 1; i < g + 2; i++) x += c[i] / (z + i);
  const t = z + g + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(x);
}

/** Upper regularised incomplete gamma Q(a, x). */
function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  if (x < a + 1) {
    let sum = 1 / a, del = sum, ap = a;
    for (let n = 0; n < 1000; n++) { ap++; del *= x / ap; sum += del; if (Math.abs(del) < Math.abs(sum) * 1e-14) break; }
    return 1 - sum * Math.exp(-x + a * Math.log(x) - lnGamma(a));
  }
  let b = x + 1 - a, c = 1e300, d = 1 / b, h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b; if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c; if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-14) break;
  }
  return Math.exp(-x + a * Math.log(x) - lnGamma(a)) * h;
}

export function chiSquarePValue(chi: number, df: number): number {
  return gammaQ(df / 2, chi / 2);
}
