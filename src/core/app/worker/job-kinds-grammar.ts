// Job kinds of the grammar feature area (run inside the engine worker): instance calling, and syntax
// statistics with rule extraction (src/core/grammar/jobs.ts).
import type { JobHandler } from '../../jobs/context';

export const GRAMMAR_JOBS: Record<string, JobHandler> = {
  'grammar.instances': async (ctx) => (await import('../../grammar/jobs')).instancesJob(ctx),
  'grammar.syntax': async (ctx) => (await import('../../grammar/jobs')).syntaxJob(ctx),
};
