import { describe, it, expect, beforeEach } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createProjectFile, openProjectFile, inspectProjectFile, getMeta, APPLICATION_ID } from '../../../src/core/store/project-db';
import { LATEST_SCHEMA } from '../../../src/core/store/migrations/index';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cisgram-store-'));
});

describe('project files', () => {
  it('creates a WAL SQLite file stamped with our application id, latest schema and foreign keys on', () => {
    const path = join(dir, 'a.cisgram');
    const db = createProjectFile(path, 'Alpha');
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA);
    expect(getMeta(db, 'name')).toBe('Alpha');
    db.close();
    const again = openProjectFile(path);
    expect(getMeta(again, 'name')).toBe('Alpha');
    again.close();
  });

  it('refuses to overwrite an existing file', () => {
    const path = join(dir, 'b.cisgram');
    writeFileSync(path, 'hello');
    expect(() => createProjectFile(path, 'B')).toThrow(/already exists/);
    expect(readFileSync(path, 'utf8')).toBe('hello');
  });

  it('refuses a text file, an empty file and a foreign SQLite database without changing them', () => {
    const txt = join(dir, 'notes.cisgram');
    writeFileSync(txt, 'not a database at all, just text that is long enough');
    expect(() => openProjectFile(txt)).toThrow(/not a Cisgram project/);
    expect(readFileSync(txt, 'utf8')).toContain('not a database');

    const empty = join(dir, 'empty.cisgram');
    writeFileSync(empty, '');
    expect(() => openProjectFile(empty)).toThrow(/empty/);

    const foreign = join(dir, 'foreign.sqlite');
    const f = new Database(foreign);
    f.exec('CREATE TABLE t(x)');
    f.close();
    const before = readFileSync(foreign);
    expect(() => openProjectFile(foreign)).toThrow(/SQLite database but not a Cisgram project/);
    expect(readFileSync(foreign).equals(before)).toBe(true);
  });

  it('refuses a project from a newer schema and leaves it untouched', () => {
    const path = join(dir, 'future.cisgram');
    createProjectFile(path, 'Future').close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${LATEST_SCHEMA + 5}`);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    const before = readFileSync(path);
    expect(() => openProjectFile(path)).toThrow(/newer Cisgram/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('reports a corrupt project clearly instead of crashing', () => {
    const path = join(dir, 'corrupt.cisgram');
    createProjectFile(path, 'C').close();
    const bytes = readFileSync(path);
    // keep the SQLite header, destroy everything after the first page header
    for (let i = 100; i < bytes.length; i++) bytes[i] = (i * 7) & 0xff;
    writeFileSync(path, bytes);
    let message = '';
    try {
      const db = openProjectFile(path);
      db.prepare('SELECT * FROM jobs').all();
      db.close();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/could not|not a Cisgram|malformed|corrupt/i);
    expect(statSync(path).size).toBe(bytes.length);
  });

  it('inspect does not create a missing file', () => {
    expect(() => inspectProjectFile(join(dir, 'missing.cisgram'))).toThrow(/No file/);
  });
});

describe('two connections writing one project', () => {
  it('a read-then-write transaction waits for the other writer instead of failing with "database is locked"', async () => {
    const { immediateTransactions, openProjectFile } = await import('../../../src/core/store/project-db');
    const path = join(dir, 'two.cisgram');
    createProjectFile(path, 'two').close();
    const a = openProjectFile(path);
    a.pragma("busy_timeout = 0"); // immediate transactions (as every Cisgram connection)
    const b = immediateTransactions(new Database(path));
    b.pragma('busy_timeout = 2000');
    // b reads inside its transaction; meanwhile a commits a write; then b writes.
    const tx = b.transaction(() => {
      b.prepare("SELECT value FROM meta WHERE key='name'").get();
      expect(() => a.prepare("INSERT INTO meta(key,value) VALUES('x','1')").run()).toThrow(/locked|busy/i); // b holds the write lock
      b.prepare("INSERT INTO meta(key,value) VALUES('y','2')").run();
    });
    tx();
    // With deferred transactions the same interleaving makes b fail at once (SQLITE_BUSY_SNAPSHOT).
    const c = new Database(path);
    const deferred = c.transaction(() => {
      c.prepare("SELECT value FROM meta WHERE key='name'").get();
      a.prepare("INSERT INTO meta(key,value) VALUES('z','3')").run();
      c.prepare("INSERT INTO meta(key,value) VALUES('w','4')").run();
    });
    expect(() => deferred()).toThrow(/locked|busy/i);
    a.close(); b.close(); c.close();
  });
});
