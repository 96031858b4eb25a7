// A full disk never kills the process: SQLite errors (SQLITE_FULL, SQLITE_IOERR) from the job
// manager's writes and from opening a project are caught and answered with a sentence naming the
// project file. Fault injection: statements whose run() throws the error better-sqlite3 would.
import { describe, it, expect, beforeAll, afterAll, afterEach, vi } from 'vitest';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CisgramService } from '../../../src/core/app/service';
import type { ApiEvent, JobInfo } from '../../../src/shared/api';
import { describeStorageError } from '../../../src/core/store/storage-errors';
import { apiClient } from '../api-client';

process.env.CISGRAM_ENGINE = 'none';

let service: CisgramService;
let path: string;
const events: ApiEvent[] = [];
const uncaught: unknown[] = [];
const onUncaught = (e: unknown) => uncaught.push(e);
const { call, callErr } = apiClient(() => service);

const full = () => new Database.SqliteError('database or disk is full', 'SQLITE_FULL');
const openFds = () => readdirSync('/proc/self/fd').length;
const lastJob = (id: string) => [...events].reverse().find((e): e is Extract<ApiEvent, { type: 'job' }> => e.type === 'job' && e.job.id === id)?.job;
const waitFor = async (pred: () => boolean, ms = 20_000) => {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** Makes every statement whose SQL matches `pattern` throw `error()` from run(), on `target`'s prepare. */
function refuseWrites(target: { prepare(sql: string): Database.Statement }, pattern: RegExp, error = full) {
  const real = target.prepare;
  return vi.spyOn(target, 'prepare').mockImplementation(function (this: Database.Database, sql: string) {
    const stmt = real.call(this, sql);
    if (!pattern.test(sql)) return stmt;
    return new Proxy(stmt, {
      get(t, key) {
        if (key === 'run') return () => {
          throw error();
        };
        const v = Reflect.get(t, key, t);
        return typeof v === 'function' ? v.bind(t) : v;
      },
    });
  });
}

beforeAll(async () => {
  process.on('uncaughtException', onUncaught);
  service = new CisgramService({ dataDir: mkdtempSync(join(tmpdir(), 'cisgram-full-')), mode: 'browser' });
  service.events.on((e) => events.push(e));
  path = (await call('projects.create', { name: 'Full disk' })).path;
});
afterEach(() => vi.restoreAllMocks());
afterAll(async () => {
  process.off('uncaughtException', onUncaught);
  await service.dispose();
});

describe('a full disk', () => {
  it('fails the job with a sentence naming the project file when its outcome cannot be written, and the app goes on', async () => {
    refuseWrites(service.project!.db, /UPDATE jobs SET state=\?, finished_at/);
    const job: JobInfo = await call('jobs.startTest', { steps: 3, stepMs: 5 });
    await waitFor(() => lastJob(job.id)?.state === 'failed');
    const shown: JobInfo = await call('jobs.get', { id: job.id });
    expect(shown.state).toBe('failed');
    expect(shown.error).toContain(path);
    expect(shown.error).toMatch(/the disk is full \(\d+ MB free at .+\)/);
    expect((await call('jobs.list')).find((j: JobInfo) => j.id === job.id).state).toBe('failed');
    expect(uncaught).toEqual([]);

    // Space again: the next job runs, and the held outcome reaches the file.
    vi.restoreAllMocks();
    const next: JobInfo = await call('jobs.startTest', { steps: 2, stepMs: 5 });
    await waitFor(() => lastJob(next.id)?.state === 'done');
    const raw = () => service.project!.db.prepare('SELECT state, error FROM jobs WHERE id = ?').get(job.id) as { state: string; error: string };
    await waitFor(() => raw().state === 'failed', 15_000);
    expect(raw().error).toMatch(/the disk is full/);
  });

  it('a job whose progress and outcome are both refused still ends failed, without an uncaught error', async () => {
    refuseWrites(service.project!.db, /^\s*(UPDATE jobs|INSERT INTO job_metrics)/);
    const job: JobInfo = await call('jobs.startTest', { steps: 3, stepMs: 5 });
    await waitFor(() => lastJob(job.id)?.state === 'failed');
    expect(lastJob(job.id)!.error).toMatch(/Full disk\.cisgram: the disk is full/);
    expect(uncaught).toEqual([]);
  });

  it('answers a refused command with a sentence, not an internal error', async () => {
    refuseWrites(service.project!.db, /INSERT INTO jobs/);
    const err = await callErr('jobs.startTest', { steps: 2, stepMs: 5 });
    expect(err.code).toBe('storage');
    expect(err.message).toContain(path);
    expect(err.message).toMatch(/the disk is full/);
  });

  it('opening a project while the disk is full says so with the file name and leaves no handle open', async () => {
    await call('projects.close');
    // A job that was running when the app stopped: opening must write "interrupted".
    const raw = new Database(path);
    raw.prepare(`INSERT INTO jobs(id, kind, title, params, state, app_version, created_at) VALUES('j-full','test','t','{}','running','0', ?)`).run(new Date().toISOString());
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    refuseWrites(Database.prototype, /SET state='interrupted'/);
    // SQLite keeps one descriptor of a closed connection while another connection of this process
    // (the engine worker's) holds the same file, and reuses it on the next open: count after one try.
    await callErr('projects.open', { path });
    const before = openFds();
    for (let i = 0; i < 5; i++) {
      const err = await callErr('projects.open', { path });
      expect(err.code).toBe('storage');
      expect(err.message).toContain(path);
      expect(err.message).toMatch(/^Could not open .*: the disk is full/);
    }
    expect(service.project).toBeNull();
    expect(openFds()).toBe(before);
    vi.restoreAllMocks();
    await call('projects.open', { path });
    expect((await call('jobs.get', { id: 'j-full' })).state).toBe('interrupted');
  });

  it('tells an I/O error from a full disk', () => {
    const io = new Database.SqliteError('disk I/O error', 'SQLITE_IOERR_WRITE');
    expect(describeStorageError(io, path)).toMatch(/input\/output error \(SQLITE_IOERR_WRITE/);
    expect(describeStorageError(full(), path)).toMatch(/the disk is full \(\d+ MB free at /);
  });
});
