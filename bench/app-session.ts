// A throw-away app session for benchmarks that go through the screens' commands: a CisgramService on
// a temporary data folder, `call` (dispatch; throws on a refusal) and `done` (waits for a job's end).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CisgramService } from '../src/core/app/service';
import { dispatch } from '../src/core/app/dispatch';

export interface AppSession {
  dataDir: string;
  call: (name: string, input?: unknown) => Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  done: (jobId: string) => Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  close: (keep?: boolean) => Promise<void>;
}

export function appSession(prefix: string): AppSession {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const svc = new CisgramService({ dataDir, mode: 'browser' });
  const call = async (name: string, input: unknown = {}) => {
    const r = await dispatch(svc, name, input);
    if (!r.ok) throw new Error(`${name}: ${r.error.code}: ${r.error.message}`);
    return r.value as any; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const done = async (id: string) => {
    for (;;) {
      const j = await call('jobs.get', { id });
      if (j.state === 'done') return j;
      if (j.state === 'failed' || j.state === 'cancelled') throw new Error(`${j.kind} ${j.state}: ${j.error}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  };
  const close = async (keep = false) => {
    await svc.dispose();
    if (keep) console.error(`kept the benchmark project in ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  };
  return { dataDir, call, done, close };
}
