// The job manager of one open project: persists every job in the project file, feeds the engine
// one job at a time, relays progress, and marks jobs that were running when the app died as
// interrupted (their last checkpoint stays in the file, ready to resume). A disk that refuses a
// write (full, I/O error) fails the job with a sentence and never escapes to the process: the
// outcome is held in memory and written once the disk accepts it again.
import type { JobKind, JobParamsInput } from '../../shared/api/job-contract';
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { ApiError } from '../../shared/api/errors';
import type { JobInfo, JobState, MetricPoint } from '../../shared/api/jobs';
import type { Engine, WorkerJobMessage } from './engine';
import { APP_VERSION } from '../version';
import { describeStorageError, isStorageError } from '../store/storage-errors';

interface JobRow {
  id: string;
  kind: string;
  title: string;
  params: string;
  state: JobState;
  fraction: number;
  message: string;
  eta_s: number | null;
  result: string | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  has_checkpoint: number;
}

const COLS = `id, kind, title, params, state, fraction, message, eta_s, result, error, created_at, started_at, finished_at,
  checkpoint IS NOT NULL AS has_checkpoint`;

function toInfo(r: JobRow): JobInfo {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    state: r.state,
    fraction: r.fraction,
    message: r.message,
    etaSeconds: r.eta_s,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    error: r.error,
    hasCheckpoint: !!r.has_checkpoint,
    result: r.result === null ? null : (JSON.parse(r.result) as unknown),
  };
}

const CANCEL_GRACE_MS = 10_000;
/** How often an outcome the disk refused is offered to it again. */
const UNSAVED_RETRY_MS = 5_000;

type Outcome = { state: JobState; result?: unknown; error?: string; message?: string };

function messageFor(state: JobState): string {
  return state === 'done' ? 'finished' : state === 'cancelled' ? 'cancelled' : state === 'failed' ? 'failed' : '';
}

function isBusy(e: unknown): boolean {
  const code = (e as { code?: string })?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || /database is locked/.test(String((e as Error)?.message));
}

export class JobManager {
  private current: { id: string; startedAt: number; startFraction: number; cancelTimer?: NodeJS.Timeout } | null = null;
  private readonly onJob = (m: WorkerJobMessage) => this.handle(m);
  private readonly onCrash = (err: Error) => {
    if (this.current) this.finish(this.current.id, 'failed', { error: err.message });
  };
  private disposed = false;
  private pendingPoints: MetricPoint[] = [];
  /** Outcomes of jobs the disk refused to record; shown as if stored, written when it can. */
  private readonly unsaved = new Map<string, { outcome: Outcome; finishedAt: string }>();
  private unsavedTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Database.Database,
    private readonly projectPath: string,
    private readonly engine: Engine,
    private readonly emit: (job: JobInfo, points: MetricPoint[]) => void,
  ) {
    // Anything still queued or running belongs to a previous app life that ended without finishing it
    // (not so for a read-only look at a project another window is running jobs in).
    if (!db.readonly) db.prepare(`UPDATE jobs SET state='interrupted', message = CASE WHEN message = '' THEN 'the app stopped while this job was running' ELSE message END
      WHERE state IN ('queued','running')`).run();
    engine.on('job', this.onJob);
    engine.on('crash', this.onCrash);
  }

  list(): JobInfo[] {
    return (this.db.prepare(`SELECT ${COLS} FROM jobs ORDER BY created_at DESC`).all() as JobRow[]).map((r) => this.withUnsaved(toInfo(r)));
  }

  get(id: string): JobInfo {
    const row = this.db.prepare(`SELECT ${COLS} FROM jobs WHERE id = ?`).get(id) as JobRow | undefined;
    if (!row) throw new ApiError('not_found', `No job ${id} in this project.`);
    return this.withUnsaved(toInfo(row));
  }

  private withUnsaved(info: JobInfo): JobInfo {
    const u = this.unsaved.get(info.id);
    if (!u) return info;
    const { state, result, error, message } = u.outcome;
    return {
      ...info,
      state,
      finishedAt: u.finishedAt,
      etaSeconds: null,
      error: error ?? null,
      message: message ?? messageFor(state),
      result: result === undefined ? null : result,
      fraction: state === 'done' ? 1 : info.fraction,
    };
  }

  metrics(id: string): MetricPoint[] {
    this.get(id);
    return this.db.prepare('SELECT series, x, y FROM job_metrics WHERE job_id = ? ORDER BY seq').all(id) as MetricPoint[];
  }

  params(id: string): unknown {
    const row = this.db.prepare('SELECT params FROM jobs WHERE id = ?').get(id) as { params: string } | undefined;
    if (!row) throw new ApiError('not_found', `No job ${id} in this project.`);
    return JSON.parse(row.params);
  }

  /** Queues a job of a kind of the contract; params are typed by its schema (parsed again in the worker). */
  start<K extends JobKind>(kind: K, title: string, params: JobParamsInput<K>): JobInfo {
    const id = randomUUID();
    this.db
      .prepare(`INSERT INTO jobs(id, kind, title, params, state, app_version, backend, created_at) VALUES(?,?,?,?, 'queued', ?, ?, ?)`)
      .run(id, kind, title, JSON.stringify(params ?? {}), APP_VERSION, this.engine.info.backend, new Date().toISOString());
    this.notify(id);
    this.pump();
    return this.get(id);
  }

  cancel(id: string): JobInfo {
    const job = this.get(id);
    if (job.state === 'queued' || job.state === 'interrupted') {
      this.finish(id, 'cancelled', {});
    } else if (job.state === 'running' && this.current?.id === id) {
      this.engine.post({ type: 'cancel', jobId: id });
      this.current.cancelTimer ??= setTimeout(() => {
        // The handler ignored the cancel: stop the worker (a fresh one starts) and record it.
        if (this.current?.id === id) {
          this.finish(id, 'cancelled', { message: 'stopped (the job did not respond to cancel)' });
          void this.engine.restart();
        }
      }, CANCEL_GRACE_MS);
    } else {
      throw new ApiError('conflict', `Job ${id} is ${job.state}; only queued, running or interrupted jobs can be cancelled.`);
    }
    return this.get(id);
  }

  resume(id: string): JobInfo {
    const job = this.get(id);
    if (!['interrupted', 'cancelled', 'failed'].includes(job.state)) {
      throw new ApiError('conflict', `Job ${id} is ${job.state}; only interrupted, cancelled or failed jobs can be resumed.`);
    }
    this.db.prepare(`UPDATE jobs SET state='queued', error=NULL, message='waiting to resume', finished_at=NULL WHERE id=?`).run(id);
    this.unsaved.delete(id);
    this.notify(id);
    this.pump();
    return this.get(id);
  }

  /** Called when the project closes: a running job is cancelled and left resumable. */
  dispose(): void {
    this.disposed = true;
    this.engine.off('job', this.onJob);
    this.engine.off('crash', this.onCrash);
    if (this.unsavedTimer) clearInterval(this.unsavedTimer);
    this.flushUnsaved();
    const running = this.current;
    this.current = null;
    if (running) {
      this.engine.post({ type: 'cancel', jobId: running.id });
      clearTimeout(running.cancelTimer);
    }
    if (this.db.readonly) return; // a read-only look never ran or queued a job
    try {
      if (running) this.db.prepare(`UPDATE jobs SET state='interrupted', message='the project was closed while this job was running' WHERE id=?`).run(running.id);
      this.db.prepare(`UPDATE jobs SET state='interrupted' WHERE state='queued'`).run();
    } catch (e) {
      // A disk that refuses this write loses nothing: the next open marks these jobs interrupted.
      if (!isStorageError(e)) throw e;
    }
  }

  private pump(): void {
    if (this.current || this.disposed) return;
    // Jobs failed in memory (the disk refused to record it) are still 'queued' in the file: skip them.
    const next = (
      this.db.prepare(`SELECT id, kind, params, checkpoint, fraction FROM jobs WHERE state='queued' ORDER BY created_at`).all() as {
        id: string;
        kind: string;
        params: string;
        checkpoint: Buffer | null;
        fraction: number;
      }[]
    ).find((j) => !this.unsaved.has(j.id));
    if (!next) return;
    const now = new Date().toISOString();
    try {
      this.db.prepare(`UPDATE jobs SET state='running', started_at=COALESCE(started_at, ?), message='starting', backend=? WHERE id=?`).run(now, this.engine.info.backend, next.id);
    } catch (e) {
      if (!isStorageError(e)) throw e;
      this.fail(next.id, e);
      return;
    }
    this.current = { id: next.id, startedAt: Date.now(), startFraction: next.checkpoint ? next.fraction : 0 };
    this.notify(next.id);
    this.engine.post({
      type: 'run',
      jobId: next.id,
      kind: next.kind,
      params: JSON.parse(next.params),
      checkpoint: next.checkpoint ? new Uint8Array(next.checkpoint) : null,
      projectPath: this.projectPath,
    });
  }

  private handle(m: WorkerJobMessage): void {
    // Runs inside the engine's message event: nothing may escape from here to the process.
    try {
      this.handleNow(m);
    } catch (e) {
      if (this.current?.id === m.jobId) this.fail(m.jobId, e);
      else console.error('Cisgram job manager:', e);
    }
  }

  private handleNow(m: WorkerJobMessage): void {
    if (this.disposed || !this.current || m.jobId !== this.current.id) return;
    const id = m.jobId;
    switch (m.type) {
      case 'progress': {
        const f = Math.max(0, Math.min(1, m.fraction));
        let eta = m.etaSeconds ?? null;
        if (eta === null && !m.estimating && f > this.current.startFraction) {
          const elapsed = (Date.now() - this.current.startedAt) / 1000;
          eta = (elapsed / (f - this.current.startFraction)) * (1 - f);
        }
        const points = m.points ?? [];
        // Progress is best effort: if another connection holds the write lock right now (a big
        // import), the event still reaches the screen and the next update is persisted instead.
        try {
          this.db.transaction(() => {
          this.db.prepare('UPDATE jobs SET fraction=?, message=COALESCE(?, message), eta_s=? WHERE id=?').run(f, m.message ?? null, eta, id);
          if (points.length) {
            const base = (this.db.prepare('SELECT COALESCE(MAX(seq), -1) AS s FROM job_metrics WHERE job_id=?').get(id) as { s: number }).s;
            const ins = this.db.prepare('INSERT INTO job_metrics(job_id, seq, series, x, y) VALUES(?,?,?,?,?)');
            points.forEach((p, i) => ins.run(id, base + 1 + i, p.series, p.x, p.y));
          }
          })();
        } catch (e) {
          // Best effort also when the disk refuses: the job's own writes will tell if it cannot go on.
          if (!isBusy(e) && !isStorageError(e)) throw e;
          this.pendingPoints.push(...points);
          this.emit({ ...this.get(id), fraction: f, message: m.message ?? this.get(id).message, etaSeconds: eta }, points);
          return;
        }
        if (this.pendingPoints.length) this.flushPending(id);
        this.notify(id, points);
        break;
      }
      case 'checkpoint':
        this.notify(id);
        break;
      case 'done':
        this.finish(id, 'done', { result: m.result });
        break;
      case 'failed':
        this.finish(id, 'failed', { error: m.error });
        break;
      case 'cancelled':
        this.finish(id, 'cancelled', {});
        break;
    }
  }

  private flushPending(id: string): void {
    const pts = this.pendingPoints;
    this.pendingPoints = [];
    try {
      this.db.transaction(() => {
        const base = (this.db.prepare('SELECT COALESCE(MAX(seq), -1) AS s FROM job_metrics WHERE job_id=?').get(id) as { s: number }).s;
        const ins = this.db.prepare('INSERT INTO job_metrics(job_id, seq, series, x, y) VALUES(?,?,?,?,?)');
        pts.forEach((p, i) => ins.run(id, base + 1 + i, p.series, p.x, p.y));
      })();
    } catch (e) {
      if (!isBusy(e) && !isStorageError(e)) throw e;
      this.pendingPoints = pts.concat(this.pendingPoints);
    }
  }

  private finish(id: string, state: JobState, extra: { result?: unknown; error?: string; message?: string }, attempt = 0): void {
    try {
      if (this.pendingPoints.length) this.flushPending(id);
      this.finishNow(id, { state, ...extra });
    } catch (e) {
      // The outcome of a job must not be lost to a momentary lock: retry shortly.
      if (isBusy(e) && attempt <= 50) {
        setTimeout(() => this.finish(id, state, extra, attempt + 1), 200);
        return;
      }
      // The disk refused (or the lock never came): the job fails, the app goes on.
      this.fail(id, e);
    }
  }

  private writeOutcome(id: string, o: Outcome, finishedAt: string): void {
    this.db
      .prepare(`UPDATE jobs SET state=?, finished_at=?, eta_s=NULL, result=?, error=?, message=?, fraction=CASE WHEN ?='done' THEN 1 ELSE fraction END WHERE id=?`)
      .run(o.state, finishedAt, o.result === undefined ? null : JSON.stringify(o.result), o.error ?? null, o.message ?? messageFor(o.state), o.state, id);
  }

  private finishNow(id: string, o: Outcome): void {
    this.writeOutcome(id, o, new Date().toISOString());
    this.settle(id);
  }

  /** The job is over (recorded or held in `unsaved`): free the slot, tell the screen, start the next. */
  private settle(id: string): void {
    if (this.current?.id === id) {
      clearTimeout(this.current.cancelTimer);
      this.current = null;
    }
    try {
      this.notify(id);
    } catch (e) {
      if (!isStorageError(e)) throw e; // a read refused by a failing disk: the screen learns it at the next event
    }
    this.pump();
  }

  /**
   * Fails a job because of `e` without letting anything escape: a disk failure becomes a sentence
   * naming the project file ("the disk is full (N MB free at …)"); the outcome is written now if
   * the disk takes it, else held in memory (shown by get/list) and written when it can be.
   */
  private fail(id: string, e: unknown): void {
    const error = isStorageError(e) ? describeStorageError(e, this.projectPath) : `the job could not be recorded: ${(e as Error)?.message ?? String(e)}`;
    const outcome: Outcome = { state: 'failed', error };
    const finishedAt = new Date().toISOString();
    try {
      this.writeOutcome(id, outcome, finishedAt);
    } catch {
      this.unsaved.set(id, { outcome, finishedAt });
      this.unsavedTimer ??= setInterval(() => this.flushUnsaved(), UNSAVED_RETRY_MS).unref();
    }
    try {
      this.settle(id);
    } catch (again) {
      // Nothing more to do in this turn: the job is failed in memory, the next start pumps again.
      console.error('Cisgram job manager:', again);
    }
  }

  /** Offers held outcomes to the disk again; keeps those it still refuses. */
  private flushUnsaved(): void {
    for (const [id, u] of this.unsaved) {
      try {
        this.writeOutcome(id, u.outcome, u.finishedAt);
        this.unsaved.delete(id);
      } catch {
        return;
      }
    }
    if (this.unsavedTimer && !this.unsaved.size) {
      clearInterval(this.unsavedTimer);
      this.unsavedTimer = null;
    }
  }

  private notify(id: string, points: MetricPoint[] = []): void {
    this.emit(this.get(id), points);
  }

  isBusy(): boolean {
    return this.current !== null;
  }
}
