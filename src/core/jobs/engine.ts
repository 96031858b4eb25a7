// The engine host: owns the worker thread, restarts it if it dies, and routes its messages.
import { Worker } from 'node:worker_threads';
import { EventEmitter } from 'node:events';
import { FromWorker, type ToWorker } from './protocol';
import type { EngineInfo } from '../../shared/api/app';

export interface EngineOptions {
  /** Absolute path of the worker entry (built engine-worker.js, or src/core/app/worker/worker-dev.mjs from source). */
  workerPath: string;
}

export class Engine extends EventEmitter {
  private worker: Worker | null = null;
  private readonly workerPath: string;
  info: EngineInfo = { status: 'starting', backend: null, skipped: [], detail: null };
  private stopping = false;
  private nextCall = 1;
  private readonly calls = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  /** Jobs with a run in the worker that has not ended yet. */
  private readonly inFlight = new Set<string>();
  /** Of those, the ones told to cancel. */
  private readonly winding = new Set<string>();
  /**
   * A run posted for a job whose cancelled run is still winding down (a project closed and reopened
   * at once resumes it): held until the old run ends, whose messages are then dropped — they belong
   * to the job manager that was closed, and must not end the resumed run.
   */
  private readonly held = new Map<string, ToWorker>();

  constructor(opts: EngineOptions) {
    super();
    this.workerPath = opts.workerPath;
  }

  start(): void {
    if (this.worker) return;
    this.stopping = false;
    // The entry is passed along so the engine can start pool workers (./pool.ts) from the same file.
    const w = new Worker(this.workerPath, { workerData: { entry: this.workerPath } });
    this.worker = w;
    w.on('message', (raw: unknown) => {
      const parsed = FromWorker.safeParse(raw);
      if (!parsed.success) return;
      const m = parsed.data;
      if (m.type === 'engine') {
        this.info = m.engine;
        this.emit('engine', this.info);
      } else if (m.type === 'callResult') {
        const c = this.calls.get(m.id);
        if (!c) return;
        this.calls.delete(m.id);
        clearTimeout(c.timer);
        if (m.ok) c.resolve(m.result);
        else c.reject(new Error(m.error ?? 'engine call failed'));
      } else this.onJobMessage(m);
    });
    w.on('error', (err) => this.emit('crash', err));
    w.on('exit', (code) => {
      this.worker = null;
      this.failCalls(new Error(`the engine stopped (exit code ${code}) before answering`));
      const held = [...this.held.values()];
      this.inFlight.clear();
      this.winding.clear();
      this.held.clear();
      if (!this.stopping) {
        this.emit('crash', new Error(`the engine stopped unexpectedly (exit code ${code})`));
        this.info = { ...this.info, status: 'starting' };
        this.start();
        for (const m of held) this.post(m);
      }
    });
  }

  private onJobMessage(m: WorkerJobMessage): void {
    const ended = m.type === 'done' || m.type === 'failed' || m.type === 'cancelled';
    const next = this.held.get(m.jobId);
    if (ended) {
      this.inFlight.delete(m.jobId);
      this.winding.delete(m.jobId);
    }
    if (!next) {
      this.emit('job', m);
      return;
    }
    if (ended) {
      this.held.delete(m.jobId);
      this.post(next);
    }
  }

  post(msg: ToWorker): void {
    if (msg.type === 'run') {
      if (this.winding.has(msg.jobId)) {
        this.held.set(msg.jobId, msg);
        return;
      }
      this.inFlight.add(msg.jobId);
    } else if (msg.type === 'cancel') {
      if (this.held.delete(msg.jobId)) {
        // The resumed run never started: answer for it as the worker would.
        queueMicrotask(() => this.emit('job', { type: 'cancelled', jobId: msg.jobId }));
        return;
      }
      if (this.inFlight.has(msg.jobId)) this.winding.add(msg.jobId);
    }
    if (!this.worker) this.start();
    this.worker!.postMessage(msg);
  }

  /**
   * Quick request/response work in the engine worker (methods registered in ./calls.ts), e.g.
   * re-scoring one design with a cached model. Runs beside a job; rejects after `timeoutMs`.
   */
  call<T = unknown>(method: string, args: unknown, timeoutMs = 60_000): Promise<T> {
    const id = this.nextCall++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.calls.delete(id);
        reject(new Error(`the engine did not answer ${method} within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      this.calls.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.post({ type: 'call', id, method, args });
    });
  }

  private failCalls(err: Error): void {
    for (const [id, c] of this.calls) {
      clearTimeout(c.timer);
      c.reject(err);
      this.calls.delete(id);
    }
  }

  /** Hard stop (used when a job ignores cancel): the worker is replaced by a fresh one. */
  async restart(): Promise<void> {
    if (this.worker) await this.worker.terminate(); // exit handler restarts it
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.inFlight.clear();
    this.winding.clear();
    this.held.clear();
    this.failCalls(new Error('the engine was stopped'));
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}

export type WorkerJobMessage = Exclude<FromWorker, { type: 'engine' } | { type: 'callResult' }>;
