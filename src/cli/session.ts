// One headless session: a CisgramService on the app's data folder, every command through the same
// `dispatch` as the desktop app and the browser-mode server (so the same schemas, refusals and
// messages, and the same project format), the open project, and following jobs to their end with
// one progress line per update. Ctrl+C (or SIGTERM) cancels the jobs being followed the way the
// app's Cancel button does: the project stays whole and `cisgram resume JOB` picks them up again.
import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { CisgramService } from '../core/app/service';
import { dispatch } from '../core/app/dispatch';
import { jobResult, type ApiEvent, type CommandName, type Input, type JobInfo, type JobKind, type JobResult, type Output } from '../shared/api';
import type { Printer } from './print';

/** A refusal from the app (dispatch's error): the message is the app's own sentence. */
export class AppError extends Error {
  override name = 'AppError';
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** The user stopped the command with Ctrl+C (exit code 130). */
export class Interrupted extends Error {
  override name = 'Interrupted';
}

const ENDED = new Set(['done', 'failed', 'cancelled', 'interrupted']);
const PROJECT_EXTENSION = '.cisgram';

export interface SessionOptions {
  dataDir: string;
  printer: Printer;
  workerPath?: string;
}

export class Session {
  readonly svc: CisgramService;
  private readonly out: Printer;
  /** Jobs this command is waiting for (cancelled on Ctrl+C). */
  private readonly following = new Map<string, JobInfo>();
  private interrupted = false;
  private wake: (() => void) | null = null;
  private readonly lastLine = new Map<string, { text: string; at: number; state: string }>();
  private readonly unsubscribe: () => void;

  constructor(opts: SessionOptions) {
    this.out = opts.printer;
    this.svc = new CisgramService({ dataDir: opts.dataDir, mode: 'desktop', workerPath: opts.workerPath });
    this.unsubscribe = this.svc.events.on((e) => this.onEvent(e));
  }

  /** Runs one app command; a refusal becomes an AppError carrying the app's message. */
  async call<K extends CommandName>(name: K, input: Input<K>): Promise<Output<K>> {
    const r = await dispatch(this.svc, name, input);
    if (!r.ok) throw new AppError(r.error.code, r.error.message);
    return r.value as Output<K>;
  }

  /** Opens the project file (creating it first when asked); the desktop app opens it the same way. */
  async openProject(pathIn: string, create: boolean): Promise<void> {
    let path = resolve(pathIn);
    if (!existsSync(path) && create) {
      if (!path.endsWith(PROJECT_EXTENSION)) path += PROJECT_EXTENSION;
      if (!existsSync(path)) {
        const info = await this.call('projects.create', { name: basename(path, PROJECT_EXTENSION), dir: dirname(path) });
        this.out.note(`Created the project ${info.path}`);
        return;
      }
    }
    try {
      await this.call('projects.open', { path });
    } catch (e) {
      if (e instanceof AppError && !existsSync(path)) throw new AppError(e.code, `${e.message} (add --create to make a new project there)`);
      throw e;
    }
  }

  /** Waits until every job has ended, printing progress; returns their final state. */
  async follow(jobs: JobInfo[]): Promise<JobInfo[]> {
    for (const j of jobs) {
      this.following.set(j.id, j);
      this.progress(j);
    }
    const ids = jobs.map((j) => j.id);
    for (;;) {
      // Events carry progress; a slow poll also catches an ending whose event came before we listened.
      for (const id of ids) {
        const cur = this.following.get(id);
        if (cur && !ENDED.has(cur.state)) this.update(await this.call('jobs.get', { id }));
      }
      if (ids.every((id) => ENDED.has(this.following.get(id)!.state))) break;
      await new Promise<void>((r) => {
        const t = setTimeout(r, 2000);
        this.wake = () => { clearTimeout(t); r(); };
      });
      this.wake = null;
    }
    const done = ids.map((id) => this.following.get(id)!);
    for (const id of ids) this.following.delete(id);
    if (this.interrupted) throw new Interrupted(done.map((j) => j.id).join(' '));
    return done;
  }

  /** Starts a job-starting command and follows it; a job that did not finish becomes an AppError. */
  async runJob(job: JobInfo): Promise<JobInfo> {
    const [end] = await this.follow([job]);
    assertDone(end);
    return end;
  }

  /** Follows a job of this kind to its end (as runJob) and returns its typed result with the job. */
  async runJobOf<K extends JobKind>(kind: K, job: JobInfo): Promise<{ end: JobInfo; result: JobResult<K> }> {
    const end = await this.runJob(job);
    const result = jobResult(end, kind);
    if (result === null) throw new Error(`The ${kind} job ended without a result.`);
    return { end, result };
  }

  /** First Ctrl+C: cancel what we follow (resumable). Second: close the project at once (interrupted). */
  async interrupt(): Promise<boolean> {
    if (this.interrupted) return false;
    this.interrupted = true;
    const live = [...this.following.values()].filter((j) => !ENDED.has(j.state));
    if (live.length) this.out.note(`Cancelling ${live.length === 1 ? 'the job' : `${live.length} jobs`}… (the project stays intact; press Ctrl+C again to stop at once)`);
    for (const j of live) {
      try {
        this.update(await this.call('jobs.cancel', { id: j.id }));
      } catch {
        // it ended meanwhile
      }
    }
    this.wake?.();
    return true;
  }

  get wasInterrupted(): boolean {
    return this.interrupted;
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await this.svc.dispose();
  }

  private onEvent(e: ApiEvent): void {
    if (e.type !== 'job' || !this.following.has(e.job.id)) return;
    this.update(e.job);
  }

  private update(job: JobInfo): void {
    if (!this.following.has(job.id)) return;
    this.following.set(job.id, job);
    this.progress(job);
    if (ENDED.has(job.state)) this.wake?.();
  }

  /** One line per update: state changes always, otherwise at most one per second per job. */
  private progress(job: JobInfo): void {
    const pct = Math.round(job.fraction * 100);
    const eta = job.etaSeconds !== null && job.state === 'running' ? ` · about ${formatSeconds(job.etaSeconds)} left` : '';
    const what = job.state === 'failed' ? `failed: ${job.error ?? job.message}` : job.message || job.state;
    const text = `[${String(pct).padStart(3)}%] ${job.title} · ${what}${eta}`;
    const last = this.lastLine.get(job.id);
    const now = Date.now();
    if (last && (last.text === text || (last.state === job.state && now - last.at < 1000))) return;
    this.lastLine.set(job.id, { text, at: now, state: job.state });
    this.out.text(text);
    this.out.record({ type: 'progress', jobId: job.id, kind: job.kind, title: job.title, state: job.state, fraction: job.fraction, message: job.message, etaSeconds: job.etaSeconds, error: job.error });
  }
}

export function assertDone(job: JobInfo): void {
  if (job.state === 'done') return;
  const why = job.state === 'failed' ? (job.error ?? job.message) : job.message || job.state;
  throw new AppError(`job_${job.state}`, `${job.title} ${job.state === 'failed' ? 'failed' : `was ${job.state}`}: ${why}`);
}

export function formatSeconds(s: number): string {
  if (s < 90) return `${Math.max(1, Math.round(s))} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}
