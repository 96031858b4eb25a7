import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CisgramService } from '../../../src/core/app/service';
import { dispatch } from '../../../src/core/app/dispatch';
import type { ApiEvent, JobInfo } from '../../../src/shared/api';
import { apiClient } from '../api-client';

process.env.CISGRAM_ENGINE = 'none';

let service: CisgramService;
const events: ApiEvent[] = [];
const { call } = apiClient(() => service);
const waitFor = async (pred: () => boolean, ms = 20_000) => {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};
const lastJob = (id: string) => [...events].reverse().find((e): e is Extract<ApiEvent, { type: 'job' }> => e.type === 'job' && e.job.id === id)?.job;

beforeAll(async () => {
  service = new CisgramService({ dataDir: mkdtempSync(join(tmpdir(), 'cisgram-jobs-')), mode: 'browser' });
  service.events.on((e) => events.push(e));
  await call('projects.create', { name: 'Jobs' });
});
afterAll(async () => service.dispose());

describe('job system', () => {
  it('runs a job in the worker, reports progress with metric points and an ETA, and finishes', async () => {
    const job: JobInfo = await call('jobs.startTest', { steps: 5, stepMs: 30 });
    await waitFor(() => lastJob(job.id)?.state === 'done');
    const fractions = events.filter((e) => e.type === 'job' && e.job.id === job.id).map((e) => (e as any).job.fraction);
    expect(fractions).toContain(0.4);
    const final: JobInfo = await call('jobs.get', { id: job.id });
    expect(final.result).toEqual({ steps: 5, resumedFrom: 0 });
    expect(final.hasCheckpoint).toBe(true);
    const points = await call('jobs.metrics', { id: job.id });
    expect(points.map((p: any) => p.y)).toEqual([1, 4, 9, 16, 25]);
  });

  it('keeps the event loop free while a job runs', async () => {
    const job: JobInfo = await call('jobs.startTest', { steps: 10, stepMs: 20 });
    let maxGap = 0;
    let last = Date.now();
    const timer = setInterval(() => {
      const now = Date.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    }, 5);
    await waitFor(() => lastJob(job.id)?.state === 'done');
    clearInterval(timer);
    expect(maxGap).toBeLessThan(200);
  });

  it('cancels a running job and resumes it from its checkpoint', async () => {
    const job: JobInfo = await call('jobs.startTest', { steps: 40, stepMs: 25 });
    await waitFor(() => (lastJob(job.id)?.fraction ?? 0) >= 0.25);
    await call('jobs.cancel', { id: job.id });
    await waitFor(() => lastJob(job.id)?.state === 'cancelled');
    const cancelled: JobInfo = await call('jobs.get', { id: job.id });
    expect(cancelled.fraction).toBeGreaterThan(0.2);
    expect(cancelled.fraction).toBeLessThan(1);
    await call('jobs.resume', { id: job.id });
    await waitFor(() => lastJob(job.id)?.state === 'done');
    const done: JobInfo = await call('jobs.get', { id: job.id });
    expect((done.result as any).steps).toBe(40);
    expect((done.result as any).resumedFrom).toBeGreaterThanOrEqual(10);
  });

  it('records a failing job as failed with its message', async () => {
    const job: JobInfo = await call('jobs.startTest', { steps: 5, stepMs: 5, failAt: 2 });
    await waitFor(() => lastJob(job.id)?.state === 'failed');
    expect((await call('jobs.get', { id: job.id })).error).toMatch(/on purpose at step 2/);
  });

  it('finds a job as interrupted after the app died, with its checkpoint intact, and resumes it', async () => {
    const job: JobInfo = await call('jobs.startTest', { steps: 50, stepMs: 20 });
    await waitFor(() => (lastJob(job.id)?.fraction ?? 0) >= 0.2);
    const path: string = (await call('projects.current')).path;
    // Simulate a kill: the worker dies and the project is reopened by a fresh service, with no clean shutdown.
    await service.engine.stop();
    service.project!.lock!.abandon(); // and leaves its lock file behind, as a killed process does
    const raw = new Database(path, { readonly: true });
    const row = raw.prepare('SELECT state, checkpoint FROM jobs WHERE id=?').get(job.id) as { state: string; checkpoint: Buffer };
    raw.close();
    expect(row.state).toBe('running');
    const stepAtKill = JSON.parse(row.checkpoint.toString()).step as number;
    expect(stepAtKill).toBeGreaterThan(0);

    const second = new CisgramService({ dataDir: mkdtempSync(join(tmpdir(), 'cisgram-jobs2-')), mode: 'browser' });
    const seen: ApiEvent[] = [];
    second.events.on((e) => seen.push(e));
    try {
      const r = await dispatch(second, 'projects.open', { path });
      expect(r.ok).toBe(true);
      const found = (await dispatch(second, 'jobs.get', { id: job.id })) as any;
      expect(found.value.state).toBe('interrupted');
      expect(found.value.hasCheckpoint).toBe(true);
      await dispatch(second, 'jobs.resume', { id: job.id });
      await waitFor(() => seen.some((e) => e.type === 'job' && e.job.id === job.id && e.job.state === 'done'));
      const done = (await dispatch(second, 'jobs.get', { id: job.id })) as any;
      expect(done.value.result.resumedFrom).toBeGreaterThanOrEqual(stepAtKill);
    } finally {
      await second.dispose();
    }
  });
});
