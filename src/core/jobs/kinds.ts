// Every job kind the engine worker can run. Add a kind here when a feature adds a job.
import type { JobHandler } from './context';
import { testJob } from './test-job';

export const JOB_KINDS: Record<string, JobHandler> = {
  test: testJob,
};
