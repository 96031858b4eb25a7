// Starts the compute engine inside the worker: picks the TensorFlow.js backend and reports why
// each faster one was skipped.
import type { EngineInfo } from '../../../shared/api/app';

export async function startEngine(): Promise<EngineInfo> {
  if (process.env.CISGRAM_ENGINE === 'none') {
    return { status: 'ready', backend: null, skipped: [], detail: 'engine disabled (CISGRAM_ENGINE=none)' };
  }
  try {
    const { selectBackend } = await import('../../model/backend');
    const r = await selectBackend();
    return { status: 'ready', backend: r.name, skipped: r.skipped, detail: null };
  } catch (e) {
    return { status: 'failed', backend: null, skipped: [], detail: `no TensorFlow.js backend could start: ${(e as Error).message}` };
  }
}
