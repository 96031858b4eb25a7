// The engine worker pool: N extra worker threads, each with its own TensorFlow.js engine on the
// same backend as the engine worker, that run named tasks (registered by the app's pool entry,
// src/core/app/worker/pool-tasks.ts) for data-parallel training and per-sequence jobs. The caller
// decides which worker gets which piece, so results never depend on timing. A worker that throws or
// dies fails every task it holds, and the pool, with a sentence naming the worker.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';

/** What data-parallel code needs from a pool (a fake in tests; WorkerPool in the app). */
export interface PoolLike {
  /** Number of helper workers (0 = everything runs on the calling thread). */
  readonly size: number;
  run<T = unknown>(worker: number, task: string, args: unknown, transfer?: ArrayBuffer[]): Promise<T>;
}

export type ToPool = { type: 'task'; id: number; task: string; args: unknown };
export type FromPool =
  | { type: 'ready'; backend: string | null; error?: string }
  | { type: 'result'; id: number; ok: boolean; result?: unknown; error?: string };

/** workerData of a pool worker: the engine entry runs the pool loop instead of the job loop. */
export interface PoolWorkerData { role: 'pool'; entry: string; backend: string | null; index: number }

export class PoolError extends Error {
  constructor(message: string) { super(message); this.name = 'PoolError'; }
}

interface Pending { resolve: (v: unknown) => void; reject: (e: Error) => void; worker: number }

export class WorkerPool implements PoolLike {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private broken: Error | null = null;
  private closing = false;

  private constructor(readonly size: number) {}

  /** Start `size` pool workers from the engine `entry` and wait until each has its backend ready. */
  static async start(entry: string, size: number, backend: string | null): Promise<WorkerPool> {
    const pool = new WorkerPool(size);
    const ready: Promise<void>[] = [];
    for (let i = 0; i < size; i++) {
      const data: PoolWorkerData = { role: 'pool', entry, backend, index: i };
      const w = new Worker(entry, { workerData: data });
      pool.workers.push(w);
      ready.push(new Promise<void>((resolve, reject) => {
        const onMsg = (m: FromPool) => {
          if (m.type !== 'ready') return;
          w.off('message', onMsg);
          if (m.error) reject(new PoolError(`engine worker ${i + 1} of ${size} could not start: ${m.error}`));
          else if (backend && m.backend !== backend) reject(new PoolError(`engine worker ${i + 1} of ${size} started on ${m.backend ?? 'no'} backend, not ${backend}`));
          else resolve();
        };
        w.on('message', onMsg);
        w.once('error', (e) => reject(new PoolError(`engine worker ${i + 1} of ${size} could not start: ${e.message}`)));
        w.once('exit', (code) => reject(new PoolError(`engine worker ${i + 1} of ${size} exited (code ${code}) while starting`)));
      }));
      w.on('message', (m: FromPool) => pool.onMessage(m));
      w.on('error', (e) => pool.fail(i, `crashed: ${e.message}`));
      w.on('exit', (code) => { if (!pool.closing) pool.fail(i, `stopped unexpectedly (exit code ${code})`); });
    }
    try {
      await Promise.all(ready);
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  run<T = unknown>(worker: number, task: string, args: unknown, transfer: ArrayBuffer[] = []): Promise<T> {
    if (this.broken) return Promise.reject(this.broken);
    if (worker < 0 || worker >= this.size) return Promise.reject(new PoolError(`no engine worker ${worker + 1} (the pool has ${this.size})`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, worker });
      const msg: ToPool = { type: 'task', id, task, args };
      this.workers[worker].postMessage(msg, transfer);
    });
  }

  /** Usable: started and no worker has failed. */
  get healthy(): boolean { return !this.broken && !this.closing; }

  private onMessage(m: FromPool): void {
    if (m.type !== 'result') return;
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.ok) p.resolve(m.result);
    else p.reject(new PoolError(`engine worker ${p.worker + 1} of ${this.size} failed: ${m.error ?? 'unknown error'}`));
  }

  private fail(worker: number, what: string): void {
    if (this.closing) return;
    const err = new PoolError(`engine worker ${worker + 1} of ${this.size} ${what}`);
    this.broken ??= err;
    for (const [id, p] of this.pending) { this.pending.delete(id); p.reject(err); }
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const [id, p] of this.pending) { this.pending.delete(id); p.reject(new PoolError('the engine worker pool was closed')); }
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Default number of engine workers: all cores but one (left for the app), at least 1. */
export function defaultWorkerCount(cores: number): number {
  return Math.max(1, Math.floor(cores) - 1);
}

/**
 * Contiguous chunks [start, end) of `n` items for `workers` workers, cut on multiples of `align`
 * (a batch size) so every batch is the one a single worker would form: results stay bit-identical.
 */
export function chunkBounds(n: number, workers: number, align = 1): [number, number][] {
  const blocks = Math.ceil(n / align), base = Math.floor(blocks / workers), extra = blocks % workers;
  const out: [number, number][] = [];
  let b = 0;
  for (let k = 0; k < workers; k++) {
    const m = base + (k < extra ? 1 : 0);
    out.push([Math.min(n, b * align), Math.min(n, (b + m) * align)]);
    b += m;
  }
  return out;
}

/**
 * Per-item work split across workers: chunk 0 runs here (`local`), chunk k ≥ 1 on pool worker
 * (k−1) mod size as `remote(start, end)` (or here too when there is no pool). Returns each chunk's
 * result in chunk order, so merging them in order gives what one worker would.
 */
export async function mapChunks<R>(
  pool: PoolLike | null, workers: number, n: number, align: number,
  local: (start: number, end: number) => Promise<R>,
  remote: (start: number, end: number) => { task: string; args: unknown; transfer?: ArrayBuffer[] },
): Promise<R[]> {
  const bounds = chunkBounds(n, Math.max(1, workers), align);
  const usePool = !!pool && pool.size > 0;
  const pending = bounds.map(([s, e], k) => {
    if (k === 0 || !usePool || e <= s) return null;
    const r = remote(s, e);
    const p = pool!.run<R>((k - 1) % pool!.size, r.task, r.args, r.transfer);
    p.catch(() => undefined); // re-raised below, in chunk order
    return p;
  });
  const out: R[] = [];
  for (let k = 0; k < bounds.length; k++) out.push(pending[k] ? await pending[k]! : await local(bounds[k][0], bounds[k][1]));
  return out;
}

/**
 * Engine workers for per-sequence jobs on this machine: $CISGRAM_WORKERS when set (≥ 1), else
 * cores − 1 (at least 1). Results do not depend on it: jobs split on whole batches.
 */
export function engineWorkers(): number {
  const env = Number(process.env.CISGRAM_WORKERS);
  if (Number.isInteger(env) && env >= 1) return Math.min(64, env);
  return defaultWorkerCount(availableParallelism());
}
