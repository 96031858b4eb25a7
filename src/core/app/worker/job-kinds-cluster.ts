// Job kinds of the cluster feature area (engine worker): `cluster.sweep` writes, submits and follows
// a Slurm job array and imports its runs.
import type { JobHandler } from '../../jobs/context';
import { clusterSweepJob } from '../../cluster/sweep-job';

export const CLUSTER_JOBS: Record<string, JobHandler> = {
  'cluster.sweep': clusterSweepJob,
};
