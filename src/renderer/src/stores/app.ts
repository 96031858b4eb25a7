// App-wide state: the open project, recent projects, jobs and the engine status.
import { defineStore } from 'pinia';
import { ref, computed } from 'vue';
import { api, errorMessage } from '../api';
import type { AppInfo, EngineInfo, JobInfo, ProjectInfo, RecentProject } from '@shared/api';

export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null);
  const engine = ref<EngineInfo>({ status: 'starting', backend: null, skipped: [], detail: null });
  const project = ref<ProjectInfo | null>(null);
  const recent = ref<RecentProject[]>([]);
  const projectsDir = ref('');
  const jobs = ref<JobInfo[]>([]);
  const toast = ref<{ kind: 'error' | 'info'; text: string } | null>(null);
  let toastTimer: ReturnType<typeof setTimeout> | undefined;

  const runningJobs = computed(() => jobs.value.filter((j) => j.state === 'running' || j.state === 'queued'));

  function notify(kind: 'error' | 'info', text: string) {
    toast.value = { kind, text };
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => (toast.value = null), kind === 'error' ? 9000 : 4000);
  }

  async function guard<T>(fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (e) {
      notify('error', errorMessage(e));
      return undefined;
    }
  }

  async function refreshRecent() {
    const r = await api.invoke('projects.list', {});
    recent.value = r.recent;
    projectsDir.value = r.projectsDir;
  }
  async function refreshJobs() {
    jobs.value = await api.invoke('jobs.list', {});
  }

  async function init() {
    api.on((e) => {
      if (e.type === 'engine') engine.value = e.engine;
      else if (e.type === 'project') {
        project.value = e.project;
        void refreshJobs();
      } else if (e.type === 'recent') void refreshRecent();
      else if (e.type === 'job') {
        const i = jobs.value.findIndex((j) => j.id === e.job.id);
        if (i >= 0) jobs.value[i] = e.job;
        else jobs.value.unshift(e.job);
      }
    });
    const [i, eng, cur] = await Promise.all([api.invoke('app.info', {}), api.invoke('engine.info', {}), api.invoke('projects.current', {})]);
    info.value = i;
    engine.value = eng;
    project.value = cur;
    await Promise.all([refreshRecent(), refreshJobs()]);
    // The engine may finish starting between our first look and the event subscription.
    if (engine.value.status === 'starting') setTimeout(async () => (engine.value = await api.invoke('engine.info', {})), 3000);
  }

  return { info, engine, project, recent, projectsDir, jobs, runningJobs, toast, notify, guard, init, refreshRecent, refreshJobs };
});
