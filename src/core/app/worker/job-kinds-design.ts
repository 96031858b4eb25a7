// Job kinds of the design feature area (run inside the engine worker).
import type { JobHandler } from '../../jobs/context';
import type { JobKind } from '../../../shared/api/job-contract';
import { designBatchJob } from '../../design/jobs';

export const DESIGN_JOBS = {
  'design.batch': designBatchJob,
} satisfies Partial<Record<JobKind, JobHandler>>;
