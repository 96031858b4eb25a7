// Job kinds of the compare feature area (engine worker): evaluate runs for the comparison table,
// importance scores of one sequence, motif discovery from importance scores, the paper benchmark.
import type { JobHandler } from '../../jobs/context';
import type { JobKind } from '../../../shared/api/job-contract';
import { evaluateJob, attributeJob, discoverJob } from '../../compare/jobs';
import { paperJob } from '../../compare/paper';

export const COMPARE_JOBS = {
  'compare.evaluate': evaluateJob,
  'compare.attribute': attributeJob,
  'compare.discover': discoverJob,
  'compare.paper': paperJob,
} satisfies Partial<Record<JobKind, JobHandler>>;
