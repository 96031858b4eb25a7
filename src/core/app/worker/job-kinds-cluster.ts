// Job kinds of the cluster feature area (engine worker): `cluster.sweep` writes, submits and follows
// a Slurm job array and imports its runs.
import type { JobHandler } from '../../jobs/context';
import type { JobKind } from '../../../shared/api/job-contract';
import { clusterSweepJob } from '../../cluster/sweep-job';

export const CLUSTER_JOBS = {
  'cluster.sweep': clusterSweepJob,
} satisfies Partial<Record<JobKind, JobHandler>>;
