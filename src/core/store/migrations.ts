// Schema migrations of a project file, keyed on PRAGMA user_version. Append only: never edit a
// migration that has shipped; add a new one. Each runs inside the opening transaction.
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up: (db: Database.Database) => void;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'project meta and jobs',
    up: (db) => {
      db.exec(`
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE jobs (
          id TEXT PRIMARY KEY,
          kind TEXT NOT NULL,
          title TEXT NOT NULL,
          params TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('queued','running','done','failed','cancelled','interrupted')),
          fraction REAL NOT NULL DEFAULT 0,
          message TEXT NOT NULL DEFAULT '',
          eta_s REAL,
          metrics TEXT NOT NULL DEFAULT '[]',
          checkpoint BLOB,
          checkpoint_at TEXT,
          result TEXT,
          error TEXT,
          app_version TEXT NOT NULL,
          backend TEXT,
          created_at TEXT NOT NULL,
          started_at TEXT,
          finished_at TEXT
        );
        CREATE INDEX jobs_by_state ON jobs(state);
        CREATE TABLE job_metrics (
          job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
          seq INTEGER NOT NULL,
          series TEXT NOT NULL,
          x REAL NOT NULL,
          y REAL NOT NULL,
          PRIMARY KEY (job_id, seq)
        );
      `);
    },
  },
];

export const LATEST_SCHEMA = MIGRATIONS[MIGRATIONS.length - 1].version;
