// `cisgram cluster` and `cisgram export` as a user types them (a child process, no Slurm needed):
// the sbatch script of a sweep printed without sending anything, a resource value a shell would
// misread refused with the app's sentence, command-line mistakes with exit code 2, and export
// refusing a project without a trained run. Runs the built engine when it is fresh, else the sources.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CisgramService } from '../../../src/core/app/service';
import { dispatch } from '../../../src/core/app/dispatch';
import { addTwoMotifDataset } from '../compare/helpers';
import { builtProblem, root } from './slurm-env';

const entry = builtProblem() === null ? [join(root, 'bin', 'cisgram.mjs')] : ['--import', 'tsx', join(root, 'src', 'cli', 'index.ts')];
const { CISGRAM_ENGINE: _engine, ...childEnv } = process.env;
void _engine;

let dir: string;
let project: string;

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...entry, ...args], { cwd: root, env: { ...childEnv, CISGRAM_NO_BUILD: '1', CISGRAM_DATA_DIR: join(dir, 'data') } });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cisgram-cluster-cli-'));
  const svc = new CisgramService({ dataDir: join(dir, 'data'), mode: 'browser' });
  try {
    const r = await dispatch(svc, 'projects.create', { name: 'cli', dir });
    if (!r.ok) throw new Error(r.error.message);
    project = svc.project!.path;
    addTwoMotifDataset(svc.project!.db, { name: 'two motifs', n: { train: 60, valid: 20, test: 20 } });
  } finally {
    await svc.dispose();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cisgram cluster', () => {
  it('script prints the sbatch script of a sweep (one task per model × seed) and sends nothing', async () => {
    const r = await cli(['cluster', 'script', '-p', project, '-d', 'two motifs', '--model', 'argminn,cnn', '--preset', 'quick', '--seed', '1,2', '--partition', 'short', '--mem', '2G', '--gpus', '1', '--setup', 'module load nodejs/20']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^#!\/bin\/bash/);
    for (const l of ['#SBATCH --array=0-3', '#SBATCH --partition=short', '#SBATCH --mem=2G', '#SBATCH --gpus=1', 'module load nodejs/20']) expect(r.stdout).toContain(l);
    expect(r.stdout).toMatch(/3\) DATASET=1; MODEL=cnn; PRESET=quick; NAME='two motifs · cnn quick · seed 2/);
    const status = await cli(['cluster', 'status', '-p', project]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/No cluster sweeps in this project/);
  }, 120_000);

  it('refuses a resource value a shell would misread, and command-line mistakes', async () => {
    const bad = await cli(['cluster', 'script', '-p', project, '-d', '1', '--mem', '2G; reboot']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/memory is a number with K, M, G or T/);
    const ssh = await cli(['cluster', 'submit', '-p', project, '-d', '1', '--ssh', 'login.hpc.edu']);
    expect(ssh.code).toBe(2);
    expect(ssh.stderr).toMatch(/--ssh is USER@HOST/);
    const verb = await cli(['cluster', 'launch', '-p', project]);
    expect(verb.code).toBe(2);
    expect(verb.stderr).toMatch(/not submit, script, status or cancel/);
    const noSeed = await cli(['cluster', 'script', '-p', project, '-d', '1', '--set', 'seed=4']);
    expect(noSeed.code).toBe(1);
    expect(noSeed.stderr).toMatch(/seeds of a sweep are its own list/);
  }, 120_000);

  it('export refuses a project without a trained run', async () => {
    const r = await cli(['export', '-p', project, '--out', join(dir, 'x.cisgram-model')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no trained run to export/);
  }, 60_000);
});
