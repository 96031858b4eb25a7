// The tasks a pool worker (./pool-worker.ts) can run: one piece of a data-parallel step or of a
// per-sequence job, registered by name. Each returns its result and the buffers to transfer back.
export interface PoolTaskEnv { index: number }
export type PoolTask = (args: unknown, env: PoolTaskEnv) => Promise<{ result: unknown; transfer?: ArrayBuffer[] }>;

export const POOL_TASKS: Record<string, PoolTask> = {
  'train.grad': async (args) => (await import('../../train/parallel')).shareGradTask(args),
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
