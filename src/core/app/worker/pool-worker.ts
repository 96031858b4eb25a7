// A pool worker (../../jobs/pool.ts): the engine entry started with workerData.role 'pool'. It starts
// TensorFlow.js on the engine's backend, says ready, then runs named tasks (./pool-tasks.ts) one
// message at a time and answers each with its result or error.
import type { MessagePort } from 'node:worker_threads';
import type { FromPool, ToPool, PoolWorkerData } from '../../jobs/pool';
import { POOL_TASKS } from './pool-tasks';

export async function poolMain(port: MessagePort, data: PoolWorkerData): Promise<void> {
  const send = (m: FromPool, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  let backend: string | null = null;
  try {
    if (data.backend) {
      const { selectBackend } = await import('../../model/backend');
      backend = (await selectBackend(data.backend === 'tensorflow' || data.backend === 'wasm' || data.backend === 'cpu' ? data.backend : undefined)).name;
    }
    send({ type: 'ready', backend });
  } catch (e) {
    send({ type: 'ready', backend: null, error: (e as Error)?.message ?? String(e) });
    return;
  }
  port.on('message', (m: ToPool) => {
    if (m?.type !== 'task') return;
    void (async () => {
      try {
        const fn = POOL_TASKS[m.task];
        if (!fn) throw new Error(`unknown pool task '${m.task}'`);
        const { result, transfer } = await fn(m.args, { index: data.index });
        send({ type: 'result', id: m.id, ok: true, result }, transfer ?? []);
      } catch (e) {
        send({ type: 'result', id: m.id, ok: false, error: (e as Error)?.message ?? String(e) });
      }
    })();
  });
}
