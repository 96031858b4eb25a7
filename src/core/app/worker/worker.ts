// The engine worker: a worker thread that owns TensorFlow.js and runs one job at a time, so that
// no long computation ever runs on the main or server event loop.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { ToWorker, type FromWorker } from '../../jobs/protocol';
import { CancelledError, type JobContext } from '../../jobs/context';
import { JOB_KINDS } from './job-kinds';
import { isJobKind } from '../../../shared/api/job-contract';
import { startEngine } from './engine-start';
import { dbOptions, immediateTransactions } from '../../store/project-db';
import { CALLS } from './calls';
import { describeStorageError, isStorageError } from '../../store/storage-errors';
import { WorkerPool, type PoolWorkerData } from '../../jobs/pool';
import { poolMain } from './pool-worker';

if (!parentPort) throw new Error('worker.ts must run in a worker thread');
const port = parentPort;
const wd = workerData as (Partial<PoolWorkerData> & { entry?: string }) | undefined;
const isPool = wd?.role === 'pool';
if (isPool) void poolMain(port, wd as PoolWorkerData);
const send = (m: FromWorker) => port.postMessage(m);

const running = new Map<string, AbortController>();
const dbs = new Map<string, Database.Database>();
let backend: string | null = null;

function projectDb(path: string): Database.Database {
  let db = dbs.get(path);
  if (!db) {
    db = immediateTransactions(new Database(path, dbOptions({ fileMustExist: true })));
    db.pragma('busy_timeout = 10000');
    db.pragma('foreign_keys = ON');
    dbs.set(path, db);
  }
  return db;
}

const engineReady = isPool ? Promise.resolve() : startEngine().then((info) => {
  backend = info.backend;
  send({ type: 'engine', engine: info });
});

// The engine worker pool (data-parallel training, per-sequence jobs): started on first use with the
// helpers a job asks for, kept for later jobs, replaced when a job needs more or a worker failed.
let pool: Promise<WorkerPool> | null = null;
async function helperPool(helpers: number): Promise<WorkerPool | null> {
  if (helpers < 1 || !wd?.entry) return null;
  const cur = pool ? await pool.catch(() => null) : null;
  if (cur && cur.healthy && cur.size >= helpers) return cur;
  if (cur) await cur.close();
  pool = WorkerPool.start(wd.entry, helpers, backend);
  return pool;
}

async function run(msg: Extract<ToWorker, { type: 'run' }>): Promise<void> {
  const ac = new AbortController();
  running.set(msg.jobId, ac);
  try {
    await engineReady;
    const handler = isJobKind(msg.kind) ? JOB_KINDS[msg.kind] : undefined;
    if (!handler) throw new Error(`unknown job kind '${msg.kind}'`);
    const ctx: JobContext = {
      jobId: msg.jobId,
      params: msg.params,
      checkpoint: msg.checkpoint,
      signal: ac.signal,
      projectPath: msg.projectPath,
      backend,
      pool: helperPool,
      db: () => projectDb(msg.projectPath),
      progress: (u) => send({ type: 'progress', jobId: msg.jobId, ...u }),
      saveCheckpoint: (data) => {
        projectDb(msg.projectPath)
          .prepare('UPDATE jobs SET checkpoint = ?, checkpoint_at = ? WHERE id = ?')
          .run(Buffer.from(data.buffer, data.byteOffset, data.byteLength), new Date().toISOString(), msg.jobId);
        send({ type: 'checkpoint', jobId: msg.jobId });
      },
      throwIfCancelled: () => {
        if (ac.signal.aborted) throw new CancelledError();
      },
    };
    const result = await handler(ctx);
    if (ac.signal.aborted) send({ type: 'cancelled', jobId: msg.jobId });
    else send({ type: 'done', jobId: msg.jobId, result: result ?? null });
  } catch (e) {
    if (e instanceof CancelledError || ac.signal.aborted) send({ type: 'cancelled', jobId: msg.jobId });
    else {
      // A full or failing disk under the project file: say which file and how much space is left.
      const error = isStorageError(e) ? describeStorageError(e, msg.projectPath) : ((e as Error)?.message ?? String(e));
      send({ type: 'failed', jobId: msg.jobId, error });
    }
  } finally {
    running.delete(msg.jobId);
  }
}

async function call(msg: Extract<ToWorker, { type: 'call' }>): Promise<void> {
  try {
    await engineReady;
    const fn = CALLS[msg.method];
    if (!fn) throw new Error(`unknown engine call '${msg.method}'`);
    const result = await fn(msg.args, { db: projectDb, backend });
    send({ type: 'callResult', id: msg.id, ok: true, result: result ?? null });
  } catch (e) {
    send({ type: 'callResult', id: msg.id, ok: false, error: (e as Error)?.message ?? String(e) });
  }
}

if (!isPool) port.on('message', (raw: unknown) => {
  const parsed = ToWorker.safeParse(raw);
  if (!parsed.success) return; // the manager is the only sender; a malformed message is a bug we must not act on
  const msg = parsed.data;
  if (msg.type === 'run') void run(msg);
  else if (msg.type === 'call') void call(msg);
  else running.get(msg.jobId)?.abort();
});
