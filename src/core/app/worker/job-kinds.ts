// Every job kind the engine worker can run, gathered from each feature area's job-kinds-<area>.ts
// (the registry sits in app/, the top floor, because it imports every area).
import type { JobHandler } from '../../jobs/context';
import type { JobKind } from '../../../shared/api/job-contract';
import { testJob } from '../../jobs/test-job';
import { DATA_JOBS } from './job-kinds-data';
import { TRAIN_JOBS } from './job-kinds-train';
import { MOTIFS_JOBS } from './job-kinds-motifs';
import { GRAMMAR_JOBS } from './job-kinds-grammar';
import { VARIANTS_JOBS } from './job-kinds-variants';
import { DESIGN_JOBS } from './job-kinds-design';
import { COMPARE_JOBS } from './job-kinds-compare';
import { CLUSTER_JOBS } from './job-kinds-cluster';

/** Every kind of the job contract has a body here (a missing one fails the typecheck). */
export const JOB_KINDS: Record<JobKind, JobHandler> = {
  test: testJob,
  ...DATA_JOBS,
  ...TRAIN_JOBS,
  ...MOTIFS_JOBS,
  ...GRAMMAR_JOBS,
  ...VARIANTS_JOBS,
  ...DESIGN_JOBS,
  ...COMPARE_JOBS,
  ...CLUSTER_JOBS,
};
