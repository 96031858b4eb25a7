// Job kinds of the grammar feature area (run inside the engine worker): instance calling, and syntax
// statistics with rule extraction (src/core/grammar/jobs.ts).
import type { JobHandler } from '../../jobs/context';
import type { JobKind } from '../../../shared/api/job-contract';

export const GRAMMAR_JOBS = {
  'grammar.instances': async (ctx) => (await import('../../grammar/jobs')).instancesJob(ctx),
  'grammar.syntax': async (ctx) => (await import('../../grammar/jobs')).syntaxJob(ctx),
} satisfies Partial<Record<JobKind, JobHandler>>;
