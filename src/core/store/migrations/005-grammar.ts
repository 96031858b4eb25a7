// Grammar of a run (migration 5): motif-instance call sets over a dataset (one row per call),
// syntax analyses (pair statistics, co-occurrence, attention coupling) with their extracted rules
// (saved rules are what the design canvas snaps to), and variant sets with their scored variants.
// Everything hangs off the run (ON DELETE CASCADE): deleting a run deletes what was read from it.
import type { Migration } from './index';

export const grammarMigration: Migration = {
  version: 5,
  name: 'instances, syntax rules, variants',
  up: (db) => {
    db.exec(`
      CREATE TABLE instance_sets (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        split TEXT NOT NULL,                      -- all | train | valid | test
        params TEXT NOT NULL,                     -- JSON {attnThreshold, actScale, filters…}
        motifs TEXT NOT NULL,                     -- JSON [{filter, twin, name, width, trimStart, trimEnd, meanPos}]
        n_seqs INTEGER NOT NULL,
        n_calls INTEGER NOT NULL,
        genomic INTEGER NOT NULL DEFAULT 0,
        evaluation TEXT,                          -- JSON PR curves vs planted truth (model and FIMO)
        job_id TEXT,
        created_at TEXT NOT NULL
      );
      CREATE TABLE instances (
        set_id INTEGER NOT NULL REFERENCES instance_sets(id) ON DELETE CASCADE,
        id INTEGER NOT NULL,                      -- 0-based within the set
        seq_idx INTEGER NOT NULL,
        seq_name TEXT NOT NULL,
        positive INTEGER NOT NULL,                -- sequence label (task 1) ≥ 0.5
        motif INTEGER NOT NULL,                   -- representative filter index (motif identity)
        filter INTEGER NOT NULL,                  -- filter that fired
        start INTEGER NOT NULL,                   -- 0-based half-open on the sequence
        end INTEGER NOT NULL,
        strand TEXT NOT NULL,
        attention REAL NOT NULL,                  -- relative pooled attention (0..1)
        activation REAL NOT NULL,
        score REAL NOT NULL,                      -- attention × activation / gate
        heads BLOB,                               -- Float32 relative attention per layer×head at the call
        chrom TEXT, gstart INTEGER, gend INTEGER, gstrand TEXT,
        PRIMARY KEY (set_id, id)
      ) WITHOUT ROWID;
      CREATE INDEX instances_by_seq ON instances(set_id, seq_idx);
      CREATE INDEX instances_by_motif ON instances(set_id, motif, score);
      CREATE TABLE syntax_analyses (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        set_id INTEGER NOT NULL REFERENCES instance_sets(id) ON DELETE CASCADE,
        params TEXT NOT NULL,
        control TEXT NOT NULL,                    -- negatives | shuffled
        result TEXT NOT NULL,                     -- JSON {motifs, pairs[], cooc, coupling}
        job_id TEXT,
        created_at TEXT NOT NULL
      );
      CREATE TABLE grammar_rules (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        analysis_id INTEGER REFERENCES syntax_analyses(id) ON DELETE SET NULL,
        filter_a INTEGER NOT NULL, name_a TEXT NOT NULL,
        filter_b INTEGER NOT NULL, name_b TEXT NOT NULL,
        orientation TEXT NOT NULL CHECK (orientation IN ('++','+-','-+','--')),
        spacing_min INTEGER NOT NULL,
        spacing_max INTEGER NOT NULL,
        spacing_mode INTEGER NOT NULL,
        enrichment REAL NOT NULL,
        support INTEGER NOT NULL,
        control_support INTEGER NOT NULL DEFAULT 0,
        p_value REAL NOT NULL DEFAULT 1,
        layer INTEGER, head INTEGER,              -- attention layer/head that couples the pair
        saved INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      );
      CREATE INDEX grammar_rules_by_run ON grammar_rules(run_id, saved);
      CREATE TABLE variant_sets (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        source TEXT NOT NULL,                     -- JSON {kind: vcf|fasta, paths}
        params TEXT NOT NULL,                     -- JSON {window, bothStrands, maxMismatch}
        report TEXT NOT NULL,                     -- JSON {nRead, nSnv, nIndel, mismatch, skipped…}
        metrics TEXT,                             -- JSON {auroc, auprc, pearson, spearman} when labelled
        n_variants INTEGER NOT NULL,
        job_id TEXT,
        created_at TEXT NOT NULL
      );
      CREATE TABLE variants (
        set_id INTEGER NOT NULL REFERENCES variant_sets(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        name TEXT NOT NULL,
        chrom TEXT, pos INTEGER,                  -- 1-based VCF position (NULL for FASTA pairs)
        ref TEXT NOT NULL, alt TEXT NOT NULL,
        label REAL,                               -- known effect/label when given
        p_ref REAL NOT NULL, p_alt REAL NOT NULL, delta REAL NOT NULL,
        ref_seq BLOB NOT NULL,                    -- packed window (reference)
        alt_seq BLOB NOT NULL,
        offset INTEGER NOT NULL,                  -- variant position within the window
        lost TEXT NOT NULL DEFAULT '[]',          -- JSON instances destroyed
        gained TEXT NOT NULL DEFAULT '[]',        -- JSON instances created
        PRIMARY KEY (set_id, idx)
      ) WITHOUT ROWID;
      CREATE INDEX variants_by_delta ON variants(set_id, delta);
    `);
  },
};
