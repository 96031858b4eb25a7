// Genome indexes Cisgram builds live in the app's cache folder, never beside the user's genome
// (their folder, maybe read-only or shared) nor under a predictable /tmp name (another local user
// could plant one). Each index is keyed by the genome's full path and stored with the genome's
// size and modification time; before use it must match those AND pass the spot checks of ./fai.ts,
// otherwise it is rebuilt. Files are written under a random name and renamed into place.
import { mkdirSync, realpathSync } from 'node:fs';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createHash, randomBytes } from 'node:crypto';
import { homedir, platform } from 'node:os';
import { join } from 'node:path';
import { parseFai, verifyFai } from './fai';

/** The folder for built indexes: $CISGRAM_CACHE_DIR (set by the app to its data folder) or the OS cache folder. */
export function indexCacheDir(): string {
  const base = process.env.CISGRAM_CACHE_DIR;
  if (base) return join(base, 'genome-index');
  const home = homedir();
  if (platform() === 'win32') return join(process.env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'Cisgram', 'Cache', 'genome-index');
  if (platform() === 'darwin') return join(home, 'Library', 'Caches', 'Cisgram', 'genome-index');
  return join(process.env.XDG_CACHE_HOME || join(home, '.cache'), 'cisgram', 'genome-index');
}

interface Stamp {
  fasta: string;
  size: number;
  mtimeMs: number;
}

/** Where the index of `fasta` is (or would be) cached. */
export function cachedIndexPaths(fasta: string): { fai: string; stamp: string } {
  let real = fasta;
  try {
    real = realpathSync(fasta);
  } catch {
    // a missing file fails later with its own message
  }
  const key = createHash('sha256').update(real).digest('hex').slice(0, 32);
  const dir = indexCacheDir();
  return { fai: join(dir, `${key}.fai`), stamp: join(dir, `${key}.json`) };
}

/** The cached index of `fasta` when it is still good for the file as it is now, else null. */
async function usable(fasta: string, paths: { fai: string; stamp: string }): Promise<string | null> {
  try {
    const [st, stampText, faiText] = await Promise.all([stat(fasta), readFile(paths.stamp, 'utf8'), readFile(paths.fai, 'utf8')]);
    const stamp = JSON.parse(stampText) as Stamp;
    if (stamp.size !== st.size || stamp.mtimeMs !== st.mtimeMs) return null;
    const recs = parseFai(faiText);
    if (typeof recs === 'string') return null;
    return (await verifyFai(fasta, recs)) === null ? faiText : null;
  } catch {
    return null;
  }
}

async function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, text, { flag: 'wx', mode: 0o600 });
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

export interface CachedIndex {
  /** Path of the index file in the cache, or null when the cache folder refused it (use `text`). */
  path: string | null;
  text: string;
  /** True when it was (re)built for this call. */
  built: boolean;
}

/**
 * The .fai of `fasta` from the cache, rebuilt with `build()` when missing or stale (size, mtime,
 * spot checks). A cache folder that cannot be written leaves the index in memory only.
 */
export async function cachedFai(fasta: string, build: () => Promise<string>): Promise<CachedIndex> {
  const paths = cachedIndexPaths(fasta);
  const hit = await usable(fasta, paths);
  if (hit !== null) return { path: paths.fai, text: hit, built: false };
  const before = await stat(fasta);
  const text = await build();
  try {
    mkdirSync(indexCacheDir(), { recursive: true, mode: 0o700 });
    const stampBody: Stamp = { fasta, size: before.size, mtimeMs: before.mtimeMs };
    await writeAtomic(paths.fai, text);
    await writeAtomic(paths.stamp, JSON.stringify(stampBody));
    return { path: paths.fai, text, built: true };
  } catch {
    return { path: null, text, built: true };
  }
}
