// Calls commands on a CisgramService through the same schema gate as the app (dispatch), for
// tests: call (throws on a refusal), callErr (expects one), waitJob (polls a job to its end).
import { dispatch } from '../../src/core/app/dispatch';
import type { CisgramService } from '../../src/core/app/service';
import type { JobInfo } from '../../src/shared/api';

export function apiClient(service: () => CisgramService) {
  const call = async (name: string, input: unknown = {}) => {
    const r = await dispatch(service(), name, input);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value as any;
  };
  const callErr = async (name: string, input: unknown) => {
    const r = await dispatch(service(), name, input);
    if (r.ok) throw new Error(`expected ${name} to fail`);
    return r.error;
  };
  const waitJob = async (id: string, ms = 60_000): Promise<JobInfo> => {
    const t0 = Date.now();
    for (;;) {
      const j: JobInfo = await call('jobs.get', { id });
      if (['done', 'failed', 'cancelled'].includes(j.state)) return j;
      if (Date.now() - t0 > ms) throw new Error(`job ${id} still ${j.state}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  return { call, callErr, waitJob };
}
