// Did this model learn a sequence motif? One verdict for every screen that uses a run's predictions
// (Motifs, Variants, Design): the run's own warnings (all filters inactive, chance auROC) and, once
// its motifs are read, whether any passing motif is a real one rather than low-complexity sequence.
import type Database from 'better-sqlite3';
import { listMotifs } from './project-store';
import { lowComplexity } from '../pwm/complexity';

export interface RunHealth {
  /** false: learned no sequence motif; true: at least one passing motif that is not low-complexity; null: motifs not read yet. */
  learnedMotif: boolean | null;
  /** The sentence to show where its predictions are used, or null when all is well. */
  message: string | null;
  /** Passing motifs judged low-complexity, with why. */
  lowComplexity: { name: string; why: string }[];
}

const NOT_MEANINGFUL = 'Its scores are not meaningful for motif-level questions (which site a variant breaks, what a designed sequence contains).';

export function runHealth(db: Database.Database, runId: number): RunHealth {
  const row = db.prepare('SELECT warnings FROM runs WHERE id = ?').get(runId) as { warnings: string } | undefined;
  const warnings = row ? (JSON.parse(row.warnings) as string[]) : [];
  const dead = warnings.find((w) => /motif filters are inactive|ended at chance/.test(w));
  const motifs = listMotifs(db, { runId }).filter((m) => m.source.startsWith('filter:') && m.mergedInto === null);
  if (dead) return { learnedMotif: false, message: `${dead.split(':')[0]}. ${NOT_MEANINGFUL}`, lowComplexity: [] };
  if (!motifs.length) return { learnedMotif: null, message: null, lowComplexity: [] };
  const passing = motifs.filter((m) => m.passes && !m.unused);
  if (!passing.length) return { learnedMotif: false, message: `No filter of this model passes the motif quality bar. ${NOT_MEANINGFUL}`, lowComplexity: [] };
  const low = passing.map((m) => ({ name: m.name, why: lowComplexity(m.probs, m.trimStart, m.trimEnd > m.trimStart ? m.trimEnd : m.probs.length) })).filter((x): x is { name: string; why: string } => x.why !== null);
  if (low.length === passing.length) {
    return {
      learnedMotif: false, lowComplexity: low,
      message: `Every passing motif of this model is low-complexity (${low.map((x) => `${x.name}: ${x.why}`).join('; ')}): its accuracy comes from sequence composition. ${NOT_MEANINGFUL}`,
    };
  }
  return { learnedMotif: true, message: null, lowComplexity: low };
}
