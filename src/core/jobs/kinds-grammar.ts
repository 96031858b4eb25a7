// Job kinds of the grammar feature area (run inside the engine worker).
import type { JobHandler } from './context';

export const GRAMMAR_JOBS: Record<string, JobHandler> = {};
