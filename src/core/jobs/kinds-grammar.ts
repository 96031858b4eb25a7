// Job kinds of the grammar feature area (run inside the engine worker): instance calling, syntax
// statistics with rule extraction, and variant scoring (src/core/grammar/jobs.ts).
import type { JobHandler } from './context';

export const GRAMMAR_JOBS: Record<string, JobHandler> = {
  'grammar.instances': async (ctx) => (await import('../grammar/jobs')).instancesJob(ctx),
  'grammar.syntax': async (ctx) => (await import('../grammar/jobs')).syntaxJob(ctx),
  'variants.score': async (ctx) => (await import('../grammar/jobs')).variantsJob(ctx),
};
