// Job kinds of the train feature area (run inside the engine worker).
import type { JobHandler } from './context';

export const TRAIN_JOBS: Record<string, JobHandler> = {};
