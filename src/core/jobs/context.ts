// What a job handler sees inside the engine worker: its parameters, its last checkpoint, a cancel
// signal, a progress reporter, and its own connection to the project file.
import type Database from 'better-sqlite3';
import type { MetricPoint } from '../../shared/api/jobs';
import type { PoolLike } from './pool';

export interface ProgressUpdate {
  fraction: number;
  message?: string;
  etaSeconds?: number | null;
  /** The job cannot tell the time left yet (a training run before its first epoch ends): the
   * screen says "estimating" instead of a guess from the fraction done. */
  estimating?: boolean;
  points?: MetricPoint[];
}

export interface JobContext {
  jobId: string;
  params: unknown;
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
