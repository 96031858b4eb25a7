// Job kinds of the motifs feature area (run inside the engine worker): reading motifs out of a
// trained run's filters, and FIMO-style scans. Bodies in src/core/motifs/jobs.ts.
import type { JobHandler } from '../../jobs/context';
import type { JobKind } from '../../../shared/api/job-contract';
import { extractJob, scanJob } from '../../motifs/jobs';

export const MOTIFS_JOBS = {
  'motifs.extract': extractJob,
  'motifs.scan': scanJob,
} satisfies Partial<Record<JobKind, JobHandler>>;
