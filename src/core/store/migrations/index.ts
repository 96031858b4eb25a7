// Schema migrations of a project file, keyed on PRAGMA user_version. Append only: never edit a
// migration that has shipped; add a new one. Each runs inside the opening transaction.
import type Database from 'better-sqlite3';
import { dataMigration } from './002-data';
import { trainMigration } from './003-train';
import { motifsMigration } from './004-motifs';
import { compareMigration } from './007-compare';
import { grammarMigration } from './005-grammar';
import { designMigration } from './006-design';

export interface Migration {
  version: number;
  name: string;
  up: (db: Database.Database) => void;
}

// Version numbers are reserved per feature area so that work on different screens never collides:
// 2 data (datasets), 3 train (runs/models), 4 motifs, 5 grammar (instances/syntax/variants),
// 6 design, 7 comparisons/attribution. Each lives in its own file next to this one.
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
  // (feature migrations are appended below, in version order)
  dataMigration,
  trainMigration,
  motifsMigration,
  grammarMigration,
  designMigration,
  compareMigration,
];
MIGRATIONS.sort((a, b) => a.version - b.version);

export const LATEST_SCHEMA = MIGRATIONS[MIGRATIONS.length - 1].version;
