// Project-file operations the user sees: create, open, rename, duplicate, delete, and the recent list.
import type Database from 'better-sqlite3';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ApiError } from '../../shared/api/errors';
import type { ProjectInfo, RecentProject } from '../../shared/api/projects';
import { createProjectFile, getMeta, inspectProjectFile, openFailure, openProjectFile, PROJECT_EXTENSION, setMeta } from '../store/project-db';
import { RecentList } from '../store/recent';
import { assertNotLocked, lockPathOf } from '../store/project-lock';
import { APP_VERSION } from '../version';

export function projectInfo(db: Database.Database, path: string): ProjectInfo {
  return {
    path,
    name: getMeta(db, 'name') ?? basename(path, PROJECT_EXTENSION),
    schemaVersion: db.pragma('user_version', { simple: true }) as number,
    createdAt: getMeta(db, 'created_at') ?? '',
    appVersion: getMeta(db, 'app_version') ?? APP_VERSION,
    sizeBytes: existsSync(path) ? statSync(path).size : 0,
    ...(db.readonly ? { readOnly: true } : {}),
  };
}

export function fileNameFor(name: string): string {
  return name.trim().replace(/\s+/g, ' ') + PROJECT_EXTENSION;
}

/** Folds a closed project's WAL into the main file so that the single file is the whole project. */
export function settle(path: string): void {
  if (!existsSync(`${path}-wal`)) return;
  const db = openProjectFile(path);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch (e) {
    throw openFailure(e, path);
  } finally {
    db.close();
  }
}

export class ProjectFiles {
  readonly recent: RecentList;
  readonly projectsDir: string;

  constructor(dataDir: string) {
    this.recent = new RecentList(dataDir);
    this.projectsDir = join(dataDir, 'projects');
  }

  listRecent(): RecentProject[] {
    return this.recent.read().map((e) => {
      const exists = existsSync(e.path);
      return { ...e, exists, sizeBytes: exists ? statSync(e.path).size : null };
    });
  }

  create(name: string, dir?: string): { db: Database.Database; path: string } {
    const folder = resolve(dir ?? this.projectsDir);
    mkdirSync(folder, { recursive: true });
    const path = join(folder, fileNameFor(name));
    if (existsSync(path)) throw new ApiError('conflict', `A project named “${name}” already exists in ${folder}.`);
    const db = createProjectFile(path, name);
    this.recent.touch(path, name);
    return { db, path };
  }

  open(pathIn: string): { db: Database.Database; path: string } {
    const path = resolve(pathIn);
    const db = openProjectFile(path);
    let name: string;
    try {
      name = getMeta(db, 'name') ?? basename(path);
    } catch (e) {
      // Damage beyond the header shows on the first real read: release the file, say which one.
      db.close();
      throw openFailure(e, path);
    }
    this.recent.touch(path, name);
    return { db, path };
  }

  /** Renames a closed project: its file and its stored name. */
  rename(pathIn: string, name: string): string {
    const path = resolve(pathIn);
    inspectProjectFile(path);
    assertNotLocked(path);
    const target = join(dirname(path), fileNameFor(name));
    if (target !== path && existsSync(target)) throw new ApiError('conflict', `A project file named ${basename(target)} already exists there.`);
    settle(path);
    const db = openProjectFile(path);
    try {
      setMeta(db, 'name', name);
      db.pragma('wal_checkpoint(TRUNCATE)');
    } catch (e) {
      throw openFailure(e, path);
    } finally {
      db.close();
    }
    if (target !== path) renameSync(path, target);
    this.recent.rename(path, target, name);
    return target;
  }

  /** Copies a project (consistently, even while open) into a new file with a new name. */
  duplicate(source: Database.Database | null, pathIn: string, name: string): string {
    const path = resolve(pathIn);
    const target = join(dirname(path), fileNameFor(name));
    if (existsSync(target)) throw new ApiError('conflict', `A project named “${name}” already exists there.`);
    const db = source ?? openProjectFile(path);
    try {
      db.prepare('VACUUM INTO ?').run(target);
    } catch (e) {
      rmSync(target, { force: true }); // never half a copy
      throw openFailure(e, path);
    } finally {
      if (!source) db.close();
    }
    const copy = openProjectFile(target);
    try {
      setMeta(copy, 'duplicated_from', getMeta(copy, 'name') ?? '');
      setMeta(copy, 'name', name);
      setMeta(copy, 'uuid', crypto.randomUUID());
      copy.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      copy.close();
    }
    this.recent.touch(target, name);
    return target;
  }

  /** Deletes a closed project file; refuses anything that is not a Cisgram project. */
  delete(pathIn: string): void {
    const path = resolve(pathIn);
    if (!existsSync(path)) {
      this.recent.remove(path);
      return;
    }
    inspectProjectFile(path);
    assertNotLocked(path);
    for (const p of [path, `${path}-wal`, `${path}-shm`, lockPathOf(path)]) rmSync(p, { force: true });
    this.recent.remove(path);
  }
}
