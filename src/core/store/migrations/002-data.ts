// Datasets: packed sequences with labels, split membership, genomic origin and (for simulated
// data) the planted ground truth.
import type { Migration } from './index';

export const dataMigration: Migration = {
  version: 2,
  name: 'datasets',
  up: (db) => {
    db.exec(`
      CREATE TABLE datasets (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('fasta','peaks','simulated')),
        n_tasks INTEGER NOT NULL DEFAULT 1,
        task_names TEXT NOT NULL DEFAULT '["task1"]',
        seq_length INTEGER,                 -- common length when all sequences share one, else NULL
        n_seqs INTEGER NOT NULL DEFAULT 0,
        sources TEXT NOT NULL DEFAULT '[]', -- files read (path, size, format)
        params TEXT NOT NULL DEFAULT '{}',  -- everything the user chose (window, negatives, split, recipe…)
        seed INTEGER,
        stats TEXT NOT NULL DEFAULT '{}',   -- counts per split/label, GC histograms, drop report
        genome TEXT,                        -- genome file when built from peaks
        app_version TEXT NOT NULL,
        created_at TEXT NOT NULL,
        -- 'importing' while a large import writes in chunks (so the project stays writable);
        -- such rows are invisible and are removed if the import fails, is cancelled or the app dies.
        status TEXT NOT NULL DEFAULT 'ready' CHECK (status IN ('importing','ready'))
      );
      CREATE TABLE dataset_seqs (
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        name TEXT NOT NULL,
        split TEXT NOT NULL CHECK (split IN ('train','valid','test')),
        labels BLOB NOT NULL,               -- Float32Array of n_tasks (NaN = missing)
        length INTEGER NOT NULL,
        gc REAL,
        n_count INTEGER NOT NULL DEFAULT 0,
        chrom TEXT, start INTEGER, end INTEGER, strand TEXT,
        origin TEXT NOT NULL DEFAULT 'positive', -- positive | negative:<how> | simulated:<kind>
        packed BLOB NOT NULL,               -- src/core/seq/pack.ts packedToBytes
        PRIMARY KEY (dataset_id, idx)
      ) WITHOUT ROWID;
      CREATE INDEX dataset_seqs_split ON dataset_seqs(dataset_id, split, idx);
      CREATE TABLE dataset_truth (
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        seq_idx INTEGER NOT NULL,
        motif_id TEXT NOT NULL,
        motif_name TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        strand TEXT NOT NULL,
        role TEXT
      );
      CREATE INDEX dataset_truth_seq ON dataset_truth(dataset_id, seq_idx);
    `);
  },
};
