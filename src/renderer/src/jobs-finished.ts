// "Did a job just finish?" for screens, written once: calls back with the jobs (of the kinds a
// screen cares about) that reached 'done' while the screen watched — seen queued, running, failed
// or interrupted before, done now. Jobs already done when they first appear (the screen opened, a
// project was opened) are history, not news, and are ignored. Read a job's result with jobResult().
import { watch } from 'vue';
import type { JobInfo } from '@shared/api';
import { useAppStore } from './stores/app';

export function onJobsFinished(match: (job: JobInfo) => boolean, handle: (done: JobInfo[]) => void | Promise<void>): void {
  const store = useAppStore();
  const pending = new Set<string>();
  watch(
    () => store.jobs.map((j) => `${j.id}:${j.state}`).join(','),
    async () => {
      const done: JobInfo[] = [];
      for (const j of store.jobs) {
        if (!match(j)) continue;
        if (j.state !== 'done') pending.add(j.id);
        else if (pending.delete(j.id)) done.push(j);
      }
      if (done.length) await handle(done);
    },
    { immediate: true },
  );
}
