// The engine host: owns the worker thread, restarts it if it dies, and routes its messages.
import { Worker } from 'node:worker_threads';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { FromWorker, type ToWorker } from './protocol';
import type { EngineInfo } from '../../shared/api/app';

export interface EngineOptions {
  /** Absolute path of the worker entry (built engine-worker.js, or worker-dev.mjs from source). */
  workerPath?: string;
}

/** Where the worker entry lives when running from TypeScript sources (tests, tsx). */
export function sourceWorkerPath(): string {
  return fileURLToPath(new URL('./worker-dev.mjs', import.meta.url));
}

export class Engine extends EventEmitter {
  private worker: Worker | null = null;
  private readonly workerPath: string;
  info: EngineInfo = { status: 'starting', backend: null, skipped: [], detail: null };
  private stopping = false;

  constructor(opts: EngineOptions = {}) {
    super();
    this.workerPath = opts.workerPath ?? sourceWorkerPath();
  }

  start(): void {
    if (this.worker) return;
    this.stopping = false;
    const w = new Worker(this.workerPath);
    this.worker = w;
    w.on('message', (raw: unknown) => {
      const parsed = FromWorker.safeParse(raw);
      if (!parsed.success) return;
      const m = parsed.data;
      if (m.type === 'engine') {
        this.info = m.engine;
        this.emit('engine', this.info);
      } else this.emit('job', m);
    });
    w.on('error', (err) => this.emit('crash', err));
    w.on('exit', (code) => {
      this.worker = null;
      if (!this.stopping) {
        this.emit('crash', new Error(`the engine stopped unexpectedly (exit code ${code})`));
        this.info = { ...this.info, status: 'starting' };
        this.start();
      }
    });
  }

  post(msg: ToWorker): void {
    if (!this.worker) this.start();
    this.worker!.postMessage(msg);
  }

  /** Hard stop (used when a job ignores cancel): the worker is replaced by a fresh one. */
  async restart(): Promise<void> {
    if (this.worker) await this.worker.terminate(); // exit handler restarts it
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}

export type WorkerJobMessage = Exclude<FromWorker, { type: 'engine' }>;
