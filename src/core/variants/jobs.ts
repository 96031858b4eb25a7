// The 'variants.score' job (run in the engine worker): VCF + genome, or paired reference/alternate
// FASTA (./paired-source.ts) → windows of the model's input length → ranked effects p(alt) − p(ref) with the motif
// instances lost or gained, saved as one variant set in one transaction at the end (a cancelled or
// failed job leaves nothing half-written). Motifs and gates come from the run's latest instance set,
// else are read from the model as the grammar jobs do (runMotifs in src/core/grammar/jobs.ts).
import { defineJob, jobWorkers } from '../jobs/context';
import { loadRunModel, runModelBytes } from '../train/runs';
import { scoreEffectsParallel } from './parallel';
import { ApiError } from '../../shared/api/errors';
import { readTextFile } from '../io/text';
import { gatesOf, type GrammarMotif } from '../grammar/call-model';
import { listInstanceSets } from '../grammar/store';
import { runMotifs } from '../grammar/jobs';
import { parseVcf } from './vcf';
import { buildWindows, scoreWindows, variantMetrics, type VariantWindow } from './score';
import { readPairedSource } from './paired-source';
import { variantWarning } from './model-warning';
import { pwmDeltas } from './pwm-baseline';
import { saveVariantSet } from './store';

export const variantsJob = defineJob('variants.score', async (ctx) => {
  const p = ctx.params;
  const db = ctx.db();
  ctx.progress({ fraction: 0.01, message: 'loading the trained model' });
  const { model, meta } = await loadRunModel(db, p.runId);
  try {
    const { W } = model.config;
    const L = p.window ?? meta.seqLength ?? 500;
    let windows: VariantWindow[], report: Record<string, unknown>;
    if (p.source.kind === 'vcf') {
      ctx.progress({ fraction: 0.03, message: 'reading the variants' });
      const text = readTextFile(p.source.vcfPath); // plain, gzip or bgzip; BOM and CR-only line ends accepted
      const parsed = parseVcf(text, p.source.vcfPath.split(/[\\/]/).pop());
      if (!parsed.variants.length) throw new ApiError('bad_file', `No single-base variant to score in ${p.source.vcfPath} (${parsed.report.nIndel} indels and ${parsed.report.nOther} other records are skipped).`);
      ctx.progress({ fraction: 0.06, message: 'opening the genome' });
      const { openGenome } = await import('../io/genome');
      const genome = await openGenome(p.source.genomePath, { signal: ctx.signal });
      const built = await buildWindows(genome, parsed.variants, L, { maxMismatch: p.maxMismatch, labelField: p.labelField, signal: ctx.signal });
      windows = built.windows;
      report = { ...parsed.report, ...built.report, window: L };
    } else {
      ctx.progress({ fraction: 0.03, message: 'reading the paired sequences' });
      const paired = await readPairedSource(p.source, { window: p.window ?? meta.seqLength ?? null, W, labelField: p.labelField, signal: ctx.signal });
      windows = paired.windows;
      report = paired.report as unknown as Record<string, unknown>;
    }
    ctx.throwIfCancelled();
    ctx.progress({ fraction: 0.1, message: 'reading the motifs and their typical activation' });
    const latest = listInstanceSets(db, p.runId)[0];
    const motifs: GrammarMotif[] = latest ? latest.motifs.map((m) => ({ ...m, rcTwin: m.twin })) : await runMotifs(db, model, p.runId, meta.datasetId, windows.map((w) => w.refSeq), ctx.signal);
    const gates = gatesOf(motifs, model.config.F, W);
    const warning = variantWarning(db, p.runId, gates);
    report = { ...report, warning };
    if (warning) ctx.progress({ fraction: 0.11, message: warning });
    const scoreOpts = {
      bothStrands: p.bothStrands, attentionThreshold: p.attentionThreshold, signal: ctx.signal,
      onProgress: (d: number) => { ctx.throwIfCancelled(); ctx.progress({ fraction: 0.12 + 0.85 * (d / windows.length), message: `scored ${d} of ${windows.length} variants` }); },
    };
    // Engine workers (jobs/pool.ts): every window is scored on its own, so the split changes no number.
    const { workers, pool } = await jobWorkers(ctx, windows.length > 256);
    const scored = pool
      ? await scoreEffectsParallel(pool, workers, model, runModelBytes(db, p.runId), `${ctx.jobId}:${p.runId}`, windows, gates, scoreOpts)
      : await scoreWindows(model, windows, gates, scoreOpts);
    const labelKind = (report as { labelKind?: 'allele' | 'effect' | null }).labelKind ?? null;
    const metrics = variantMetrics(scored.map((s) => s.delta), windows.map((w) => w.label), labelKind);
    if (metrics && p.baseline) {
      const bm = variantMetrics(pwmDeltas(p.baseline, windows), windows.map((w) => w.label), labelKind);
      metrics.baseline = bm ? { name: p.baseline.name, metrics: bm } : null;
    }
    const window = p.source.kind === 'vcf' ? L : (report.window as number | null);
    const setId = saveVariantSet(db, { runId: p.runId, name: p.name, source: p.source as Record<string, unknown>, params: { window, bothStrands: p.bothStrands, maxMismatch: p.maxMismatch, labelField: p.labelField, attentionThreshold: p.attentionThreshold, labelKind, baseline: p.baseline?.name ?? null, motifs }, report, metrics, jobId: ctx.jobId }, windows, scored);
    return { setId, nVariants: windows.length, metrics, warning };
  } finally { model.dispose(); }
});
