// Job kinds of the design feature area (run inside the engine worker).
import type { JobHandler } from '../../jobs/context';
import { designBatchJob } from '../../design/jobs';

export const DESIGN_JOBS: Record<string, JobHandler> = {
  'design.batch': designBatchJob,
};
