// Job kinds of the train feature area (run inside the engine worker): `train` trains one run.
import type { JobHandler } from '../../jobs/context';
import type { JobKind } from '../../../shared/api/job-contract';
import { trainJob } from '../../train/job';

export const TRAIN_JOBS = {
  train: trainJob,
} satisfies Partial<Record<JobKind, JobHandler>>;
