// Job kinds of the motifs feature area (run inside the engine worker).
import type { JobHandler } from './context';

export const MOTIFS_JOBS: Record<string, JobHandler> = {};
