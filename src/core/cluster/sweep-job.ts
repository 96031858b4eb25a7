// The cluster sweep job (kind 'cluster.sweep'): writes the job folder, sends it (scp over SSH),
// submits it (sbatch), then follows it — one look at squeue and the tasks' status files every
// pollSeconds — and imports each finished task's run into the project (the model file the task
// exported, byte for byte). Everything it knows is in its checkpoint, so closing the app loses
// nothing: resuming the job (done on reopen) follows the same Slurm job on. Cancelling the job only
// stops following; cancelling the array (scancel) is cluster.cancel.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClusterSweepJobParams, type ClusterTaskState } from '../../shared/api/cluster';
import type { z } from 'zod';
import { CancelledError, textCodec, type JobContext } from '../jobs/context';
import { importRun, renameRun } from '../train/runs';
import { TrainConfigSchema } from '../train/config';
import { writeDatasetFile } from './dataset-file';
import { DATA_DIR, datasetFile, LOGS_DIR, MODEL_NAME, SCRIPT_NAME, sbatchScript, TASKS_DIR } from './script';
import { look, logTail, submit, type Snapshot } from './slurm';
import { transportFor, type Transport } from './transport';

export const SweepParams = ClusterSweepJobParams;
export type SweepParams = z.infer<typeof SweepParams>;

export interface TaskProgress {
  index: number;
  state: ClusterTaskState;
  slurmState: string | null;
  runId: number | null;
  error: string | null;
  logTail: string | null;
  startedAt: number | null;
  endedAt: number | null;
  importedAt: number | null;
  /** Looks in a row that found the task neither queued nor ended (it vanished: cancelled or lost). */
  missing: number;
}

export interface SweepState {
  written: boolean;
  slurmJobId: string | null;
  submittedAt: number | null;
  cancelled: boolean;
  tasks: TaskProgress[];
}

export const FINAL: ReadonlySet<ClusterTaskState> = new Set(['imported', 'failed', 'cancelled']);
/** A task absent from squeue with no end recorded is concluded lost after this many looks. */
const MISSING_LOOKS = 3;

export function initialState(p: SweepParams): SweepState {
  return {
    written: false, slurmJobId: null, submittedAt: null, cancelled: false,
    tasks: p.tasks.map((t) => ({ index: t.index, state: 'waiting', slurmState: null, runId: null, error: null, logTail: null, startedAt: null, endedAt: null, importedAt: null, missing: 0 })),
  };
}

/** The job folder: datasets, one folder per task (its settings), logs/, the sbatch script. */
export function writeJobFolder(ctx: JobContext, p: SweepParams): void {
  rmSync(p.folder, { recursive: true, force: true });
  for (const d of [DATA_DIR, TASKS_DIR, LOGS_DIR]) mkdirSync(join(p.folder, d), { recursive: true });
  const datasets = [...new Set(p.tasks.map((t) => t.datasetId))];
  datasets.forEach((id, i) => {
    ctx.throwIfCancelled();
    ctx.progress({ fraction: 0, message: `writing dataset ${i + 1}/${datasets.length} into the job folder` });
    writeDatasetFile(ctx.db(), id, join(p.folder, datasetFile(id)));
  });
  for (const t of p.tasks) {
    const dir = join(p.folder, TASKS_DIR, String(t.index));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'config.json'), `${JSON.stringify(t, null, 2)}\n`);
    writeFileSync(join(dir, 'overrides.json'), JSON.stringify(t.overrides));
  }
  writeFileSync(join(p.folder, SCRIPT_NAME), sbatchScript({ jobName: p.name, tasks: p.tasks, resources: p.resources, runtime: p.runtime, cisgramDir: p.cisgramDir }), { mode: 0o755 });
  writeFileSync(join(p.folder, 'sweep.json'), `${JSON.stringify({ name: p.name, resources: p.resources, runtime: p.runtime, tasks: p.tasks.length, writtenAt: new Date().toISOString() }, null, 2)}\n`);
}

/** Updates each task from one look at the array; returns the tasks that just completed. */
export function applySnapshot(state: SweepState, snap: Snapshot): TaskProgress[] {
  const completed: TaskProgress[] = [];
  for (const task of state.tasks) {
    if (FINAL.has(task.state) || task.state === 'completed') continue;
    const s = snap.tasks.get(task.index);
    if (s?.startedAt) task.startedAt = s.startedAt;
    if (s?.outcome === 'done') {
      task.state = 'completed';
      task.slurmState = 'COMPLETED';
      task.endedAt = s.endedAt;
      completed.push(task);
    } else if (s?.outcome === 'failed') {
      task.endedAt = s.endedAt;
      task.slurmState = s.accounting?.state ?? (s.exitCode === 143 ? 'CANCELLED' : 'FAILED');
      task.state = state.cancelled || s.accounting?.state.startsWith('CANCELLED') ? 'cancelled' : 'failed';
      task.error = s.exitCode === 143 ? 'stopped by Slurm (cancelled, or over its time limit)' : `the task ended with exit code ${s.exitCode}`;
    } else if (s?.queue) {
      task.missing = 0;
      task.slurmState = s.queue;
      task.state = s.queue === 'PENDING' || s.queue === 'CONFIGURING' || s.queue === 'REQUEUED' ? 'pending' : 'running';
      if (task.state === 'running') task.startedAt ??= Date.now() / 1000;
    } else if (snap.queueOk) {
      const acc = s?.accounting;
      if (acc && !['PENDING', 'RUNNING', 'COMPLETING'].includes(acc.state)) {
        task.slurmState = acc.state;
        task.state = state.cancelled || acc.state.startsWith('CANCELLED') ? 'cancelled' : 'failed';
        task.error = `Slurm reports ${acc.state} (exit code ${acc.exitCode}) and the task left no result`;
      } else if (++task.missing >= MISSING_LOOKS) {
        task.state = state.cancelled ? 'cancelled' : 'failed';
        task.slurmState ??= 'GONE';
        task.error = task.startedAt ? 'the task left the queue without finishing (killed, out of memory or over its time limit)' : 'the task left the queue without starting';
      }
    }
  }
  return completed;
}

export function summarize(state: SweepState): string {
  const counts = new Map<string, number>();
  for (const t of state.tasks) counts.set(t.state, (counts.get(t.state) ?? 0) + 1);
  const order: ClusterTaskState[] = ['imported', 'completed', 'running', 'pending', 'waiting', 'failed', 'cancelled'];
  return `${state.tasks.length} task(s): ${order.filter((s) => counts.get(s)).map((s) => `${counts.get(s)} ${s}`).join(', ')}`;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new CancelledError());
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

async function importTask(ctx: JobContext, p: SweepParams, tr: Transport, task: TaskProgress): Promise<void> {
  const spec = p.tasks[task.index];
  const remote = `${p.clusterFolder}/${TASKS_DIR}/${task.index}/${MODEL_NAME}`;
  const local = p.target.kind === 'local' ? remote : join(p.folder, TASKS_DIR, String(task.index), MODEL_NAME);
  await tr.download(remote, local).catch((e: Error) => {
    if (p.target.kind !== 'local') throw e;
  });
  ctx.throwIfCancelled();
  const bytes = new Uint8Array(readFileSync(local));
  const db = ctx.db();
  task.runId = db.transaction(() => {
    const id = importRun(db, bytes, spec.datasetId, (c) => TrainConfigSchema.parse(c));
    renameRun(db, id, spec.name);
    return id;
  })();
  task.state = 'imported';
  task.importedAt = Date.now() / 1000;
}

export async function clusterSweepJob(ctx: JobContext): Promise<unknown> {
  const p = SweepParams.parse(ctx.params);
  const state: SweepState = ctx.checkpoint ? textCodec.decode<SweepState>(ctx.checkpoint) : initialState(p);
  const save = () => ctx.saveCheckpoint(textCodec.encode(state));
  const tr = transportFor(p.target);
  const n = state.tasks.length;
  let lastReport = { message: '', at: 0 };
  // One update when something changed (and a heartbeat a minute): a poll is not news. No time left is
  // guessed before a task has ended (queue waits say nothing about it).
  const report = (message: string) => {
    const done = state.tasks.filter((t) => FINAL.has(t.state)).length;
    if (message === lastReport.message && Date.now() - lastReport.at < 60_000) return;
    lastReport = { message, at: Date.now() };
    ctx.progress({ fraction: 0.02 + (0.98 * done) / n, message, ...(done ? {} : { estimating: true }) });
  };

  if (!state.written) {
    writeJobFolder(ctx, p);
    state.written = true;
    save();
  }
  if (!state.slurmJobId) {
    ctx.throwIfCancelled();
    if (p.target.kind === 'ssh') {
      ctx.progress({ fraction: 0.01, message: `copying the job folder to ${tr.label}` });
      await tr.upload(p.folder, p.clusterFolder);
    }
    ctx.progress({ fraction: 0.01, message: `submitting to Slurm on ${tr.label}` });
    state.submittedAt = Date.now() / 1000;
    state.slurmJobId = await submit(tr, p.clusterFolder);
    for (const t of state.tasks) t.state = 'pending';
    save();
  }
  report(`Slurm job ${state.slurmJobId}: ${summarize(state)}`);

  let lastError: string | null = null;
  while (state.tasks.some((t) => !FINAL.has(t.state))) {
    ctx.throwIfCancelled();
    let snap: Snapshot | null = null;
    try {
      snap = await look(tr, p.clusterFolder, state.slurmJobId);
      // Stopped meanwhile (the project closed): the job resumed on reopen carries on from the checkpoint.
      ctx.throwIfCancelled();
      lastError = snap.queueOk ? null : `squeue: ${snap.queueError}`;
    } catch (e) {
      // The login node may be unreachable for a while (network, maintenance): keep following.
      lastError = (e as Error).message;
    }
    const before = JSON.stringify(state.tasks);
    if (snap) applySnapshot(state, snap);
    for (const task of state.tasks) {
      if (task.state === 'failed' && task.logTail === null) task.logTail = (await logTail(tr, p.clusterFolder, task.index).catch(() => null)) ?? '';
      if (task.state !== 'completed') continue;
      ctx.throwIfCancelled();
      try {
        await importTask(ctx, p, tr, task);
        save(); // with the import, before anything else can run: a resumed job never imports it twice
      } catch (e) {
        if (e instanceof CancelledError) throw e;
        task.state = 'failed';
        task.error = `its run could not be imported: ${(e as Error).message}`;
      }
    }
    ctx.throwIfCancelled();
    if (JSON.stringify(state.tasks) !== before) save();
    report(`Slurm job ${state.slurmJobId}: ${summarize(state)}${lastError ? ` — ${lastError}` : ''}`);
    if (state.tasks.every((t) => FINAL.has(t.state))) break;
    await sleep(p.pollSeconds * 1000, ctx.signal);
  }
  const imported = state.tasks.filter((t) => t.state === 'imported');
  return {
    slurmJobId: state.slurmJobId,
    runIds: imported.map((t) => t.runId),
    imported: imported.length,
    failed: state.tasks.filter((t) => t.state === 'failed').length,
    cancelled: state.tasks.filter((t) => t.state === 'cancelled').length,
  };
}
