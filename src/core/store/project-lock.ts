// One Cisgram per project file: `<project>.lock` beside it names the process holding it (pid, host)
// and is touched every few seconds. A second window or process is refused with a sentence; a lock
// left by a crash is taken over (same computer: its process is gone; elsewhere: no heartbeat).
import { closeSync, openSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { ApiError } from '../../shared/api/errors';

const HEARTBEAT_MS = 5_000;
/** A lock not touched for this long belongs to a process that is gone (or hung beyond help). */
const STALE_MS = 30_000;

interface LockBody {
  pid: number;
  host: string;
  nonce: string;
  openedAt: string;
}

/** Locks held by this process, by project path: a second service in this process is another window. */
const held = new Map<string, ProjectLock>();

export const lockPathOf = (projectPath: string) => `${projectPath}.lock`;

function readBody(file: string): LockBody | null {
  try {
    const b = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockBody>;
    return typeof b.pid === 'number' && typeof b.host === 'string' && typeof b.nonce === 'string' ? (b as LockBody) : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Who holds `projectPath` other than this lock's owner, or null when it is free (or stale). */
function holder(projectPath: string): LockBody | null {
  const file = lockPathOf(projectPath);
  if (held.has(projectPath)) return readBody(file) ?? { pid: process.pid, host: hostname(), nonce: '', openedAt: '' };
  let age: number;
  try {
    age = Date.now() - statSync(file).mtimeMs;
  } catch {
    return null; // no lock file
  }
  const body = readBody(file);
  if (age > STALE_MS) return null; // no heartbeat: its process is gone
  if (!body) return { pid: 0, host: '?', nonce: '', openedAt: '' }; // being written right now
  if (body.host !== hostname()) return body;
  // Same computer: our own pid here is a leftover of an earlier life with a recycled pid.
  return body.pid !== process.pid && alive(body.pid) ? body : null;
}

function lockedError(projectPath: string, by: LockBody): ApiError {
  const where = by.pid === process.pid ? 'in this Cisgram' : by.host === hostname() ? `by Cisgram process ${by.pid}` : `on the computer ${by.host}`;
  const since = by.openedAt ? ` since ${by.openedAt.slice(0, 16).replace('T', ' ')}` : '';
  return new ApiError(
    'locked',
    `${projectPath} is open in another Cisgram window (${where}${since}). Close it there first: a project is open in one window at a time, so that no job runs twice.`,
  );
}

/** Refuses (ApiError 'locked') when another window or process has the project open. */
export function assertNotLocked(projectPath: string): void {
  const by = holder(projectPath);
  if (by) throw lockedError(projectPath, by);
}

export class ProjectLock {
  private timer: NodeJS.Timeout | null;
  private readonly file: string;

  private constructor(
    readonly projectPath: string,
    private readonly nonce: string,
  ) {
    this.file = lockPathOf(projectPath);
    held.set(projectPath, this);
    this.timer = setInterval(() => this.beat(), HEARTBEAT_MS).unref();
  }

  /** Takes the lock of `projectPath` or throws ApiError('locked') naming the file and the holder. */
  static acquire(projectPath: string): ProjectLock {
    const by = holder(projectPath);
    if (by) throw lockedError(projectPath, by);
    const body: LockBody = { pid: process.pid, host: hostname(), nonce: randomUUID(), openedAt: new Date().toISOString() };
    const text = JSON.stringify(body);
    const file = lockPathOf(projectPath);
    try {
      const fd = openSync(file, 'wx');
      try {
        writeSync(fd, text);
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') {
        // A stale lock (checked above): replace it in one step, then make sure we won any race.
        const tmp = `${file}.${process.pid}.${body.nonce.slice(0, 8)}.tmp`;
        try {
          const fd = openSync(tmp, 'w');
          try {
            writeSync(fd, text);
          } finally {
            closeSync(fd);
          }
          renameSync(tmp, file);
        } catch (err) {
          rmSync(tmp, { force: true });
          throw err;
        }
        const now = readBody(file);
        if (now?.nonce !== body.nonce) throw lockedError(projectPath, now ?? { pid: 0, host: '?', nonce: '', openedAt: '' });
      } else if (code !== 'EACCES' && code !== 'EROFS' && code !== 'EPERM') {
        throw e;
      }
      // A folder we may not write: SQLite cannot keep its journal there either and will say so.
    }
    return new ProjectLock(projectPath, body.nonce);
  }

  private beat(): void {
    try {
      const now = new Date();
      utimesSync(this.file, now, now);
    } catch {
      // the lock file was removed or the disk refuses: the next open elsewhere may then proceed
    }
  }

  /** Gives the lock up and removes its file (when it is still ours). */
  release(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (held.get(this.projectPath) === this) held.delete(this.projectPath);
    if (readBody(this.file)?.nonce === this.nonce) rmSync(this.file, { force: true });
  }

  /** Leaves the lock file as a crash would (no heartbeat, no removal): for tests that simulate one. */
  abandon(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (held.get(this.projectPath) === this) held.delete(this.projectPath);
  }
}
