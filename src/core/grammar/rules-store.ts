// Syntax rules of a project (migration 5): what the syntax explorer extracted from a run and what
// the design canvas snaps to. Read with listRules, saved/unsaved with setRuleSaved.
//
// Conventions (also in docs/grammar.md):
// - A motif is a passing filter of the run's first layer, identified by its *representative* filter
//   index (the lower index of a reverse-complement twin pair). A call made by the twin filter is the
//   same motif on the '-' strand.
// - A rule reads 5'→3' along one strand of a sequence: motif A comes first (upstream), motif B
//   second. orientation[0] is A's strand and orientation[1] is B's strand, where '+' means the motif
//   reads as its logo on that strand. '++' and '--' are the "same orientation" (tandem) arrangements,
//   '+-' is convergent (A→ ←B, "head to head") and '-+' divergent (←A B→, "tail to tail").
//   Reverse-complementing a whole sequence maps (A,B,'++') to (B,A,'--'); rules are stored in the
//   canonical form with filterA ≤ filterB (and for A = B, '++' rather than '--').
// - spacingMin/Max/Mode: edge-to-edge gap in bp between the end of A and the start of B, using the
//   full filter width W for both (start distance minus W); negative values mean overlap.
// - enrichment: (support + 1)/(nPos + 2) ÷ (controlSupport + 1)/(nControl + 2) — sequences with the
//   arrangement among positives vs. among controls (negatives or dinucleotide shuffles).
// - support: number of positive sequences that contain the arrangement.
import type Database from 'better-sqlite3';

export type Orientation = '++' | '+-' | '-+' | '--';

export interface Rule {
  id: number;
  runId: number;
  motifA: { filter: number; name: string };
  motifB: { filter: number; name: string };
  orientation: Orientation;
  spacingMin: number;
  spacingMax: number;
  spacingMode: number;
  enrichment: number;
  support: number;
  controlSupport: number;
  pValue: number;
  layer: number | null;
  head: number | null;
  analysisId: number | null;
  saved: boolean;
}

export type NewRule = Omit<Rule, 'id' | 'saved' | 'analysisId'> & { saved?: boolean };

interface RuleRow {
  id: number; run_id: number; analysis_id: number | null; filter_a: number; name_a: string; filter_b: number; name_b: string;
  orientation: Orientation; spacing_min: number; spacing_max: number; spacing_mode: number; enrichment: number; support: number;
  control_support: number; p_value: number; layer: number | null; head: number | null; saved: number;
}

function toRule(r: RuleRow): Rule {
  return {
    id: r.id, runId: r.run_id, motifA: { filter: r.filter_a, name: r.name_a }, motifB: { filter: r.filter_b, name: r.name_b },
    orientation: r.orientation, spacingMin: r.spacing_min, spacingMax: r.spacing_max, spacingMode: r.spacing_mode,
    enrichment: r.enrichment, support: r.support, controlSupport: r.control_support, pValue: r.p_value, layer: r.layer, head: r.head,
    analysisId: r.analysis_id, saved: !!r.saved,
  };
}

/**
 * Rules of the project, best first (saved first, then by enrichment). `savedOnly` restricts to the
 * rules the user kept (what the design canvas should offer by default); `analysisId` to one analysis.
 */
export function listRules(db: Database.Database, opts: { runId?: number; savedOnly?: boolean; analysisId?: number } = {}): Rule[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (opts.runId !== undefined) { where.push('run_id = ?'); args.push(opts.runId); }
  if (opts.savedOnly) where.push('saved = 1');
  if (opts.analysisId !== undefined) { where.push('analysis_id = ?'); args.push(opts.analysisId); }
  const sql = `SELECT * FROM grammar_rules ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY saved DESC, p_value ASC, enrichment DESC, id`;
  return (db.prepare(sql).all(...args) as RuleRow[]).map(toRule);
}

export function getRule(db: Database.Database, id: number): Rule | null {
  const r = db.prepare('SELECT * FROM grammar_rules WHERE id = ?').get(id) as RuleRow | undefined;
  return r ? toRule(r) : null;
}

/**
 * Replace the unsaved rules of an analysis's run with `rules` (saved rules are kept; a new rule
 * identical in pair/orientation/spacing to a saved one is not duplicated). One transaction.
 */
export function replaceRules(db: Database.Database, runId: number, analysisId: number | null, rules: NewRule[]): number[] {
  return db.transaction(() => {
    db.prepare('DELETE FROM grammar_rules WHERE run_id = ? AND saved = 0').run(runId);
    const same = db.prepare(`SELECT id FROM grammar_rules WHERE run_id = ? AND filter_a = ? AND filter_b = ? AND orientation = ?
      AND spacing_min = ? AND spacing_max = ?`);
    const upd = db.prepare(`UPDATE grammar_rules SET analysis_id=?, enrichment=?, support=?, control_support=?, p_value=?, spacing_mode=?,
      layer=?, head=?, name_a=?, name_b=? WHERE id=?`);
    const ins = db.prepare(`INSERT INTO grammar_rules(run_id, analysis_id, filter_a, name_a, filter_b, name_b, orientation, spacing_min,
      spacing_max, spacing_mode, enrichment, support, control_support, p_value, layer, head, saved, created_at)
      VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
    const now = new Date().toISOString();
    const ids: number[] = [];
    for (const r of rules) {
      const old = same.get(runId, r.motifA.filter, r.motifB.filter, r.orientation, r.spacingMin, r.spacingMax) as { id: number } | undefined;
      if (old) {
        upd.run(analysisId, r.enrichment, r.support, r.controlSupport, r.pValue, r.spacingMode, r.layer, r.head, r.motifA.name, r.motifB.name, old.id);
        ids.push(old.id);
      } else {
        ids.push(Number(ins.run(runId, analysisId, r.motifA.filter, r.motifA.name, r.motifB.filter, r.motifB.name, r.orientation, r.spacingMin,
          r.spacingMax, r.spacingMode, r.enrichment, r.support, r.controlSupport, r.pValue, r.layer, r.head, r.saved ? 1 : 0, now).lastInsertRowid));
      }
    }
    return ids;
  })();
}

export function setRuleSaved(db: Database.Database, id: number, saved: boolean): Rule | null {
  db.prepare('UPDATE grammar_rules SET saved = ? WHERE id = ?').run(saved ? 1 : 0, id);
  return getRule(db, id);
}

export function deleteRule(db: Database.Database, id: number): void {
  db.prepare('DELETE FROM grammar_rules WHERE id = ?').run(id);
}
