// Job `design.batch` (engine worker): draws the k clean backgrounds, builds every spacing ×
// orientation of the motif pair with the controls, scores all designs with the run's model (batched
// inference, instance calls included), checks each against the chosen vendor profile, and writes the
// batch and its designs in ONE transaction (a cancelled or failed batch leaves nothing behind).
import { defineJob } from '../jobs/context';
import { APP_VERSION } from '../version';
import { getRun } from '../train/runs';
import { buildBatch, type BatchParams } from './batch';
import { loadScorer, scoreWith } from './scoring';
import { getProfile, insertBatch, insertDesigns, uniqueName, type NewDesignRow } from './store';

export const designBatchJob = defineJob('design.batch', async (ctx) => {
  const p: BatchParams = ctx.params;
  const db = ctx.db();
  const run = getRun(db, p.runId);
  if (!run) throw new Error(`run ${p.runId} no longer exists`);
  const profile = getProfile(db, p.profileId);
  ctx.progress({ fraction: 0.02, message: `drawing ${p.k} background${p.k > 1 ? 's' : ''}` });
  const built = buildBatch(db, p, ctx.signal);
  ctx.throwIfCancelled();
  const n = built.designs.length;
  ctx.progress({ fraction: 0.1, message: `scoring ${n} designs (${built.rejected} background draws rejected for strong motif matches)` });
  const scorer = await loadScorer(db, ctx.projectPath, p.runId);
  const scored: Awaited<ReturnType<typeof scoreWith>> = [];
  const chunk = 256;
  const t0 = Date.now();
  for (let i = 0; i < n; i += chunk) {
    ctx.throwIfCancelled();
    const part = await scoreWith(scorer, built.designs.slice(i, i + chunk).map((d) => d.sequence), { signal: ctx.signal });
    scored.push(...part);
    const done = Math.min(n, i + chunk);
    ctx.progress({ fraction: 0.1 + 0.85 * (done / n), message: `scored ${done} of ${n} designs`, points: [{ series: 'designs/s', x: done, y: done / Math.max(1e-3, (Date.now() - t0) / 1000) }] });
  }
  ctx.throwIfCancelled();
  const at = new Date().toISOString();
  const scoredBy = { runId: run.id, runName: run.name, backend: ctx.backend, appVersion: APP_VERSION, at };
  const result = db.transaction(() => {
    const batchId = insertBatch(db, { name: p.name, runId: p.runId, params: { ...p, rejected: built.rejected }, jobId: ctx.jobId, nDesigns: n });
    const taken = new Set<string>();
    const rows: NewDesignRow[] = built.designs.map((d, i) => ({
      name: uniqueName(db, d.name, taken), runId: p.runId, design: d, profile, batchId,
      scoring: { predictions: scored[i].probs, calls: scored[i].calls, scoredBy },
    }));
    insertDesigns(db, rows);
    return { batchId };
  })();
  const seconds = (Date.now() - t0) / 1000;
  const best = built.designs.map((d, i) => ({ name: d.name, p: scored[i].probs[0] })).sort((x, y) => y.p - x.p)[0];
  return { batchId: result.batchId, designs: n, rejected: built.rejected, designsPerSecond: n / Math.max(seconds, 1e-3), best };
});
