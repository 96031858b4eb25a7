// Genome indexes Cisgram builds live in its cache folder: nothing is written beside the user's
// genome or under /tmp; the cached index is reused while the genome is unchanged, rebuilt when its
// size/mtime change or when it fails the spot checks (same size and mtime, different content), and
// a cache folder that refuses writes leaves the index in memory.
import { describe, it, expect } from 'vitest';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openGenome } from '../../../src/core/io/genome';
import { cachedIndexPaths, indexCacheDir } from '../../../src/core/io/index-cache';
import { decode } from '../../../src/core/seq/alphabet';

const dir = mkdtempSync(join(tmpdir(), 'cisgram-idxcache-'));
process.env.CISGRAM_CACHE_DIR = join(dir, 'app-data');
const userDir = join(dir, 'genomes');
mkdirSync(userDir);
const wrap = (s: string, w: number) => s.match(new RegExp(`.{1,${w}}`, 'g'))!.join('\n');
const seqA = 'ACGTTGCAAC'.repeat(120);
const seqB = 'GGGTTTAAAC'.repeat(90);
const fasta = (a: string, b: string, w = 60) => `>chrA\n${wrap(a, w)}\n>chrB\n${wrap(b, w)}\n`;

describe('genome index cache', () => {
  it('writes the index into the app cache folder only, and reuses it while the genome is unchanged', async () => {
    const file = join(userDir, 'g.fa');
    writeFileSync(file, fasta(seqA, seqB));
    const tmpBefore = readdirSync(tmpdir()).filter((n) => n.endsWith('.fai'));
    const g = await openGenome(file);
    expect(decode(await g.fetch('chrB', 10, 20))).toBe(seqB.slice(10, 20));
    expect(readdirSync(userDir)).toEqual(['g.fa']); // nothing beside the genome
    expect(readdirSync(tmpdir()).filter((n) => n.endsWith('.fai'))).toEqual(tmpBefore);
    const { fai, stamp } = cachedIndexPaths(file);
    expect(fai.startsWith(indexCacheDir())).toBe(true);
    expect(indexCacheDir()).toBe(join(dir, 'app-data', 'genome-index'));
    expect(statSync(fai).mode & 0o077).toBe(0); // private to the user
    const mtime = statSync(fai).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    await openGenome(file);
    expect(statSync(fai).mtimeMs).toBe(mtime); // reused, not rebuilt
    expect(JSON.parse(readFileSync(stamp, 'utf8'))).toMatchObject({ fasta: file, size: statSync(file).size });
  });

  it('rebuilds when the genome changes (size/mtime), and when only its content changes (spot checks)', async () => {
    const file = join(userDir, 'changing.fa');
    writeFileSync(file, fasta(seqA, seqB));
    await openGenome(file);
    writeFileSync(file, fasta(seqA, seqB, 80)); // re-wrapped: other size
    let g = await openGenome(file);
    expect(decode(await g.fetch('chrA', 500, 560))).toBe(seqA.slice(500, 560));
    // Same size and same mtime, records swapped: the stamp matches, the spot checks do not.
    const before = statSync(file);
    const swapped = `>chrB\n${wrap(seqB, 80)}\n>chrA\n${wrap(seqA, 80)}\n`;
    writeFileSync(file, swapped);
    utimesSync(file, before.atime, before.mtime);
    expect(statSync(file).size).toBe(before.size);
    g = await openGenome(file);
    expect(decode(await g.fetch('chrA', 0, 50))).toBe(seqA.slice(0, 50));
    expect(decode(await g.fetch('chrB', 800, 850))).toBe(seqB.slice(800, 850));
  });

  it('keeps the index in memory when the cache folder cannot be written', async () => {
    if (process.getuid?.() === 0) return; // root writes anywhere: nothing to show
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    const saved = process.env.CISGRAM_CACHE_DIR;
    process.env.CISGRAM_CACHE_DIR = join(locked, 'app');
    try {
      const file = join(userDir, 'nocache.fa');
      writeFileSync(file, fasta(seqA, seqB));
      const g = await openGenome(file);
      expect(decode(await g.fetch('chrA', 3, 9))).toBe(seqA.slice(3, 9));
      expect(existsSync(`${file}.fai`)).toBe(false);
    } finally {
      process.env.CISGRAM_CACHE_DIR = saved;
      chmodSync(locked, 0o700);
    }
  });
});
