// Job kinds of the compare feature area (engine worker): evaluate runs for the comparison table,
// importance scores of one sequence, motif discovery from importance scores, the paper benchmark.
import type { JobHandler } from '../../jobs/context';
import { evaluateJob, attributeJob, discoverJob } from '../../compare/jobs';
import { paperJob } from '../../compare/paper';

export const COMPARE_JOBS: Record<string, JobHandler> = {
  'compare.evaluate': evaluateJob,
  'compare.attribute': attributeJob,
  'compare.discover': discoverJob,
  'compare.paper': paperJob,
};
