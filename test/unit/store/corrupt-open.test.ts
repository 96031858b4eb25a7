// Failed opens of a damaged project release every file handle (counted in /proc/self/fd) and
// answer with a sentence naming the file, whichever page the damage is on.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CisgramService } from '../../../src/core/app/service';
import { apiClient } from '../api-client';

process.env.CISGRAM_ENGINE = 'none';
const dir = mkdtempSync(join(tmpdir(), 'cisgram-corrupt-'));
let service: CisgramService;
const { call, callErr, waitJob } = apiClient(() => service);
let good: Buffer;
let pageSize: number;
let roots: Record<string, number>;

const openFds = () => readdirSync('/proc/self/fd').length;
/** The good project with page `page` (1-based) overwritten by junk. */
const withBadPage = (page: number) => {
  const b = Buffer.from(good);
  b.fill(0x5a, (page - 1) * pageSize, page * pageSize);
  return b;
};

beforeAll(async () => {
  service = new CisgramService({ dataDir: join(dir, 'data'), mode: 'browser' });
  const { path } = await call('projects.create', { name: 'Good' });
  await waitJob((await call('jobs.startTest', { steps: 2, stepMs: 1 })).id);
  await call('projects.close');
  good = readFileSync(path);
  const db = new Database(path, { readonly: true });
  pageSize = db.pragma('page_size', { simple: true }) as number;
  roots = Object.fromEntries((db.prepare("SELECT name, rootpage FROM sqlite_master WHERE type = 'table'").all() as { name: string; rootpage: number }[]).map((r) => [r.name, r.rootpage]));
  db.close();
});
afterAll(async () => service.dispose());

describe('a damaged project', () => {
  const cases: [string, () => Buffer][] = [
    ['its meta table (read right after opening)', () => withBadPage(roots.meta)],
    ['its datasets table', () => withBadPage(roots.datasets)],
    ['the schema', () => Buffer.concat([good.subarray(0, pageSize), Buffer.alloc(good.length - pageSize, 0x5a)])],
    ['the second half (truncated)', () => good.subarray(0, Math.floor(good.length / 2))],
  ];
  for (const [what, bytes] of cases) {
    it(`damage in ${what}: 20 failed opens leave no handle open and name the file`, async () => {
      const file = join(dir, `${what.replace(/\W+/g, '-')}.cisgram`);
      const damaged = bytes();
      writeFileSync(file, damaged);
      const before = openFds();
      for (let i = 0; i < 20; i++) {
        const err = await callErr('projects.open', { path: file });
        expect(err.code).toBe('bad_project');
        expect(err.message).toContain(file);
        expect(err.message).toMatch(/damaged|could not be/);
      }
      expect(openFds()).toBe(before);
      expect(service.project).toBeNull();
      expect(readFileSync(file).equals(damaged)).toBe(true); // never changed
    });
  }

  it('damage that opening does not touch is reported by the first command that reads it, naming the file', async () => {
    const file = join(dir, 'damaged-jobs.cisgram');
    writeFileSync(file, withBadPage(roots.jobs));
    await call('projects.open', { path: file });
    const err = await callErr('jobs.list', {});
    expect(err.code).toBe('bad_project');
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/is damaged/);
    await call('projects.close');
  });

  it('duplicating or renaming a damaged project says which file, leaves no half copy and no handle', async () => {
    const file = join(dir, 'dup-source.cisgram');
    writeFileSync(file, withBadPage(roots.meta));
    const before = openFds();
    const dup = await callErr('projects.duplicate', { path: file, name: 'Copy of damaged' });
    expect(dup.code).toBe('bad_project');
    expect(dup.message).toContain(file);
    expect(existsSync(join(dir, 'Copy of damaged.cisgram'))).toBe(false);
    const ren = await callErr('projects.rename', { path: file, name: 'Renamed damaged' });
    expect(ren.code).toBe('bad_project');
    expect(ren.message).toContain(file);
    expect(openFds()).toBe(before);
  });
});
