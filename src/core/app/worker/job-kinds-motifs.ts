// Job kinds of the motifs feature area (run inside the engine worker): reading motifs out of a
// trained run's filters, and FIMO-style scans. Bodies in src/core/motifs/jobs.ts.
import type { JobHandler } from '../../jobs/context';
import { extractJob, scanJob } from '../../motifs/jobs';

export const MOTIFS_JOBS: Record<string, JobHandler> = {
  'motifs.extract': extractJob,
  'motifs.scan': scanJob,
};
