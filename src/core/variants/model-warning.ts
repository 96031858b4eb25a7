// Can this model support motif-level conclusions about variants? The run-health verdict
// (src/core/motifs/run-health.ts: no passing motif, low-complexity motifs only, test auROC at chance),
// plus the case the variants job sees itself: no filter passes as a motif, so no instance can be
// named as destroyed or created.
import type Database from 'better-sqlite3';
import { runHealth } from '../motifs/run-health';
import type { FilterGate } from '../grammar/instances';

export function variantWarning(db: Database.Database, runId: number, gates: (FilterGate | null)[]): string | null {
  const h = runHealth(db, runId);
  if (h.message) return `This model learned no sequence motif. ${h.message}`;
  if (!gates.some(Boolean)) return 'This model learned no sequence motif: none of its filters passes as a motif, so no motif instance can be named as destroyed or created, and its effects are not meaningful for motif-level conclusions.';
  return null;
}
