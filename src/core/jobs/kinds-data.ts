// Job kinds of the data feature area (run inside the engine worker).
import type { JobHandler } from './context';

export const DATA_JOBS: Record<string, JobHandler> = {};
