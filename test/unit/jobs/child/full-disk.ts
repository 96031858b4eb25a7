// Child process of disk-full-tmpfs.test.ts, run inside a private mount namespace with a tiny tmpfs
// as its data folder: fills the disk, imports, and prints what the app answered as one JSON line.
import { closeSync, openSync, rmSync, statSync, truncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { CisgramService } from '../../../../src/core/app/service';
import { dispatch } from '../../../../src/core/app/dispatch';
import { apiClient } from '../../api-client';

process.env.CISGRAM_ENGINE = 'none';
const [dataDir, fasta] = process.argv.slice(2);
const service = new CisgramService({ dataDir, mode: 'browser' });
const { call, waitJob } = apiClient(() => service);
const out: Record<string, unknown> = {};
try {
  const { path } = await call('projects.create', { name: 'Tiny' });
  out.path = path;
  const filler = join(dataDir, 'filler');
  const fd = openSync(filler, 'w');
  const block = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, block);
  } catch {
    // the disk is full now
  } finally {
    closeSync(fd);
  }
  const spec = { name: 'big', source: { kind: 'fasta', positives: fasta }, negatives: { mode: 'shuffle' }, seed: 1 };
  // Not a byte left: even recording the job is refused, with a sentence.
  out.startWhenFull = await dispatch(service, 'data.import', spec);
  // Room for the job's bookkeeping but not for the dataset: the import itself runs out of space.
  truncateSync(filler, statSync(filler).size - 256 * 1024);
  const job = await waitJob((await call('data.import', spec)).id, 120_000);
  out.job = { state: job.state, error: job.error };
  out.alive = (await call('projects.current'))?.name ?? null;
  out.datasetsAfterFailure = (await call('data.list')).length;
  await call('projects.close');
  out.reopenWhileFull = await dispatch(service, 'projects.open', { path });
  await call('projects.close');
  rmSync(filler);
  out.reopenWithSpace = await dispatch(service, 'projects.open', { path });
  out.datasetsWithSpace = (await call('data.list')).length;
} catch (e) {
  out.crash = String((e as Error)?.stack ?? e);
}
await service.dispose();
console.log(`RESULT ${JSON.stringify(out)}`);
process.exit(0);
