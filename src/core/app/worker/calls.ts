// Quick request/response methods of the engine worker (Engine.call): work that must not run on the
// main or server event loop but is too small to be a job, e.g. re-scoring one design on every
// canvas edit with a model cached in the worker. Each feature area adds its methods here.
import type Database from 'better-sqlite3';
import type { GrammarMotif } from '../../grammar/call-model';

export interface CallEnv {
  /** The project database at `path`, opened once per worker thread. */
  db(path: string): Database.Database;
  /** TensorFlow.js backend in use (null when the engine is disabled). */
  backend: string | null;
}

export type CallHandler = (args: unknown, env: CallEnv) => Promise<unknown>;

export const CALLS: Record<string, CallHandler> = {
  'design.score': async (args, env) => (await import('../../design/scoring')).scoreCall(args, env),
  'grammar.track': async (args, env) => {
    const [{ trackCall }, { variantWindows, getVariantSet }] = await Promise.all([import('../../grammar/jobs'), import('../../variants/store')]);
    return trackCall(args, env, {
      windows: variantWindows,
      scoredMotifs: (db, setId) => getVariantSet(db, setId)?.params.motifs as GrammarMotif[] | undefined,
    });
  },
};
