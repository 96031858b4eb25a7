// What a job handler sees inside the engine worker: its parameters, its last checkpoint, a cancel
// signal, a progress reporter, and its own connection to the project file.
import type Database from 'better-sqlite3';
import type { MetricPoint } from '../../shared/api/jobs';
import { engineWorkers, type PoolLike } from './pool';
import { JOB_CONTRACT, type JobKind, type JobParams, type JobResult } from '../../shared/api/job-contract';

export interface ProgressUpdate {
  fraction: number;
  message?: string;
  etaSeconds?: number | null;
  /** The job cannot tell the time left yet (a training run before its first epoch ends): the
   * screen says "estimating" instead of a guess from the fraction done. */
  estimating?: boolean;
  points?: MetricPoint[];
}

export interface JobContext<P = unknown> {
  jobId: string;
  params: P;
  /** The bytes last passed to saveCheckpoint, when resuming; null on a fresh start. */
  checkpoint: Uint8Array | null;
  signal: AbortSignal;
  projectPath: string;
  /** TensorFlow.js backend in use in this worker (null before the engine is ready). */
  backend: string | null;
  /** `helpers` extra engine workers (./pool.ts) on this backend, or null when none can run here. */
  pool?(helpers: number): Promise<PoolLike | null>;
  /** The project database, opened on first use in this worker thread. */
  db(): Database.Database;
  progress(update: ProgressUpdate): void;
  /** Durably stores a checkpoint (written to the project file before this returns to the event loop). */
  saveCheckpoint(data: Uint8Array): void;
  /** Throws a CancelledError when the job was cancelled. */
  throwIfCancelled(): void;
}

export type JobHandler = (ctx: JobContext) => Promise<unknown>;

/** A job body of one kind of the contract (src/shared/api/job-contract.ts): its params are parsed
 * with the kind's schema before the body runs, and its result has the kind's result type. */
export function defineJob<K extends JobKind>(kind: K, run: (ctx: JobContext<JobParams<K>>) => Promise<JobResult<K>>): JobHandler {
  const schema = JOB_CONTRACT[kind].params;
  return (ctx) => run({ ...ctx, params: schema.parse(ctx.params) as JobParams<K> });
}

/**
 * The engine workers of a job that splits its work per sequence: how many (engineWorkers(), or 1 when
 * `worthIt` is false) and the helper pool (null with one worker, or where none can start here).
 */
export async function jobWorkers(ctx: Pick<JobContext, 'pool'>, worthIt = true): Promise<{ workers: number; pool: PoolLike | null }> {
  const workers = worthIt ? engineWorkers() : 1;
  return { workers, pool: workers > 1 ? (await ctx.pool?.(workers - 1)) ?? null : null };
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export const textCodec = {
  encode: (v: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(v)),
  decode: <T>(b: Uint8Array): T => JSON.parse(new TextDecoder().decode(b)) as T,
};
