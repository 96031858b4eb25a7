// Every job kind the engine worker can run, gathered from each feature area's kinds-<area>.ts.
import type { JobHandler } from './context';
import { testJob } from './test-job';
import { DATA_JOBS } from './kinds-data';
import { TRAIN_JOBS } from './kinds-train';
import { MOTIFS_JOBS } from './kinds-motifs';
import { GRAMMAR_JOBS } from './kinds-grammar';
import { DESIGN_JOBS } from './kinds-design';
import { COMPARE_JOBS } from './kinds-compare';

export const JOB_KINDS: Record<string, JobHandler> = {
  test: testJob,
  ...DATA_JOBS,
  ...TRAIN_JOBS,
  ...MOTIFS_JOBS,
  ...GRAMMAR_JOBS,
  ...DESIGN_JOBS,
  ...COMPARE_JOBS,
};
