// Job kinds of the variants feature area (run inside the engine worker): variant scoring
// (src/core/variants/jobs.ts).
import type { JobHandler } from '../../jobs/context';

export const VARIANTS_JOBS: Record<string, JobHandler> = {
  'variants.score': async (ctx) => (await import('../../variants/jobs')).variantsJob(ctx),
};
