// Designs of the design canvas (migration 6): each design keeps its full provenance — background
// (source, seed, GC, which natural sequence was shuffled, rejected draws), every insertion
// (motif, position, strand, consensus/sampled + seed, scrambled control), the model run that
// scored it with the prediction, the model's own instance calls and the constraint report — plus
// the batches that generated designs and the user's edited vendor profiles.
import type { Migration } from './index';

export const designMigration: Migration = {
  version: 6,
  name: 'designs, design batches, vendor profiles',
  up: (db) => {
    db.exec(`
      CREATE TABLE design_batches (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
        params TEXT NOT NULL,                 -- JSON: pair, spacing range, orientations, k, background spec, seeds
        job_id TEXT,
        n_designs INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      );
      CREATE TABLE designs (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
        background TEXT NOT NULL,             -- JSON Background (source, seed, requestedSeed, gc, fromSequence, rejected, bases)
        insertions TEXT NOT NULL,             -- JSON Insertion[] sorted by start
        sequence TEXT NOT NULL,
        length INTEGER NOT NULL,
        prediction REAL,                      -- model probability of task 0 (NULL = not scored)
        predictions TEXT,                     -- JSON number[] per task
        calls TEXT NOT NULL DEFAULT '[]',     -- JSON instance calls of the scoring model
        violations TEXT NOT NULL DEFAULT '[]',-- JSON constraint violations under profile_id
        profile_id TEXT,
        scored_by TEXT,                       -- JSON {runId, runName, backend, appVersion, at}
        batch_id INTEGER REFERENCES design_batches(id) ON DELETE CASCADE,
        role TEXT,                            -- batch role: pair, background-only, a-alone, b-alone, a-scrambled, b-scrambled
        batch_info TEXT,                      -- JSON {rule, role, backgroundIndex, spacing, orientation}
        status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','kept','discarded')),
        app_version TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX designs_name ON designs(name COLLATE NOCASE);
      CREATE INDEX designs_by_batch ON designs(batch_id);
      CREATE TABLE vendor_profiles (
        id TEXT PRIMARY KEY,
        profile TEXT NOT NULL,                -- JSON VendorProfile (validated on write)
        updated_at TEXT NOT NULL
      );
    `);
  },
};
