// A second window may look at a project another window has open (read-only: every change refused
// with a sentence, the file untouched, the first window's job undisturbed), and "Save a copy…"
// writes a consistent single-file snapshot that never overwrites and opens elsewhere whole.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CisgramService } from '../../../src/core/app/service';
import { lockPathOf } from '../../../src/core/store/project-lock';
import { apiClient } from '../api-client';

process.env.CISGRAM_ENGINE = 'none';
const tmp = mkdtempSync(join(tmpdir(), 'cisgram-ro-'));
let first: CisgramService;
let second: CisgramService;
let third: CisgramService;
const a = apiClient(() => first);
const b = apiClient(() => second);
const c = apiClient(() => third);
let path: string;
let datasetId: number;

/** Everything the project holds, as text: datasets, jobs (state) and meta. */
const content = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return JSON.stringify([
      db.prepare('SELECT id, name FROM datasets ORDER BY id').all(),
      db.prepare('SELECT id, state FROM jobs ORDER BY id').all(),
      db.prepare("SELECT key, value FROM meta WHERE key <> 'last_opened' ORDER BY key").all(),
    ]);
  } finally {
    db.close();
  }
};

beforeAll(async () => {
  first = new CisgramService({ dataDir: join(tmp, 'one'), mode: 'browser', checkpointEveryMs: 200 });
  second = new CisgramService({ dataDir: join(tmp, 'two'), mode: 'browser' });
  third = new CisgramService({ dataDir: join(tmp, 'three'), mode: 'browser' });
  path = (await a.call('projects.create', { name: 'Shared' })).path;
  const fasta = join(tmp, 'pos.fa');
  let text = '';
  for (let i = 0; i < 40; i++) text += `>s${i}\n${'ACGTTGCA'.repeat(8 + (i % 5))}\n`;
  writeFileSync(fasta, text);
  const job = await a.waitJob((await a.call('data.import', { name: 'Fresh', source: { kind: 'fasta', positives: fasta }, negatives: { mode: 'shuffle' }, seed: 2 })).id);
  expect(job.state, job.error ?? '').toBe('done');
  datasetId = (job.result as { datasetId: number }).datasetId;
});
afterAll(async () => {
  await first.dispose();
  await second.dispose();
  await third.dispose();
});

describe('read-only open', () => {
  it('a project open elsewhere opens read-only; every change is refused with a sentence and nothing changes', async () => {
    expect((await b.callErr('projects.open', { path })).code).toBe('locked');
    const info = await b.call('projects.open', { path, readOnly: true });
    expect(info.readOnly).toBe(true);
    expect(existsSync(lockPathOf(path))).toBe(true); // still the first window's lock
    expect((await b.call('data.list')).map((d: { name: string }) => d.name)).toEqual(['Fresh']);
    const before = content(path);
    for (const [name, input] of [
      ['data.rename', { id: datasetId, name: 'Mine now' }],
      ['data.delete', { id: datasetId }],
      ['jobs.startTest', { steps: 3, stepMs: 1 }],
    ] as const) {
      const err = await b.callErr(name, input);
      expect(err.code, `${name}: ${err.message}`).toBe('read_only');
      expect(err.message).toContain(path);
      expect(err.message).toMatch(/open read-only/);
    }
    expect(content(path)).toBe(before);
    // The writing window goes on; the read-only one sees its changes.
    await a.call('data.rename', { id: datasetId, name: 'Fresh, renamed' });
    expect((await b.call('data.list'))[0].name).toBe('Fresh, renamed');
    await b.call('projects.close');
    expect(existsSync(lockPathOf(path))).toBe(true); // closing the look leaves the writer's lock alone
    expect(first.project?.path).toBe(path);
    await a.call('data.rename', { id: datasetId, name: 'Fresh' });
  });

  it('a running job in the writing window is not marked interrupted by a read-only look', async () => {
    const job = await a.call('jobs.startTest', { steps: 300, stepMs: 10 });
    const t0 = Date.now();
    while ((await a.call('jobs.get', { id: job.id })).state !== 'running' && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 20));
    await b.call('projects.open', { path, readOnly: true });
    expect((await b.call('jobs.get', { id: job.id })).state).toBe('running');
    await b.call('projects.close');
    expect((await a.call('jobs.get', { id: job.id })).state).toBe('running');
    await a.call('jobs.cancel', { id: job.id });
    await a.waitJob(job.id);
  });
});

describe('Save a copy…', () => {
  it('writes one whole file from the open, idle project; the copy opens elsewhere with everything', async () => {
    const target = join(tmp, 'for-colleague.cisgram');
    const r = await a.call('projects.saveCopy', { path, target });
    expect(r.path).toBe(target);
    expect(existsSync(`${target}-wal`)).toBe(false);
    expect(content(target)).toBe(content(path));
    const opened = await c.call('projects.open', { path: target });
    expect(opened.name).toBe('Shared');
    expect((await c.call('data.list')).map((d: { name: string }) => d.name)).toEqual(['Fresh']);
    await c.call('projects.close');
    expect(first.project?.path).toBe(path); // the original stays open, unchanged
  });

  it('is consistent while a job writes, never overwrites, and refuses a relative path', async () => {
    const job = await a.call('jobs.startTest', { steps: 200, stepMs: 5 });
    const target = join(tmp, 'mid-job');
    await a.call('projects.saveCopy', { path, target });
    const db = new Database(`${target}.cisgram`, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    await a.call('jobs.cancel', { id: job.id });
    await a.waitJob(job.id);
    const err = await a.callErr('projects.saveCopy', { path, target: `${target}.cisgram` });
    expect(err.code).toBe('conflict');
    expect(err.message).toMatch(/does not overwrite/);
    const rel = await a.callErr('projects.saveCopy', { path, target: 'copy.cisgram' });
    expect(rel.code).toBe('invalid_input');
    expect(rel.message).toMatch(/full path/);
  });

  it('copies a closed project too (without opening it for writing)', async () => {
    await a.call('projects.close');
    const target = join(tmp, 'closed-copy.cisgram');
    await b.call('projects.saveCopy', { path, target });
    expect(content(target)).toBe(content(path));
    expect(existsSync(lockPathOf(path))).toBe(false);
  });
});
