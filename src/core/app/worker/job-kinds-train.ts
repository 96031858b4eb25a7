// Job kinds of the train feature area (run inside the engine worker): `train` trains one run.
import type { JobHandler } from '../../jobs/context';
import { trainJob } from '../../train/job';

export const TRAIN_JOBS: Record<string, JobHandler> = {
  train: trainJob,
};
