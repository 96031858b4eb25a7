// A FIMO scan split across engine workers by motif groups (pwm/fimo.ts scanGroups): worker k scans
// every sequence with the motifs of its contiguous range of groups and returns its hits in scan
// order; per sequence the parts are concatenated in range order, which is exactly the one-worker
// scan's order, then q-values and the final sort run once here. The result equals fimo() — when
// a part hits the hit cap the scan is redone on one worker, so truncation is the same too.
import type { PoolLike } from '../jobs/pool';
import { mapChunks } from '../jobs/pool';
import { fimo, fimoPart, finishFimo, resolveBackground, scanGroups, type FimoHit, type FimoOptions, type FimoResult } from '../pwm/fimo';
import type { Motif } from '../pwm/types';

type Part = ReturnType<typeof fimoPart>;

export async function fimoParallel(pool: PoolLike | null, workers: number, motifs: Motif[], seqs: Uint8Array[], opts: FimoOptions = {}): Promise<FimoResult> {
  const nGroups = scanGroups(motifs.map((m) => m.probs.length), opts.k).length;
  if (workers <= 1 || nGroups < 2) return fimo(motifs, seqs, opts);
  const background = resolveBackground(opts.bg, seqs);
  const o = { ...opts, bg: background };
  const parts = await mapChunks<Part>(pool, Math.min(workers, nGroups), nGroups, 1,
    async (from, to) => fimoPart(motifs, seqs, o, from, to),
    (from, to) => ({ task: 'pwm.fimoPart', args: { motifs, seqs, opts: o, from, to } }));
  if (parts.some((p) => p.truncated) || parts.reduce((a, p) => a + p.hits.length, 0) > (opts.maxHits ?? 5_000_000)) return fimo(motifs, seqs, opts);
  const tests = motifs.map(() => 0);
  for (const p of parts) for (const [mi, t] of p.tests) tests[mi] = t;
  const hits: FimoHit[] = [];
  const cur = parts.map(() => 0);
  for (let si = 0; si < seqs.length; si++) {
    parts.forEach((p, k) => { while (cur[k] < p.hits.length && p.hits[cur[k]].seqIndex === si) hits.push(p.hits[cur[k]++]); });
  }
  return finishFimo(hits, tests, background.values, background, false, opts);
}

/** Pool task 'pwm.fimoPart' (src/core/app/worker/pool-tasks.ts). */
export async function fimoPartTask(args: unknown): Promise<{ result: Part }> {
  const a = args as { motifs: Motif[]; seqs: Uint8Array[]; opts: FimoOptions & { bg: ReturnType<typeof resolveBackground> }; from: number; to: number };
  return { result: fimoPart(a.motifs, a.seqs, a.opts, a.from, a.to) };
}
