// Comparison of runs (issue 7): one evaluation row per run (the comparison-table figures computed by
// the `compare.evaluate` job, with the reference they were computed against), and stored attribution
// tracks (per-base importance of one sequence under one run and method) for the logo-track view.
// Both hang off runs(id) ON DELETE CASCADE: deleting a run removes its figures and tracks.
import type { Migration } from './index';

export const compareMigration: Migration = {
  version: 7,
  name: 'run comparisons and attribution tracks',
  up: (db) => {
    db.exec(`
      CREATE TABLE compare_evals (
        run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        reference TEXT NOT NULL,             -- JSON {kind: 'truth'|'collection'|'none', name, collectionId?}
        metrics TEXT NOT NULL,               -- JSON CompareMetrics (src/core/compare/store.ts)
        job_id TEXT,
        app_version TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX compare_evals_by_dataset ON compare_evals(dataset_id);
      CREATE TABLE attributions (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        dataset_id INTEGER REFERENCES datasets(id) ON DELETE CASCADE,
        seq_idx INTEGER,
        seq_name TEXT NOT NULL,
        sequence TEXT NOT NULL,              -- the scored sequence (ACGTN)
        method TEXT NOT NULL,
        params TEXT NOT NULL,                -- JSON {task, steps, reference, refs, seed}
        per_base TEXT NOT NULL,              -- JSON per-position scores
        scores TEXT NOT NULL,                -- JSON L×4 contributions
        logit REAL NOT NULL,
        ref_logit REAL,
        sum REAL,
        convergence REAL,
        seconds REAL NOT NULL,
        job_id TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX attributions_by_run ON attributions(run_id, id);
    `);
  },
};
