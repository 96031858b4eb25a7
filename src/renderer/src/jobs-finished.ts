// "Did a job just finish?" for screens, written once: calls back with the jobs (of the kinds a
// screen cares about) that reached 'done' while the screen watched — seen queued, running, failed
// or interrupted before, done now. Jobs already done when they first appear (the screen opened, a
// project was opened) are history, not news, and are ignored. Read a job's result with jobResult().
import { computed, watch, type ComputedRef, type Ref } from 'vue';
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

/**
 * One job a screen started and follows: `id` holds its id (null = none). When it ends, `id` is reset
 * and `done(job)` or `ended(job)` (failed or cancelled) is called once. Returns the job as it runs.
 */
export function followJob(
  id: Ref<string | null>,
  on: { done: (job: JobInfo) => void | Promise<void>; ended?: (job: JobInfo) => void | Promise<void> },
): ComputedRef<JobInfo | null> {
  const store = useAppStore();
  const job = computed(() => (id.value ? store.jobs.find((j) => j.id === id.value) ?? null : null));
  watch(() => job.value?.state, async (s) => {
    const j = job.value;
    if (!j || (s !== 'done' && s !== 'failed' && s !== 'cancelled')) return;
    id.value = null;
    if (s === 'done') await on.done(j);
    else await on.ended?.(j);
  });
  return job;
}
