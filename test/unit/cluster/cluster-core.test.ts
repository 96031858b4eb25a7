// The parts of a cluster sweep that need no Slurm: the tasks of a sweep, the sbatch script (valid
// bash, the resources asked for, names quoted), reading squeue/status/sacct output into task states,
// and the contract refusing resource values a shell would read as commands.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClusterResources, ClusterSweep, ClusterTarget, ClusterRuntime } from '../../../src/shared/api';
import { sweepTasks } from '../../../src/core/cluster/plan';
import { sbatchScript, shellQuote } from '../../../src/core/cluster/script';
import { parseSnapshot } from '../../../src/core/cluster/slurm';
import { applySnapshot, initialState, type SweepParams } from '../../../src/core/cluster/sweep-job';

const sweep = (x: Partial<ClusterSweep> = {}) => ClusterSweep.parse({ datasetIds: [1], models: ['argminn'], presets: ['quick'], seeds: [1, 2, 3], ...x });

describe('sweep tasks', () => {
  it('one task per dataset × model × preset × seed, numbered from 0, the seed in its settings', () => {
    const tasks = sweepTasks(sweep({ datasetIds: [1, 2], models: ['argminn', 'cnn'], seeds: [5, 6, 7], overrides: { epochs: 3 } }), new Map([[1, 'A'], [2, 'B']]));
    expect(tasks).toHaveLength(12);
    expect(tasks.map((t) => t.index)).toEqual([...Array(12).keys()]);
    expect(tasks[4]).toMatchObject({ datasetId: 1, model: 'cnn', seed: 6, overrides: { epochs: 3, seed: 6 } });
    expect(tasks[11]).toMatchObject({ datasetId: 2, model: 'cnn', seed: 7 });
    expect(tasks[0].name).toMatch(/^A · argminn quick · seed 5/);
  });

  it('refuses more tasks than one array holds, saying how many', () => {
    expect(() => sweepTasks(sweep({ seeds: [...Array(100).keys()], models: ['argminn', 'cnn', 'explainn'], presets: ['quick', 'standard', 'paper'], datasetIds: [1, 2] }), new Map())).toThrow(/makes 1800 tasks.*at most 1000/);
  });
});

describe('the sbatch script', () => {
  const tasks = sweepTasks(sweep({ name: "it's mine" }), new Map([[1, "Peaks 'n' stuff"]]));
  const script = (r: Partial<ClusterResources> = {}, setup = '') =>
    sbatchScript({ jobName: "it's mine", tasks, resources: ClusterResources.parse(r), runtime: ClusterRuntime.parse({ setup }), cisgramDir: '/opt/cisgram/' });

  it('asks for an array over the tasks and exactly the resources given', () => {
    const plain = script();
    expect(plain).toMatch(/^#SBATCH --array=0-2$/m);
    expect(plain).toMatch(/^#SBATCH --time=01:00:00$/m);
    expect(plain).toMatch(/^#SBATCH --mem=4G$/m);
    expect(plain).not.toMatch(/--partition|--gpus|--account/);
    const full = script({ partition: 'gpu', gpus: 2, account: 'lab42', maxRunning: 2, cpus: 4, time: '2-00:00:00', memory: '32G' });
    for (const l of ['--array=0-2%2', '--partition=gpu', '--gpus=2', '--account=lab42', '--cpus-per-task=4', '--time=2-00:00:00', '--mem=32G']) expect(full).toContain(`#SBATCH ${l}`);
    expect(full).toContain('CISGRAM=/opt/cisgram/bin/cisgram.mjs');
  });

  it('is valid bash, with setup lines, and names with quotes survive the shell', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cisgram-sbatch-'));
    try {
      const file = join(dir, 'job.sbatch');
      writeFileSync(file, script({}, 'module load nodejs/20\nexport FOO=1'));
      const syntax = spawnSync('bash', ['-n', file], { encoding: 'utf8' });
      expect(syntax.status, syntax.stderr).toBe(0);
      expect(spawnSync('grep', ['-c', 'module load nodejs/20', file], { encoding: 'utf8' }).stdout.trim()).toBe('1');
      for (const s of [tasks[1].name, "a'b\"c $HOME `x`", 'plain']) {
        const r = spawnSync('sh', ['-c', `printf %s ${shellQuote(s)}`], { encoding: 'utf8' });
        expect(r.stdout).toBe(s);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('reading the array', () => {
  const params = { tasks: sweepTasks(sweep(), new Map()) } as SweepParams;
  const MARK = '@@cisgram@@';

  it('queued and running tasks from squeue, ended ones from their status files', () => {
    const text = [
      '42_1|RUNNING', '42_2|PENDING', '41_0|RUNNING', `${MARK}squeue 0`,
      'tasks/0/status|running 100.5 node1;done 130.25;',
      'tasks/1/status|running 101 node2;',
      `${MARK}sacct`,
    ].join('\n');
    const snap = parseSnapshot(text, '42');
    expect(snap.queueOk).toBe(true);
    const state = initialState(params);
    const completed = applySnapshot(state, snap);
    expect(completed.map((t) => t.index)).toEqual([0]);
    expect(state.tasks.map((t) => t.state)).toEqual(['completed', 'running', 'pending']);
    expect(state.tasks[0]).toMatchObject({ startedAt: 100.5, endedAt: 130.25 });
    expect(state.tasks[1].startedAt).toBe(101);
  });

  it('a failed task says how; one that vanished is concluded lost only after several looks', () => {
    const state = initialState(params);
    const first = parseSnapshot([`${MARK}squeue 0`, 'tasks/0/status|running 1;failed 1 9;', 'tasks/1/status|running 1;', `${MARK}sacct`].join('\n'), '42');
    applySnapshot(state, first);
    expect(state.tasks[0]).toMatchObject({ state: 'failed', error: 'the task ended with exit code 1' });
    expect(state.tasks[1].state).not.toBe('failed');
    applySnapshot(state, first);
    applySnapshot(state, first);
    expect(state.tasks[1]).toMatchObject({ state: 'failed', error: expect.stringMatching(/left the queue without finishing/) });
    expect(state.tasks[2]).toMatchObject({ state: 'failed', error: 'the task left the queue without starting' });
  });

  it('concludes nothing while squeue fails; a job Slurm forgot is not an error; sacct states are used', () => {
    const state = initialState(params);
    for (let i = 0; i < 5; i++) applySnapshot(state, parseSnapshot(`slurm_load_jobs error: Unable to contact slurm controller\n${MARK}squeue 1\n${MARK}sacct`, '42'));
    expect(state.tasks.every((t) => t.state === 'waiting')).toBe(true);
    const forgot = parseSnapshot(`slurm_load_jobs error: Invalid job id specified\n${MARK}squeue 1\n${MARK}sacct\n42_2|TIMEOUT|0:15`, '42');
    expect(forgot.queueOk).toBe(true);
    applySnapshot(state, forgot);
    expect(state.tasks[2]).toMatchObject({ state: 'failed', slurmState: 'TIMEOUT' });
    const cancelled = initialState(params);
    cancelled.cancelled = true;
    applySnapshot(cancelled, parseSnapshot(`${MARK}squeue 0\ntasks/0/status|running 1;failed 143 2;\n${MARK}sacct`, '42'));
    expect(cancelled.tasks[0].state).toBe('cancelled');
  });
});

describe('the contract', () => {
  it('refuses resource values and paths a shell would read as commands', () => {
    expect(ClusterResources.safeParse({ memory: '4G; rm -rf ~' }).success).toBe(false);
    expect(ClusterResources.safeParse({ partition: 'gpu$(reboot)' }).success).toBe(false);
    expect(ClusterResources.safeParse({ time: '1:00:00 --wrap=x' }).success).toBe(false);
    expect(ClusterResources.parse({ time: '90', memory: '4000M', partition: 'short' })).toMatchObject({ time: '90', memory: '4000M', partition: 'short' });
    expect(ClusterTarget.safeParse({ kind: 'ssh', host: 'login;id', user: 'me', keyPath: '/k', remoteDir: '/r' }).success).toBe(false);
    expect(ClusterTarget.safeParse({ kind: 'ssh', host: 'login.hpc.edu', user: 'me', keyPath: '/k', remoteDir: '/home/me/jobs dir' }).success).toBe(false);
    expect(ClusterRuntime.safeParse({ setup: 'echo `id`' }).success).toBe(false);
    expect(ClusterTarget.parse({ kind: 'ssh', host: 'login.hpc.edu', user: 'me', keyPath: '/k', remoteDir: '/home/me/jobs' })).toMatchObject({ port: 22 });
  });
});
