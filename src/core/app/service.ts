// The Cisgram service: the one object behind the API. Main (IPC) and the browser-mode server both
// hand it validated commands; it owns the open project, the engine and the job manager.
import type Database from 'better-sqlite3';
import { platform } from 'node:os';
import { resolve } from 'node:path';
import { ApiError } from '../../shared/api/errors';
import type { ApiEvent, CommandName, ParsedInput, Output } from '../../shared/api';
import { EventHub } from './events';
import { ProjectFiles, projectInfo } from './projects';
import { Engine } from '../jobs/engine';
import { sourceWorkerPath } from './worker/worker-path';
import { inspectProjectFile, openFailure } from '../store/project-db';
import { ProjectLock } from '../store/project-lock';
import { WalKeeper } from '../store/wal';
import { openReadOnlyProject } from '../store/read-only';
import { saveProjectCopy } from '../store/save-copy';
import { JobManager } from '../jobs/manager';
import { APP_VERSION } from '../version';
import { removeStagedDatasets } from '../data/store';
import { filesHandlers } from './handlers/files';
import { dataHandlers } from './handlers/data';
import { trainHandlers } from './handlers/train';
import { motifsHandlers } from './handlers/motifs';
import { grammarHandlers } from './handlers/grammar';
import { designHandlers } from './handlers/design';
import { compareHandlers } from './handlers/compare';
import { undoHandlers } from './handlers/undo';
import { clusterHandlers, cancelSweep, CLUSTER_JOB_KIND, resumeClusterSweeps } from './handlers/cluster';
import { UndoLog } from '../store/undo-log';

export interface ServiceOptions {
  dataDir: string;
  mode: 'desktop' | 'browser';
  /** Engine worker entry; defaults to the TypeScript source entry (tests). */
  workerPath?: string;
  /** How often the open project's WAL is folded into its file (default 5 s; tests go faster). */
  checkpointEveryMs?: number;
}

export interface OpenProject {
  db: Database.Database;
  path: string;
  jobs: JobManager;
  /** This window's claim on the file: no other Cisgram opens it meanwhile (null when read-only). */
  lock: ProjectLock | null;
  /** Opened read-only beside the window that has it (./read-only.ts): every write is refused. */
  readOnly: boolean;
  /** Keeps the .cisgram file whole (checkpoints after every job and every few seconds). */
  wal: WalKeeper;
  /** The edit history (undo/redo) of this project while it is open. */
  undo: UndoLog;
}

export type Handlers = { [K in CommandName]: (input: ParsedInput<K>) => Promise<Output<K>> | Output<K> };

export class CisgramService {
  readonly events = new EventHub();
  readonly engine: Engine;
  readonly files: ProjectFiles;
  project: OpenProject | null = null;
  readonly handlers: Handlers;

  constructor(readonly opts: ServiceOptions) {
    this.files = new ProjectFiles(opts.dataDir);
    this.engine = new Engine({ workerPath: opts.workerPath ?? sourceWorkerPath() });
    this.engine.on('engine', (engine) => this.emit({ type: 'engine', engine }));
    this.engine.start();
    this.handlers = this.buildHandlers();
  }

  emit(e: ApiEvent): void {
    this.events.emit(e);
  }

  requireProject(): OpenProject {
    if (!this.project) throw new ApiError('no_project', 'Open or create a project first.');
    return this.project;
  }

  /** Makes a project file created outside the projects.* commands (e.g. the demo) the open project. */
  openCreated(db: Database.Database, path: string): OpenProject {
    let lock: ProjectLock;
    try {
      lock = ProjectLock.acquire(path);
    } catch (e) {
      db.close();
      throw e;
    }
    return this.attach(db, path, lock);
  }

  /** Opens a project file under this window's lock (refused when another window has it). */
  private openLocked(pathIn: string): OpenProject {
    const path = resolve(pathIn);
    inspectProjectFile(path); // "no file" / "not a project" before any lock file is written
    const lock = ProjectLock.acquire(path);
    let opened: { db: Database.Database; path: string };
    try {
      opened = this.files.open(path);
    } catch (e) {
      lock.release();
      throw e;
    }
    return this.attach(opened.db, opened.path, lock);
  }

  /** Opens a project that another window has, for reading only: no lock, no writes, no jobs. */
  private openReadOnly(pathIn: string): OpenProject {
    const path = resolve(pathIn);
    return this.attach(openReadOnlyProject(path), path, null);
  }

  private attach(db: Database.Database, path: string, lock: ProjectLock | null): OpenProject {
    this.closeProject();
    let jobs: JobManager;
    let info: ReturnType<typeof projectInfo>;
    let undo: UndoLog;
    const wal = new WalKeeper(db, this.opts.checkpointEveryMs);
    if (db.readonly) wal.stop(); // the window that writes keeps the file whole
    try {
      // The first writes of an open (dropping staged imports, marking interrupted jobs) are where a
      // full disk or a damaged file shows: close the file and answer with a sentence naming it.
      if (!db.readonly) removeStagedDatasets(db);
      info = projectInfo(db, path);
      undo = new UndoLog(db);
      jobs = new JobManager(db, path, this.engine, (job, points) => {
        this.emit({ type: 'job', job, points });
        // A finished job's writes go into the main file at once: a copy of the file has them.
        if (job.state !== 'queued' && job.state !== 'running') wal.settle();
      });
    } catch (e) {
      wal.stop();
      db.close();
      lock?.release();
      throw openFailure(e, path);
    }
    this.project = { db, path, jobs, lock, wal, undo, readOnly: db.readonly };
    // Cluster sweeps followed when the project last closed are followed again (their arrays ran on).
    resumeClusterSweeps(this.project);
    this.emit({ type: 'project', project: info });
    this.emit({ type: 'recent' });
    return this.project;
  }

  closeProject(): void {
    if (!this.project) return;
    const { db, jobs, lock, wal } = this.project;
    wal.stop();
    try {
      jobs.dispose();
      try {
        if (!db.readonly) db.pragma('wal_checkpoint(TRUNCATE)');
      } catch {
        // a busy checkpoint is harmless: SQLite folds the WAL in on the next open
      }
    } finally {
      db.close();
      lock?.release();
    }
    this.project = null;
    this.emit({ type: 'project', project: null });
  }

  private isOpen(path: string): boolean {
    return !!this.project && this.project.path === resolve(path);
  }

  private buildHandlers(): Handlers {
    return {
      'app.info': () => ({ version: APP_VERSION, mode: this.opts.mode, dataDir: this.opts.dataDir, platform: platform() }),
      'engine.info': () => this.engine.info,

      'projects.list': () => ({ projectsDir: this.files.projectsDir, recent: this.files.listRecent() }),
      'projects.create': ({ name, dir }) => {
        const { db, path } = this.files.create(name, dir);
        return projectInfo(this.openCreated(db, path).db, path);
      },
      'projects.open': ({ path, readOnly }) => {
        if (this.isOpen(path) && !!readOnly === this.project!.readOnly) return projectInfo(this.project!.db, this.project!.path);
        // Switching between read-only and writable: the new connection is made before attach()
        // closes the old one, so a refusal (locked elsewhere) leaves the current one open.
        const opened = readOnly ? this.openReadOnly(path) : this.openLocked(path);
        return projectInfo(opened.db, opened.path);
      },
      'projects.current': () => (this.project ? projectInfo(this.project.db, this.project.path) : null),
      'projects.close': () => {
        this.closeProject();
        return null;
      },
      'projects.rename': ({ path, name }) => {
        const wasOpen = this.isOpen(path);
        if (wasOpen && this.project!.jobs.isBusy()) throw new ApiError('conflict', 'Wait for the running job to finish (or cancel it) before renaming this project.');
        if (wasOpen) this.closeProject();
        const target = this.files.rename(path, name);
        this.emit({ type: 'recent' });
        if (wasOpen) this.openLocked(target);
        const { db } = this.isOpen(target) ? this.project! : { db: null };
        if (db) return projectInfo(db, target);
        const tmp = this.files.open(target);
        try {
          return projectInfo(tmp.db, target);
        } finally {
          tmp.db.close();
        }
      },
      'projects.duplicate': ({ path, name }) => {
        const source = this.isOpen(path) ? this.project!.db : null;
        const target = this.files.duplicate(source, path, name);
        this.emit({ type: 'recent' });
        const tmp = this.files.open(target);
        try {
          return projectInfo(tmp.db, target);
        } finally {
          tmp.db.close();
        }
      },
      'projects.saveCopy': ({ path, target }) => {
        const open = this.isOpen(path) ? this.project!.db : null;
        return saveProjectCopy(open, resolve(path), target);
      },
      'projects.delete': ({ path }) => {
        if (this.isOpen(path)) this.closeProject();
        this.files.delete(path);
        this.emit({ type: 'recent' });
        return null;
      },
      'projects.forget': ({ path }) => {
        this.files.recent.remove(resolve(path));
        this.emit({ type: 'recent' });
        return null;
      },

      'jobs.list': () => (this.project ? this.project.jobs.list() : []),
      'jobs.get': ({ id }) => this.requireProject().jobs.get(id),
      'jobs.metrics': ({ id }) => this.requireProject().jobs.metrics(id),
      'jobs.cancel': async ({ id }) => {
        const { jobs } = this.requireProject();
        // A cluster sweep's Cancel cancels its Slurm array too (scancel), not only the following.
        const job = jobs.get(id);
        if (job.kind === CLUSTER_JOB_KIND && ['running', 'queued', 'interrupted'].includes(job.state)) {
          await cancelSweep(this, id);
          return jobs.get(id);
        }
        return jobs.cancel(id);
      },
      'jobs.resume': ({ id }) => this.requireProject().jobs.resume(id),
      'jobs.startTest': (params) => this.requireProject().jobs.start('test', `Test job (${params.steps} steps)`, params),
      ...filesHandlers(),
      ...dataHandlers(this),
      ...trainHandlers(this),
      ...motifsHandlers(this),
      ...grammarHandlers(this),
      ...designHandlers(this),
      ...compareHandlers(this),
      ...undoHandlers(this),
      ...clusterHandlers(this),
    };
  }

  async dispose(): Promise<void> {
    this.closeProject();
    await this.engine.stop();
  }
}
