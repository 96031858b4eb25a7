// Job kinds of the data feature area (run inside the engine worker): preview an import (statistics
// only, nothing written), import a dataset, simulate a dataset. Imports and simulations write in
// one transaction at the end, so a cancelled or failed job leaves no dataset.
import { planImport, runImport } from '../../data/import';
import { runSimulation } from '../../data/simulation-job';
import { defineJob, type JobContext, type JobHandler } from '../../jobs/context';
import type { JobKind } from '../../../shared/api/job-contract';

const hooks = (ctx: JobContext) => ({
  signal: ctx.signal,
  progress: (fraction: number, message: string) => ctx.progress({ fraction, message }),
});

export const DATA_JOBS = {
  'data.preview': defineJob('data.preview', async (ctx) => {
    const spec = ctx.params;
    const plan = await planImport(spec, hooks(ctx));
    ctx.throwIfCancelled();
    return { stats: plan.stats, blockers: plan.blockers };
  }),
  'data.import': defineJob('data.import', async (ctx) => {
    const spec = ctx.params;
    const r = await runImport(ctx.db(), spec, hooks(ctx));
    return { datasetId: r.datasetId, nSeqs: r.stats.total };
  }),
  'data.simulate': defineJob('data.simulate', async (ctx) => {
    const spec = ctx.params;
    const r = await runSimulation(ctx.db(), spec, hooks(ctx));
    return { datasetId: r.datasetId, nSeqs: r.stats.total, instances: r.instances };
  }),
} satisfies Partial<Record<JobKind, JobHandler>>;
