// Training runs: one row per run (trained here or imported from a model file) with its full
// config, provenance (seed, backend, app version, job), per-epoch history, test metrics with ROC/PR
// curves, and the serialized model. Optimizer state lives in the run's job checkpoint.
//
// A run keeps its model when its dataset is deleted (dataset_id becomes NULL, dataset_name stays):
// a trained model is still useful for scanning, variants and design, and imported models have no
// dataset in this project anyway. Data derived from a run (motifs, instances…) should reference
// runs(id) ON DELETE CASCADE in its own migration.
import type { Migration } from './index';

export const trainMigration: Migration = {
  version: 3,
  name: 'training runs',
  up: (db) => {
    db.exec(`
      CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        model_kind TEXT NOT NULL CHECK (model_kind IN ('argminn','cnn','cnn_reg','explainn')),
        origin TEXT NOT NULL DEFAULT 'trained' CHECK (origin IN ('trained','imported')),
        dataset_id INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
        dataset_name TEXT NOT NULL,
        task_names TEXT NOT NULL DEFAULT '["task1"]',
        seq_length INTEGER,
        preset TEXT NOT NULL,
        overrides TEXT NOT NULL DEFAULT '{}',  -- what the user changed from the preset
        config TEXT NOT NULL,                  -- the full parsed TrainConfig
        seed INTEGER NOT NULL,
        backend TEXT,
        app_version TEXT NOT NULL,
        job_id TEXT REFERENCES jobs(id) ON DELETE SET NULL,
        state TEXT NOT NULL CHECK (state IN ('queued','running','done','failed','cancelled','interrupted')),
        status TEXT,                           -- finished runs: 'done' | 'early-stopped'
        error TEXT,
        warnings TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        train_seconds REAL NOT NULL DEFAULT 0,
        epochs_done INTEGER NOT NULL DEFAULT 0,
        best_epoch INTEGER,                    -- 1-based
        history TEXT NOT NULL DEFAULT '[]',    -- per-epoch losses, validation metrics, λ
        test_metrics TEXT,                     -- per task accuracy/auROC/auPRC + ROC/PR curves (≤ 200 points)
        param_count INTEGER,
        peak_rss_mb REAL,
        model BLOB                             -- src/core/model/infer.ts serializeModel
      );
      CREATE INDEX runs_by_dataset ON runs(dataset_id);
      CREATE UNIQUE INDEX runs_by_job ON runs(job_id);
    `);
  },
};
