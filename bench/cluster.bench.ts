// cluster.overhead: what Slurm and the follower add around the training itself, on the local
// single-node Slurm (.ci/slurm-up.sh): seconds from submit (sbatch answered) to the first task
// running, and from the last task ending to its run imported in the project. A 3-task array of a tiny
// ARGMINN (2 epochs, F=4) on a small simulated dataset; the queue is looked at every second (the
// app's default is 10 s, which adds up to 10 s to the second figure).
import type { Bench, BenchResult } from './types';
import { appSession } from './app-session';
import { builtProblem, root, slurmProblem } from '../test/unit/cluster/slurm-env';
import type { ClusterSweepStatus } from '../src/shared/api';

const POLL_SECONDS = 1;

export const benches: Bench[] = [
  {
    name: 'cluster.overhead',
    async run(): Promise<BenchResult[]> {
      const problem = slurmProblem() ?? builtProblem();
      if (problem) throw new Error(`skipped: ${problem}`);
      const s = appSession('cisgram-bench-cluster-');
      try {
        await s.call('projects.create', { name: 'bench', dir: s.dataDir });
        const sim = await s.done((await s.call('data.simulate', { name: 'tiny', recipe: 'demo-gata-tal1-spacing', nPositives: 150, nNegatives: 150, length: 100, seed: 7 })).id);
        const datasetId = (sim.result as { datasetId: number }).datasetId;
        const t0 = Date.now();
        const { job } = await s.call('cluster.submit', {
          sweep: { datasetIds: [datasetId], models: ['argminn'], presets: ['quick'], seeds: [1, 2, 3], overrides: { epochs: 2, model: { F: 4 } }, name: 'bench' },
          resources: { time: '00:10:00', memory: '1G' },
          runtime: { cisgramDir: root },
          pollSeconds: POLL_SECONDS,
        });
        await s.done(job.id);
        const total = (Date.now() - t0) / 1000;
        const st = (await s.call('cluster.status', { jobId: job.id })) as ClusterSweepStatus;
        if (st.tasks.some((t) => t.state !== 'imported')) throw new Error(`not every task was imported: ${st.tasks.map((t) => `${t.index} ${t.state} ${t.error ?? ''}`).join('; ')}`);
        const firstStart = Math.min(...st.tasks.map((t) => t.startedAt!));
        const last = st.tasks.reduce((a, b) => (b.endedAt! > a.endedAt! ? b : a));
        const taskSeconds = st.tasks.map((t) => t.endedAt! - t.startedAt!);
        const common = { tasks: 3, pollSeconds: POLL_SECONDS, slurmJobId: st.slurmJobId, totalSeconds: +total.toFixed(1), taskSeconds: taskSeconds.map((x) => +x.toFixed(1)) };
        return [
          { bench: 'cluster.overhead.submit_to_first_running', value: +(firstStart - st.submittedAt!).toFixed(2), unit: 's', ...common },
          { bench: 'cluster.overhead.last_end_to_imported', value: +(last.importedAt! - last.endedAt!).toFixed(2), unit: 's', ...common },
        ];
      } finally {
        await s.close();
      }
    },
  },
];
