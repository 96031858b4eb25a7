// A job resumed the moment its project is reopened (cluster sweeps are, on every open) while its
// cancelled run is still winding down in the engine: the resumed run waits for the old one and is
// not ended by it — it finishes from the checkpoint, done.
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CisgramService } from '../../../src/core/app/service';
import type { JobInfo } from '../../../src/shared/api';
import { apiClient } from '../api-client';

process.env.CISGRAM_ENGINE = 'none';
const dir = mkdtempSync(join(tmpdir(), 'cisgram-reopen-'));
const service = new CisgramService({ dataDir: dir, mode: 'browser' });
const { call } = apiClient(() => service);
afterAll(async () => {
  await service.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('resuming a job right after reopening its project', () => {
  it('runs the resumed job to its end instead of taking the closed run’s “cancelled” for it', async () => {
    await call('projects.create', { name: 'Reopen' });
    const path = service.project!.path;
    const job: JobInfo = await call('jobs.startTest', { steps: 30, stepMs: 60 });
    while ((await call('jobs.get', { id: job.id })).fraction < 0.1) await new Promise((r) => setTimeout(r, 20));
    service.closeProject();
    await call('projects.open', { path });
    expect((await call('jobs.get', { id: job.id })).state).toBe('interrupted');
    await call('jobs.resume', { id: job.id });
    let j: JobInfo;
    do {
      await new Promise((r) => setTimeout(r, 50));
      j = await call('jobs.get', { id: job.id });
    } while (j.state === 'queued' || j.state === 'running');
    expect(j.state).toBe('done');
    expect((j.result as { resumedFrom: number }).resumedFrom).toBeGreaterThan(0);
  }, 60_000);
});
