// Cluster commands: `cluster submit` sends a training sweep (datasets × models × presets × seeds) to
// Slurm as one job array and follows it until every task's run is imported (the app's
// cluster.submit), `cluster script` prints the sbatch script without sending anything,
// `cluster status` shows each task's state, `cluster cancel` cancels the array (scancel). `export`
// writes a run as a .cisgram-model file (what each cluster task does after training).
import { resolve } from 'node:path';
import type { ClusterSubmitInput, ClusterSweepStatus, ClusterTaskStatus, Input } from '../../shared/api';
import { ModelKind, PresetId } from '../../shared/api';
import { assignments, flag, jsonObject, list, num, numList, str, UsageError, type OptionTable, type Values } from '../args';
import { datasetRef, type Command } from '../command';
import { AppError } from '../session';

const sweepOptions: OptionTable = {
  dataset: { type: 'string', short: 'd', multiple: true, value: 'ID|NAME,…', help: 'dataset(s) to train on' },
  model: { type: 'string', multiple: true, value: 'KIND,…', help: `model kind(s): ${ModelKind.options.join(', ')} (default argminn)` },
  preset: { type: 'string', multiple: true, value: 'PRESET,…', help: `preset(s): ${PresetId.options.join(', ')} (default standard)` },
  seed: { type: 'string', multiple: true, value: 'N,…', help: 'seeds, one task per seed (default 1)' },
  set: { type: 'string', multiple: true, value: 'KEY=VALUE', help: 'change a setting from the preset (as in cisgram train)' },
  overrides: { type: 'string', value: 'JSON', help: 'settings as one JSON object (--set applies on top)' },
  name: { type: 'string', value: 'NAME', help: 'the sweep’s name (default sweep)' },
  partition: { type: 'string', value: 'NAME', help: 'Slurm partition (default: the cluster’s)' },
  time: { type: 'string', value: 'HH:MM:SS', help: 'time limit per task (default 01:00:00)' },
  mem: { type: 'string', value: 'SIZE', help: 'memory per task, e.g. 4G (default 4G)' },
  cpus: { type: 'string', value: 'N', help: 'CPUs per task (default 1)' },
  gpus: { type: 'string', value: 'N', help: 'GPUs per task (default 0)' },
  account: { type: 'string', value: 'NAME', help: 'Slurm account to charge' },
  'max-running': { type: 'string', value: 'N', help: 'at most N tasks at once (the %N of --array)' },
  ssh: { type: 'string', value: 'USER@HOST[:PORT]', help: 'submit on a login node over SSH (default: sbatch on this machine)' },
  key: { type: 'string', value: 'FILE', help: 'the SSH private key (with --ssh)' },
  'remote-dir': { type: 'string', value: 'DIR', help: 'where job folders go on the cluster (with --ssh)' },
  'cisgram-dir': { type: 'string', value: 'DIR', help: 'the Cisgram folder on the cluster, built (default: this one, for local Slurm)' },
  setup: { type: 'string', multiple: true, value: 'LINE', help: 'a shell line each task runs first, e.g. "module load nodejs" (repeatable)' },
  folder: { type: 'string', value: 'DIR', help: 'where the job folder is written on this machine (default: beside the project)' },
  poll: { type: 'string', value: 'SECONDS', help: 'seconds between two looks at the queue (default 10)' },
  detach: { type: 'boolean', help: 'return once the array is submitted (the app, or cisgram resume JOB, follows it later)' },
};

async function submitInput(ctx: Parameters<Command['run']>[0]): Promise<Input<'cluster.submit'>> {
  const v: Values = ctx.values;
  const dsRefs = list(v, 'dataset');
  if (!dsRefs?.length) throw new UsageError('cluster needs --dataset ID|NAME (cisgram datasets lists them).');
  const datasetIds: number[] = [];
  for (const ref of dsRefs) datasetIds.push(await datasetRef(ctx.session, ref));
  const overrides = assignments((v.set as string[] | undefined) ?? [], jsonObject(v, 'overrides') ?? {});
  const sshText = str(v, 'ssh');
  let target: ClusterSubmitInput['target'] = { kind: 'local' };
  if (sshText) {
    const m = /^([^@\s]+)@([^:\s]+)(?::(\d+))?$/.exec(sshText);
    if (!m) throw new UsageError(`--ssh is USER@HOST or USER@HOST:PORT, not “${sshText}”.`);
    const key = str(v, 'key');
    const remoteDir = str(v, 'remote-dir');
    if (!key) throw new UsageError('--ssh needs --key FILE (the private key ssh uses).');
    if (!remoteDir) throw new UsageError('--ssh needs --remote-dir DIR (where job folders go on the cluster).');
    target = { kind: 'ssh', user: m[1], host: m[2], port: m[3] ? Number(m[3]) : 22, keyPath: resolve(key), remoteDir };
  }
  const resources: Record<string, unknown> = {};
  const put = (k: string, val: unknown) => { if (val !== undefined) resources[k] = val; };
  put('partition', str(v, 'partition'));
  put('time', str(v, 'time'));
  put('memory', str(v, 'mem'));
  put('cpus', num(v, 'cpus'));
  put('gpus', num(v, 'gpus'));
  put('account', str(v, 'account'));
  put('maxRunning', num(v, 'max-running'));
  const setup = (v.setup as string[] | undefined) ?? [];
  const folder = str(v, 'folder');
  const poll = num(v, 'poll');
  return {
    sweep: {
      datasetIds,
      models: (list(v, 'model') ?? ['argminn']) as ClusterSubmitInput['sweep']['models'],
      presets: (list(v, 'preset') ?? ['standard']) as ClusterSubmitInput['sweep']['presets'],
      seeds: numList(v, 'seed') ?? [1],
      overrides,
      ...(str(v, 'name') ? { name: str(v, 'name') } : {}),
    },
    resources: resources as Input<'cluster.submit'>['resources'],
    target,
    runtime: { cisgramDir: str(v, 'cisgram-dir') ?? null, setup: setup.join('\n') },
    ...(folder ? { folder: resolve(folder) } : {}),
    ...(poll !== undefined ? { pollSeconds: poll } : {}),
  };
}

function printStatus(ctx: Parameters<Command['run']>[0], s: ClusterSweepStatus): void {
  ctx.out.text(`${s.job.title} — Slurm job ${s.slurmJobId ?? '(not submitted yet)'}, job ${s.jobId} (${s.job.state})`);
  ctx.out.text(`  folder: ${s.folder}${s.clusterFolder !== s.folder ? ` → ${s.clusterFolder}` : ''}`);
  ctx.out.table('cluster', s.tasks, [
    { label: 'task', get: (t: ClusterTaskStatus) => t.index },
    { label: 'state', get: (t) => t.state },
    { label: 'slurm', get: (t) => t.slurmState ?? '' },
    { label: 'run', get: (t) => t.runId ?? '' },
    { label: 'model', get: (t) => t.model },
    { label: 'preset', get: (t) => t.preset },
    { label: 'seed', get: (t) => t.seed },
    { label: 'dataset', get: (t) => t.datasetId },
    { label: 'why', get: (t) => t.error ?? '' },
  ]);
  for (const t of s.tasks) if (t.state === 'failed' && t.logTail) ctx.out.text(`\n--- task ${t.index}: end of its Slurm log ---\n${t.logTail.trimEnd()}`);
}

export const clusterCommand: Command = {
  name: 'cluster',
  summary: 'send a training sweep to a Slurm cluster as one job array, follow it, import its runs',
  usage: [
    'cisgram cluster submit -p P.cisgram -d ID|NAME[,…] [--model K,…] [--preset P,…] [--seed N,…] [--set k=v …] [resources] [--ssh USER@HOST --key FILE --remote-dir DIR --cisgram-dir DIR]',
    '       cisgram cluster script …same options…      (print the sbatch script; nothing is written or sent)',
    '       cisgram cluster status -p P.cisgram [JOB]',
    '       cisgram cluster cancel -p P.cisgram JOB',
  ].join('\n'),
  details: [
    'One task per dataset × model × preset × seed. Each task trains exactly what `cisgram train` would with the same settings,',
    'on the cluster, and its run is imported into this project when it ends (see docs/cluster.md).',
    'Ctrl+C while following cancels the array (scancel); --detach returns once it is submitted.',
  ].join('\n'),
  options: sweepOptions,
  examples: [
    'cisgram cluster submit -p demo.cisgram -d 1 --preset quick --seed 1,2,3 --partition short --time 00:30:00 --mem 4G',
    'cisgram cluster submit -p demo.cisgram -d 1 --seed 1,2,3 --ssh me@login.hpc.edu --key ~/.ssh/id_ed25519 --remote-dir /home/me/cisgram-jobs --cisgram-dir /home/me/cisgram --setup "module load nodejs/20"',
    'cisgram cluster status -p demo.cisgram',
  ],
  project: 'required',
  engine: true,
  async run(ctx) {
    const [action = 'status', jobId] = ctx.positionals;
    if (action === 'script') {
      const p = await ctx.session.call('cluster.preview', await submitInput(ctx));
      for (const w of p.problems) ctx.out.note(`Note: ${w}`);
      ctx.out.record({ type: 'result', command: 'cluster', value: p });
      if (!ctx.out.json) process.stdout.write(p.script);
      return;
    }
    if (action === 'submit') {
      const { job, tasks } = await ctx.session.call('cluster.submit', await submitInput(ctx));
      ctx.out.text(`Started job ${job.id}: ${tasks.length} task(s).`);
      ctx.out.record({ type: 'started', jobId: job.id, tasks: tasks.length });
      if (flag(ctx.values, 'detach')) {
        for (;;) {
          const s = await ctx.session.call('cluster.status', { jobId: job.id });
          if (s.slurmJobId) {
            ctx.out.text(`Submitted as Slurm job ${s.slurmJobId}. Follow it in the app (reopening the project resumes following) or with: cisgram resume -p … ${job.id}`);
            ctx.out.record({ type: 'result', command: 'cluster', value: s });
            return;
          }
          if (['failed', 'cancelled', 'done'].includes(s.job.state)) break;
          await new Promise((r) => setTimeout(r, 500));
        }
      }
      const [end] = await ctx.session.follow([job]);
      const s = await ctx.session.call('cluster.status', { jobId: job.id });
      ctx.out.text('');
      printStatus(ctx, s);
      ctx.out.record({ type: 'result', command: 'cluster', value: s });
      if (end.state !== 'done') throw new AppError(`job_${end.state}`, `${end.title} ${end.state}: ${end.error ?? end.message}`);
      const bad = s.tasks.filter((t) => t.state !== 'imported');
      if (bad.length) throw new AppError('tasks_failed', `${bad.length} of ${s.tasks.length} task(s) did not give a run: ${bad.map((t) => `task ${t.index} ${t.state}${t.error ? ` (${t.error})` : ''}`).join('; ')}`);
      return;
    }
    if (action === 'status') {
      const all = jobId ? [await ctx.session.call('cluster.status', { jobId })] : await ctx.session.call('cluster.sweeps', {});
      if (!all.length) ctx.out.text('No cluster sweeps in this project: start one with cisgram cluster submit.');
      for (const s of all) printStatus(ctx, s);
      ctx.out.record({ type: 'result', command: 'cluster', value: all });
      return;
    }
    if (action === 'cancel') {
      if (!jobId) throw new UsageError('cluster cancel needs the job id (cisgram cluster status lists them).');
      const s = await ctx.session.call('cluster.cancel', { jobId });
      printStatus(ctx, s);
      ctx.out.record({ type: 'result', command: 'cluster', value: s });
      return;
    }
    throw new UsageError(`cluster: “${action}” is not submit, script, status or cancel.`);
  },
};

export const exportCommand: Command = {
  name: 'export',
  summary: 'write a trained run as a .cisgram-model file (opens with the app’s model import)',
  usage: 'cisgram export -p P.cisgram [--run ID] --out FILE.cisgram-model',
  options: {
    run: { type: 'string', value: 'ID', help: 'the run (default: the project’s only finished run)' },
    out: { type: 'string', short: 'o', value: 'FILE', help: 'the model file to write (replaced when it exists)' },
  },
  examples: ['cisgram export -p demo.cisgram --run 3 --out run3.cisgram-model'],
  project: 'required',
  engine: false,
  async run(ctx) {
    const out = str(ctx.values, 'out');
    if (!out) throw new UsageError('export needs --out FILE.cisgram-model.');
    let runId = num(ctx.values, 'run');
    if (runId === undefined) {
      const done = (await ctx.session.call('train.runs', {})).filter((r) => r.hasModel);
      if (done.length !== 1) throw new AppError('invalid_input', done.length ? `This project has ${done.length} trained runs (${done.map((r) => r.id).join(', ')}); say which with --run.` : 'This project has no trained run to export.');
      runId = done[0].id;
    }
    const r = await ctx.session.call('train.export', { runId, path: resolve(out), overwrite: true });
    ctx.out.record({ type: 'result', command: 'export', value: r });
    ctx.out.text(`Wrote run ${runId} to ${r.path} (${r.bytes} bytes).`);
  },
};
