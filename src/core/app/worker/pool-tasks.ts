// The tasks a pool worker (./pool-worker.ts) can run: one piece of a data-parallel step or of a
// per-sequence job, registered by name. Each returns its result and the buffers to transfer back.
import { existsSync, rmSync } from 'node:fs';

export interface PoolTaskEnv { index: number }
export type PoolTask = (args: unknown, env: PoolTaskEnv) => Promise<{ result: unknown; transfer?: ArrayBuffer[] }>;

// Test hook: with CISGRAM_TEST_WORKER_CRASH='<file>:<n>' a pool worker dies on its (n+1)-th gradient
// while <file> exists, removing the file first (so the pool that replaces it works).
const crashHook = /^(.+):(\d+)$/.exec(process.env.CISGRAM_TEST_WORKER_CRASH ?? '');
let grads = 0;
function maybeCrash(): boolean {
  if (!crashHook || ++grads <= Number(crashHook[2]) || !existsSync(crashHook[1])) return false;
  rmSync(crashHook[1], { force: true });
  setImmediate(() => { throw new Error('worker killed by the CISGRAM_TEST_WORKER_CRASH hook'); });
  return true;
}

export const POOL_TASKS: Record<string, PoolTask> = {
  'train.grad': async (args) => {
    if (maybeCrash()) return new Promise<never>(() => {}); // never answers: the thread dies first
    return (await import('../../train/parallel')).shareGradTask(args);
  },
  'grammar.calls': async (args) => (await import('../../grammar/call-model')).callsTask(args),
  'pwm.fimoPart': async (args) => (await import('../../motifs/fimo-parallel')).fimoPartTask(args),
  'interpret.perBase': async (args) => (await import('../../interpret/parallel')).perBaseTask(args),
  'variants.effects': async (args) => (await import('../../variants/parallel')).effectsTask(args),
  // For tests of crash handling: 'throw' fails the task, 'crash' kills the worker thread.
  'test.fail': async (args) => {
    const how = (args as { how?: string })?.how;
    if (how === 'crash') {
      setImmediate(() => { throw new Error('test worker crash'); });
      await new Promise(() => {});
    }
    throw new Error('test task failed on purpose');
  },
};
