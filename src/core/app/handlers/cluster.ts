// Handlers of the cluster commands: check a sweep (datasets trainable, settings valid, Cisgram built
// where the tasks will run it), start the 'cluster.sweep' job, report each task's state from the
// job's checkpoint, cancel the array (scancel). Also the two hooks the service calls: a cluster job
// cancelled from the job bar cancels its array too, and reopening a project resumes following.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ZodError } from 'zod';
import type { CisgramService, Handlers, OpenProject } from '../service';
import type { ClusterSubmitInput, ClusterSweepStatus, clusterCommands } from '../../../shared/api/cluster';
import { ApiError } from '../../../shared/api/errors';
import { getDataset } from '../../data/store';
import { makeConfig } from '../../train/config';
import { describeConfigError } from '../../train/catalog';
import { splitProblem } from '../../train/job';
import { unknownOverridesMessage } from '../../train/override-keys';
import { minLength, usesOverlapPenalties } from '../../model/kinds';
import { PROJECT_EXTENSION } from '../../store/project-db';
import { sweepTasks } from '../../cluster/plan';
import { sbatchScript } from '../../cluster/script';
import { FINAL, initialState, SweepParams, type SweepState } from '../../cluster/sweep-job';
import { cancel as scancel } from '../../cluster/slurm';
import { transportFor } from '../../cluster/transport';

export const CLUSTER_JOB_KIND = 'cluster.sweep';

/** This installation's folder (the one holding bin/cisgram.mjs), or null in a packaged app. */
export function installationDir(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'bin', 'cisgram.mjs')) && existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return null;
}

function stamp(d = new Date()): string {
  return d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/** Checks a sweep and makes the job's parameters (nothing is written). */
function plan(svc: CisgramService, input: ClusterSubmitInput): { params: SweepParams; problems: string[] } {
  const { db, path } = svc.requireProject();
  const problems: string[] = [];
  const names = new Map<number, string>();
  const unknown = unknownOverridesMessage(input.sweep.overrides);
  if (unknown) throw new ApiError('invalid_input', unknown);
  if ('seed' in input.sweep.overrides) throw new ApiError('invalid_input', 'The seeds of a sweep are its own list (one task per seed); leave “seed” out of the settings.');
  for (const id of new Set(input.sweep.datasetIds)) {
    const ds = getDataset(db, id);
    if (!ds) throw new ApiError('not_found', `No dataset ${id} in this project.`);
    names.set(id, ds.name);
  }
  for (const model of new Set(input.sweep.models))
    for (const preset of new Set(input.sweep.presets)) {
      let W: number;
      try {
        const off = usesOverlapPenalties(model) ? {} : { lambdaOverlap: { enabled: false }, lambdaL1: { enabled: false } };
        W = makeConfig(preset, { ...off, ...input.sweep.overrides, modelKind: model }).model.W;
      } catch (e) {
        if (e instanceof ZodError) throw new ApiError('invalid_input', `Some settings are out of range for ${model} ${preset} — ${describeConfigError(e)}.`, e.issues);
        throw e;
      }
      for (const [id, name] of names) {
        const problem = splitProblem(db, id, minLength(model, W));
        if (problem) throw new ApiError('invalid_input', `“${name}” cannot be trained with ${model}: ${problem}`);
      }
    }
  let tasks;
  try {
    tasks = sweepTasks(input.sweep, names);
  } catch (e) {
    throw new ApiError('invalid_input', (e as Error).message);
  }
  const base = basename(path, PROJECT_EXTENSION);
  // Unique even for two sweeps submitted in the same second (a folder is never reused).
  const folderName = `${input.sweep.name.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '') || 'sweep'}-${stamp()}-${randomUUID().slice(0, 6)}`;
  const folder = join(input.folder ? resolve(input.folder) : join(dirname(path), `${base}-cluster`), folderName);
  const target = input.target;
  const clusterFolder = target.kind === 'local' ? folder : `${target.remoteDir.replace(/\/+$/, '')}/${folderName}`;
  let cisgramDir = input.runtime.cisgramDir;
  if (!cisgramDir) {
    if (target.kind === 'ssh') throw new ApiError('invalid_input', 'Give the Cisgram folder on the cluster (a copy of Cisgram built there with npm install && npm run build).');
    cisgramDir = installationDir();
    if (!cisgramDir) throw new ApiError('invalid_input', 'This installation has no command-line engine to give the tasks; give the folder of a Cisgram checkout built with npm run build.');
  }
  if (target.kind === 'local') {
    if (!existsSync(join(cisgramDir, 'bin', 'cisgram.mjs'))) throw new ApiError('invalid_input', `${cisgramDir} is not a Cisgram folder (no bin/cisgram.mjs there).`);
    if (!existsSync(join(cisgramDir, process.env.CISGRAM_OUT ?? 'out', 'main', 'cli.js'))) problems.push(`Cisgram is not built in ${cisgramDir}: run npm run build there first (the tasks do not build it).`);
  }
  const params: SweepParams = {
    name: input.sweep.name, folder, clusterFolder, cisgramDir, target, resources: input.resources, runtime: input.runtime, tasks, pollSeconds: input.pollSeconds,
  };
  return { params, problems };
}

function targetLabel(p: SweepParams): string {
  return p.target.kind === 'local' ? 'Slurm on this machine' : `${p.target.user}@${p.target.host}`;
}

export function sweepStatus(svc: CisgramService, jobId: string): ClusterSweepStatus {
  const { db, jobs } = svc.requireProject();
  const job = jobs.get(jobId);
  if (job.kind !== CLUSTER_JOB_KIND) throw new ApiError('invalid_input', `Job ${jobId} is not a cluster sweep.`);
  const p = SweepParams.parse(jobs.params(jobId));
  const row = db.prepare('SELECT checkpoint FROM jobs WHERE id = ?').get(jobId) as { checkpoint: Buffer | null };
  const state: SweepState = row.checkpoint ? (JSON.parse(row.checkpoint.toString('utf8')) as SweepState) : initialState(p);
  return {
    jobId, job, name: p.name, target: targetLabel(p), folder: p.folder, clusterFolder: p.clusterFolder,
    slurmJobId: state.slurmJobId, submittedAt: state.submittedAt,
    tasks: state.tasks.map((t) => {
      const spec = p.tasks[t.index];
      return {
        index: t.index, datasetId: spec.datasetId, model: spec.model, preset: spec.preset, seed: spec.seed, name: spec.name,
        state: t.state, slurmState: t.slurmState, runId: t.runId, error: t.error, logTail: t.logTail,
        startedAt: t.startedAt, endedAt: t.endedAt, importedAt: t.importedAt,
      };
    }),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** scancel the array, stop following, and record the unfinished tasks as cancelled. */
export async function cancelSweep(svc: CisgramService, jobId: string): Promise<void> {
  const project = svc.requireProject();
  const job = project.jobs.get(jobId);
  const p = SweepParams.parse(project.jobs.params(jobId));
  const row = project.db.prepare('SELECT checkpoint FROM jobs WHERE id = ?').get(jobId) as { checkpoint: Buffer | null };
  const before: SweepState | null = row.checkpoint ? (JSON.parse(row.checkpoint.toString('utf8')) as SweepState) : null;
  if (before?.slurmJobId && before.tasks.some((t) => !FINAL.has(t.state))) {
    try {
      await scancel(transportFor(p.target), before.slurmJobId);
    } catch (e) {
      throw new ApiError('conflict', `Could not cancel Slurm job ${before.slurmJobId}: ${(e as Error).message}`);
    }
  }
  if (job.state === 'running' || job.state === 'queued' || job.state === 'interrupted') {
    project.jobs.cancel(jobId);
    // The follower writes its checkpoint until it stops: wait for it, then mark what was left.
    for (let i = 0; i < 150 && project.jobs.get(jobId).state === 'running'; i++) await sleep(100);
  }
  const latest = project.db.prepare('SELECT checkpoint FROM jobs WHERE id = ?').get(jobId) as { checkpoint: Buffer | null };
  const state: SweepState = latest.checkpoint ? (JSON.parse(latest.checkpoint.toString('utf8')) as SweepState) : initialState(p);
  state.cancelled = true;
  for (const t of state.tasks) if (!FINAL.has(t.state) && t.state !== 'completed') Object.assign(t, { state: 'cancelled', error: t.error ?? 'cancelled (scancel)' });
  project.db.prepare('UPDATE jobs SET checkpoint = ? WHERE id = ?').run(Buffer.from(JSON.stringify(state)), jobId);
}

/** Reopening a project resumes following the sweeps that were being followed when it closed. */
export function resumeClusterSweeps(project: OpenProject): void {
  if (project.readOnly) return;
  const rows = project.db.prepare(`SELECT id FROM jobs WHERE kind = ? AND state = 'interrupted' AND checkpoint IS NOT NULL ORDER BY created_at`).all(CLUSTER_JOB_KIND) as { id: string }[];
  for (const r of rows) project.jobs.resume(r.id);
}

export function clusterHandlers(svc: CisgramService): Pick<Handlers, keyof typeof clusterCommands> {
  return {
    'cluster.preview': (input) => {
      const { params, problems } = plan(svc, input);
      return { tasks: params.tasks, problems, script: sbatchScript({ jobName: params.name, tasks: params.tasks, resources: params.resources, runtime: params.runtime, cisgramDir: params.cisgramDir }) };
    },
    'cluster.submit': (input) => {
      const { params, problems } = plan(svc, input);
      if (problems.length) throw new ApiError('invalid_input', problems.join(' '));
      const job = svc.requireProject().jobs.start(CLUSTER_JOB_KIND, `Cluster “${params.name}” (${params.tasks.length} task${params.tasks.length > 1 ? 's' : ''}, ${targetLabel(params)})`, params);
      return { job, tasks: params.tasks };
    },
    'cluster.sweeps': () => {
      const { jobs } = svc.requireProject();
      return jobs.list().filter((j) => j.kind === CLUSTER_JOB_KIND).map((j) => sweepStatus(svc, j.id));
    },
    'cluster.status': ({ jobId }) => sweepStatus(svc, jobId),
    'cluster.cancel': async ({ jobId }) => {
      sweepStatus(svc, jobId);
      await cancelSweep(svc, jobId);
      return sweepStatus(svc, jobId);
    },
  };
}
