// Motifs of a project: one row per first-layer filter of a trained run (PFM, mean-centred weights,
// trim, IC, quality verdict, firing counts, reverse-complement twin) plus what the user adds (name,
// annotation, star, merges); cached TomTom matches per (motif, library collection, metric); and
// FIMO-style scans with their hits (paged in the UI, exported as TSV/BED).
import type { Migration } from './index';

export const motifsMigration: Migration = {
  version: 4,
  name: 'motifs, motif matches, scans',
  up: (db) => {
    db.exec(`
      CREATE TABLE motifs (
        id INTEGER PRIMARY KEY,
        run_id INTEGER REFERENCES runs(id) ON DELETE CASCADE,   -- NULL for motifs not read from a run
        filter_index INTEGER,                                   -- 0-based filter of the run's first layer
        dataset_id INTEGER REFERENCES datasets(id) ON DELETE SET NULL, -- sequences the PFM was read from
        name TEXT NOT NULL,                                     -- default name ("Filter 3")
        user_name TEXT,                                         -- the user's name ("SPI1-like")
        annotation TEXT NOT NULL DEFAULT '',
        starred INTEGER NOT NULL DEFAULT 0,
        probs TEXT NOT NULL,                                    -- JSON W×4 PFM (A,C,G,T), full filter width
        weights TEXT,                                           -- JSON W×4 mean-centred filter weights
        n_sites INTEGER NOT NULL DEFAULT 0,                     -- W-mers above threshold behind the PFM
        max_activation REAL NOT NULL DEFAULT 0,
        threshold REAL NOT NULL DEFAULT 0,
        trim_start INTEGER NOT NULL DEFAULT 0,
        trim_end INTEGER NOT NULL DEFAULT 0,                    -- exclusive
        mean_ic REAL NOT NULL DEFAULT 0,
        passes INTEGER NOT NULL DEFAULT 0,
        unused INTEGER NOT NULL DEFAULT 0,
        fires_pos INTEGER NOT NULL DEFAULT 0,
        fires_neg INTEGER NOT NULL DEFAULT 0,
        n_pos INTEGER NOT NULL DEFAULT 0,
        n_neg INTEGER NOT NULL DEFAULT 0,
        rc_twin INTEGER,                                        -- filter index of the reverse-complement twin
        rc_twin_score REAL,
        merged_into INTEGER REFERENCES motifs(id) ON DELETE SET NULL,
        source TEXT NOT NULL,                                   -- 'filter:<run>:<index>' or an import description
        created_at TEXT NOT NULL,
        UNIQUE (run_id, filter_index)
      );
      CREATE INDEX motifs_by_run ON motifs(run_id, filter_index);
      CREATE TABLE motif_matches (
        motif_id INTEGER NOT NULL REFERENCES motifs(id) ON DELETE CASCADE,
        collection_id INTEGER NOT NULL,                         -- collection in the app's motif library
        metric TEXT NOT NULL,
        results TEXT NOT NULL,                                  -- JSON ranked matches (p, E, q, offset, orientation…)
        computed_at TEXT NOT NULL,
        PRIMARY KEY (motif_id, collection_id, metric)
      );
      CREATE TABLE motif_scans (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        source TEXT NOT NULL,                                   -- JSON {kind, datasetId|path|count…}
        motifs TEXT NOT NULL,                                   -- JSON [{key, id, name}] in scan order
        params TEXT NOT NULL,                                   -- JSON {pThreshold, bg, maxHits}
        n_seqs INTEGER NOT NULL,
        n_bases INTEGER NOT NULL,
        n_tests INTEGER NOT NULL,
        n_hits INTEGER NOT NULL,
        truncated INTEGER NOT NULL DEFAULT 0,
        genomic INTEGER NOT NULL DEFAULT 0,                     -- hits carry genome coordinates
        job_id TEXT,
        created_at TEXT NOT NULL
      );
      CREATE TABLE scan_hits (
        scan_id INTEGER NOT NULL REFERENCES motif_scans(id) ON DELETE CASCADE,
        rank INTEGER NOT NULL,                                  -- 0-based, by p then position
        motif_idx INTEGER NOT NULL,
        seq_idx INTEGER NOT NULL,
        seq_name TEXT NOT NULL,
        start INTEGER NOT NULL,                                 -- 0-based, half-open, on the scanned sequence
        end INTEGER NOT NULL,
        strand TEXT NOT NULL,
        score REAL NOT NULL,
        p REAL NOT NULL,
        q REAL NOT NULL,
        matched TEXT NOT NULL,
        chrom TEXT, gstart INTEGER, gend INTEGER, gstrand TEXT, -- genome coordinates when known
        PRIMARY KEY (scan_id, rank)
      ) WITHOUT ROWID;
      CREATE INDEX scan_hits_by_motif ON scan_hits(scan_id, motif_idx, rank);
    `);
  },
};
