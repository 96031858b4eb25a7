// One Cisgram per project file: a second window (another service in this process, or another
// process) is refused with a sentence and cannot disturb the first one's running job; a lock left
// by a crash is taken over. And the .cisgram file alone is whole while the app is open and idle.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { copyFileSync, existsSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir, hostname } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { CisgramService } from '../../../src/core/app/service';
import { lockPathOf } from '../../../src/core/store/project-lock';
import { apiClient } from '../api-client';
import type { JobInfo } from '../../../src/shared/api';

process.env.CISGRAM_ENGINE = 'none';
const tmp = mkdtempSync(join(tmpdir(), 'cisgram-lock-'));
let first: CisgramService;
let second: CisgramService;
const a = apiClient(() => first);
const b = apiClient(() => second);
let path: string;

const waitFor = async (pred: () => boolean | Promise<boolean>, ms = 20_000) => {
  const t0 = Date.now();
  while (!(await pred())) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
};
const rawJobState = (id: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT state FROM jobs WHERE id = ?').get(id) as { state: string }).state;
  } finally {
    db.close();
  }
};
const writeLock = (body: object, ageMs = 0) => {
  writeFileSync(lockPathOf(path), JSON.stringify({ nonce: 'x', openedAt: new Date().toISOString(), ...body }));
  const t = new Date(Date.now() - ageMs);
  utimesSync(lockPathOf(path), t, t);
};

beforeAll(async () => {
  first = new CisgramService({ dataDir: join(tmp, 'one'), mode: 'browser', checkpointEveryMs: 200 });
  second = new CisgramService({ dataDir: join(tmp, 'two'), mode: 'browser' });
  path = (await a.call('projects.create', { name: 'Shared' })).path;
});
afterAll(async () => {
  await first.dispose();
  await second.dispose();
});

describe('one window per project', () => {
  it('a second window is refused with a sentence and leaves the running job alone', async () => {
    const job: JobInfo = await a.call('jobs.startTest', { steps: 400, stepMs: 10 });
    await waitFor(() => rawJobState(job.id) === 'running');
    expect(existsSync(lockPathOf(path))).toBe(true);
    const err = await b.callErr('projects.open', { path });
    expect(err.code).toBe('locked');
    expect(err.message).toContain(path);
    expect(err.message).toMatch(/is open in another Cisgram window/);
    expect(second.project).toBeNull();
    expect(rawJobState(job.id)).toBe('running');
    expect((await a.call('jobs.get', { id: job.id })).state).toBe('running');
    expect((await b.callErr('projects.rename', { path, name: 'Renamed' })).code).toBe('locked');
    expect((await b.callErr('projects.delete', { path })).code).toBe('locked');
    expect(existsSync(path)).toBe(true);
    await a.call('jobs.cancel', { id: job.id });
    await waitFor(async () => (await a.call('jobs.get', { id: job.id })).state === 'cancelled');
  });

  it('once the first window closes the project, the second opens it', async () => {
    await a.call('projects.close');
    expect(existsSync(lockPathOf(path))).toBe(false);
    await b.call('projects.open', { path });
    expect((await a.callErr('projects.open', { path })).code).toBe('locked');
    await b.call('projects.close');
  });

  it('refuses while another live process holds the lock; takes over once that process is gone', async () => {
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      writeLock({ pid: other.pid, host: hostname() });
      const err = await b.callErr('projects.open', { path });
      expect(err.code).toBe('locked');
      expect(err.message).toMatch(new RegExp(`by Cisgram process ${other.pid}`));
    } finally {
      other.kill('SIGKILL');
      await new Promise((r) => other.once('exit', r));
    }
    // The process died without cleaning up (kill -9): its lock is stale at once.
    await b.call('projects.open', { path });
    await b.call('projects.close');
  });

  it('on a shared folder, a lock of another computer holds while it beats and is taken over when it stops', async () => {
    writeLock({ pid: 1, host: 'lab-pc-7' });
    expect((await b.callErr('projects.open', { path })).message).toMatch(/on the computer lab-pc-7/);
    writeLock({ pid: 1, host: 'lab-pc-7' }, 120_000);
    await b.call('projects.open', { path });
    await b.call('projects.close');
  });
});

describe('the .cisgram file alone is the whole project while open', () => {
  it('a copy of just the file, taken while the app is open and idle, holds a dataset imported a moment ago and a later edit', async () => {
    await a.call('projects.open', { path });
    const fasta = join(tmp, 'pos.fa');
    let text = '';
    for (let i = 0; i < 60; i++) text += `>s${i}\n${'ACGTTGCA'.repeat(10 + (i % 5))}\n`;
    writeFileSync(fasta, text);
    const job = await a.waitJob((await a.call('data.import', { name: 'Fresh', source: { kind: 'fasta', positives: fasta }, negatives: { mode: 'shuffle' }, seed: 2 })).id);
    expect(job.state, job.error ?? '').toBe('done');
    const datasetId = (job.result as { datasetId: number }).datasetId;
    const copyNames = () => {
      const copy = join(tmp, `copy-${Date.now()}.cisgram`);
      copyFileSync(path, copy); // the file alone, no -wal
      const db = new Database(copy);
      try {
        return (db.prepare('SELECT name FROM datasets').all() as { name: string }[]).map((r) => r.name);
      } finally {
        db.close();
      }
    };
    expect(copyNames()).toEqual(['Fresh']);
    await a.call('data.rename', { id: datasetId, name: 'Fresh, renamed' });
    await waitFor(() => copyNames()[0] === 'Fresh, renamed', 5_000);
  });
});
