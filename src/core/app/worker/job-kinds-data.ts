// Job kinds of the data feature area (run inside the engine worker): preview an import (statistics
// only, nothing written), import a dataset, simulate a dataset. Imports and simulations write in
// one transaction at the end, so a cancelled or failed job leaves no dataset.
import { ImportSpec, SimulateSpec } from '../../../shared/api/data';
import { planImport, runImport } from '../../data/import';
import { runSimulation } from '../../data/simulation-job';
import type { JobContext, JobHandler } from '../../jobs/context';

const hooks = (ctx: JobContext) => ({
  signal: ctx.signal,
  progress: (fraction: number, message: string) => ctx.progress({ fraction, message }),
});

export const DATA_JOBS: Record<string, JobHandler> = {
  'data.preview': async (ctx) => {
    const spec = ImportSpec.parse(ctx.params);
    const plan = await planImport(spec, hooks(ctx));
    ctx.throwIfCancelled();
    return { stats: plan.stats, blockers: plan.blockers };
  },
  'data.import': async (ctx) => {
    const spec = ImportSpec.parse(ctx.params);
    const r = await runImport(ctx.db(), spec, hooks(ctx));
    return { datasetId: r.datasetId, nSeqs: r.stats.total };
  },
  'data.simulate': async (ctx) => {
    const spec = SimulateSpec.parse(ctx.params);
    const r = await runSimulation(ctx.db(), spec, hooks(ctx));
    return { datasetId: r.datasetId, nSeqs: r.stats.total, instances: r.instances };
  },
};
