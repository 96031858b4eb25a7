// A job that only counts: it proves progress, checkpoints, cancel, failure and resume end to end.
import { defineJob, textCodec } from './context';

export const testJob = defineJob('test', async (ctx) => {
  const p = ctx.params;
  let step = ctx.checkpoint ? textCodec.decode<{ step: number }>(ctx.checkpoint).step : 0;
  const resumedFrom = step;
  while (step < p.steps) {
    ctx.throwIfCancelled();
    await new Promise((r) => setTimeout(r, p.stepMs));
    ctx.throwIfCancelled();
    if (p.failAt !== undefined && step === p.failAt) throw new Error(`test job failed on purpose at step ${step}`);
    step++;
    ctx.saveCheckpoint(textCodec.encode({ step }));
    ctx.progress({ fraction: step / p.steps, message: `step ${step} of ${p.steps}`, points: [{ series: 'step', x: step, y: step * step }] });
  }
  return { steps: step, resumedFrom };
});
