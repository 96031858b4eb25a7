// Job kinds of the variants feature area (run inside the engine worker): variant scoring
// (src/core/variants/jobs.ts).
import type { JobHandler } from '../../jobs/context';
import type { JobKind } from '../../../shared/api/job-contract';

export const VARIANTS_JOBS = {
  'variants.score': async (ctx) => (await import('../../variants/jobs')).variantsJob(ctx),
} satisfies Partial<Record<JobKind, JobHandler>>;
