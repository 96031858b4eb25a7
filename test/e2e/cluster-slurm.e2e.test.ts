// A sweep through a real Slurm (.ci/slurm-up.sh starts one on this machine): the app's cluster.submit
// sends a 3-task array (three seeds of a tiny ARGMINN on a small simulated dataset), follows it, and
// imports three runs whose weights are byte for byte those of the same three configs trained here
// with train.start. Then the same through SSH to 127.0.0.1 (the login-node path: scp, ssh sbatch).
// Skipped, with the reason in the title, where Slurm, the built engine or the SSH login is missing.
// In the e2e suite (one file at a time): its tasks take both cores for minutes, which would starve
// the unit suite's parallel files.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CisgramService } from '../../src/core/app/service';
import { dispatch } from '../../src/core/app/dispatch';
import { readRunFile, runModelBytes } from '../../src/core/train/runs';
import type { ClusterSweepStatus, CommandName, Input, JobInfo, Output } from '../../src/shared/api';
import { builtProblem, root, slurmProblem, sshLogin } from '../unit/cluster/slurm-env';

const problem = slurmProblem() ?? builtProblem();
const ssh = problem ? null : sshLogin();
const sshProblem = problem ?? (ssh && 'problem' in ssh ? ssh.problem : null);

const SEEDS = [1, 2, 3];
const OVERRIDES = { epochs: 2, model: { F: 4 }, batchSize: 32 };

let dir: string;
let svc: CisgramService;
let datasetId: number;
const localModel = new Map<number, Buffer>();

/** The weights of a model blob: everything after its JSON header (which names the run and the time). */
function weights(blob: Uint8Array): Buffer {
  const b = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  const hl = b.readUInt32LE(8);
  return b.subarray(12 + hl + ((4 - ((12 + hl) % 4)) % 4));
}

async function call<K extends CommandName>(name: K, input: Input<K>): Promise<Output<K>> {
  const r = await dispatch(svc, name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.value as Output<K>;
}

async function waitEnd(id: string, minutes: number): Promise<JobInfo> {
  const until = Date.now() + minutes * 60_000;
  for (;;) {
    const j = await call('jobs.get', { id });
    if (!['queued', 'running'].includes(j.state)) return j;
    if (Date.now() > until) throw new Error(`job ${j.title} still ${j.state} after ${minutes} min: ${j.message}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function sweepAndCheck(target: Input<'cluster.submit'>['target'], name: string, reopen = false): Promise<ClusterSweepStatus> {
  const { job, tasks } = await call('cluster.submit', {
    sweep: { datasetIds: [datasetId], models: ['argminn'], presets: ['quick'], seeds: SEEDS, overrides: OVERRIDES, name },
    resources: { time: '00:10:00', memory: '1G', cpus: 1 },
    target,
    runtime: { cisgramDir: root },
    folder: join(dir, 'jobs'),
    pollSeconds: 1,
  });
  expect(tasks.map((t) => t.seed)).toEqual(SEEDS);
  if (reopen) {
    // Closing the project (the app) once the array is submitted loses nothing: reopening follows it on.
    while (!(await call('cluster.status', { jobId: job.id })).slurmJobId) await new Promise((r) => setTimeout(r, 200));
    const path = svc.project!.path;
    svc.closeProject();
    await call('projects.open', { path });
    expect(['queued', 'running']).toContain((await call('jobs.get', { id: job.id })).state);
  }
  const end = await waitEnd(job.id, 8);
  const s = await call('cluster.status', { jobId: job.id });
  expect(end.state, `${end.error ?? end.message}\n${s.tasks.map((t) => `${t.index}: ${t.state} ${t.error ?? ''}\n${t.logTail ?? ''}`).join('\n')}`).toBe('done');
  expect(s.slurmJobId).toMatch(/^\d+$/);
  expect(s.tasks.map((t) => t.state)).toEqual(['imported', 'imported', 'imported']);
  const db = svc.project!.db;
  const runs = await call('train.runs', {});
  for (const t of s.tasks) {
    const run = runs.find((r) => r.id === t.runId)!;
    expect(run.seed).toBe(t.seed);
    expect(run.name).toBe(t.name);
    expect(run.datasetId).toBe(datasetId);
    const imported = runModelBytes(db, t.runId!);
    // The model the task wrote on the cluster, byte for byte …
    const file = readFileSync(join(s.folder, 'tasks', String(t.index), 'run.cisgram-model'));
    expect(Buffer.from(readRunFile(new Uint8Array(file)).model).equals(Buffer.from(imported))).toBe(true);
    // … with the weights of the same config trained here.
    expect(weights(imported).length).toBeGreaterThan(1000);
    expect(weights(imported).equals(localModel.get(t.seed)!), `task ${t.index} (seed ${t.seed}): weights differ from the local run`).toBe(true);
  }
  // Three seeds give three different models (the comparison above can fail).
  expect(new Set(s.tasks.map((t) => weights(runModelBytes(db, t.runId!)).toString('base64'))).size).toBe(3);
  return s;
}

describe.skipIf(!!problem)('cluster sweeps on a real Slurm', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cisgram-slurm-'));
    svc = new CisgramService({ dataDir: join(dir, 'data'), mode: 'browser' });
    await call('projects.create', { name: 'cluster', dir });
    const sim = await call('data.simulate', { name: 'tiny', recipe: 'demo-gata-tal1-spacing', nPositives: 150, nNegatives: 150, length: 100, seed: 7 } as Input<'data.simulate'>);
    const simEnd = await waitEnd(sim.id, 3);
    datasetId = (simEnd.result as { datasetId: number }).datasetId;
    for (const seed of SEEDS) {
      const { run, job } = await call('train.start', { datasetId, model: 'argminn', preset: 'quick', overrides: { ...OVERRIDES, seed } });
      expect((await waitEnd(job.id, 3)).state).toBe('done');
      localModel.set(seed, Buffer.from(weights(runModelBytes(svc.project!.db, run.id))));
    }
  }, 8 * 60_000);

  afterAll(async () => {
    await svc?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('submits a 3-task array with sbatch here, follows it across closing and reopening the project, and imports three runs with the weights of the same configs trained locally', async () => {
    const s = await sweepAndCheck({ kind: 'local' }, 'local', true);
    expect(s.target).toBe('Slurm on this machine');
  }, 10 * 60_000);

  it('Cancel runs scancel: the array leaves the queue, its unfinished tasks show cancelled, nothing is imported', async () => {
    const runsBefore = (await call('train.runs', {})).length;
    const { job } = await call('cluster.submit', {
      sweep: { datasetIds: [datasetId], models: ['argminn'], presets: ['quick'], seeds: [11, 12, 13], overrides: OVERRIDES, name: 'cancelled' },
      resources: { time: '00:10:00', memory: '1G' },
      runtime: { cisgramDir: root },
      folder: join(dir, 'jobs'),
      pollSeconds: 1,
    });
    let s = await call('cluster.status', { jobId: job.id });
    while (!s.tasks.some((t) => t.state === 'running')) {
      expect(['queued', 'running']).toContain(s.job.state);
      await new Promise((r) => setTimeout(r, 300));
      s = await call('cluster.status', { jobId: job.id });
    }
    const after = await call('jobs.cancel', { id: job.id });
    expect(after.state).toBe('cancelled');
    const end = await call('cluster.status', { jobId: job.id });
    expect(end.tasks.map((t) => t.state)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    const q = spawnSync('squeue', ['-h', '-j', end.slurmJobId!, '-o', '%i %T'], { encoding: 'utf8' });
    expect(q.stdout.split('\n').filter((l) => /RUNNING|PENDING/.test(l))).toEqual([]);
    expect((await call('train.runs', {})).length).toBe(runsBefore);
  }, 3 * 60_000);

  it('a failed task shows its exit code and the end of its Slurm log; the sweep still ends', async () => {
    const { job } = await call('cluster.submit', {
      sweep: { datasetIds: [datasetId], models: ['argminn'], presets: ['quick'], seeds: [21], overrides: OVERRIDES, name: 'failing' },
      resources: { time: '00:05:00', memory: '1G' },
      runtime: { cisgramDir: root, setup: 'echo "the module system says no" >&2\nexit 3' },
      folder: join(dir, 'jobs'),
      pollSeconds: 1,
    });
    expect((await waitEnd(job.id, 5)).state).toBe('done');
    const [t] = (await call('cluster.status', { jobId: job.id })).tasks;
    expect(t).toMatchObject({ state: 'failed', error: 'the task ended with exit code 3', runId: null });
    expect(t.logTail).toMatch(/the module system says no/);
  }, 5 * 60_000);

  it.skipIf(!!sshProblem)(`does the same through SSH to 127.0.0.1 (scp, ssh sbatch/squeue)${sshProblem ? ` — skipped: ${sshProblem}` : ''}`, async () => {
    const t = (ssh as { target: Omit<Extract<Input<'cluster.submit'>['target'], { kind: 'ssh' }>, 'remoteDir'> }).target;
    const s = await sweepAndCheck({ ...t, remoteDir: join(dir, 'remote') }, 'ssh');
    expect(s.clusterFolder.startsWith(join(dir, 'remote'))).toBe(true);
    expect(s.target).toBe(`${t.user}@${t.host}`);
  }, 10 * 60_000);
});

describe.skipIf(!problem)(`cluster sweeps on a real Slurm — skipped: ${problem}`, () => {
  it('needs Slurm', () => undefined);
});
