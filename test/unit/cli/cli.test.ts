// The headless engine as a user runs it: a child process. `--help` and mistakes (exit codes, clear
// messages), then simulate → train (tiny model, 2 epochs, --json lines) → motifs on a temporary
// project, which the desktop app's service then opens and finds the run and its motifs in.
// Runs the built CLI (bin/cisgram.mjs → out/main/cli.js) when the build is newer than the sources
// (as after `npm test`'s build), else the sources through tsx (slower; same code).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CisgramService } from '../../../src/core/app/service';
import { dispatch } from '../../../src/core/app/dispatch';
import type { ProjectMotif, RunSummary } from '../../../src/shared/api';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const built = join(root, 'out', 'main', 'cli.js');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}
const useBuilt = process.env.CISGRAM_TEST_CLI_SOURCE !== '1' && existsSync(built) && existsSync(join(root, 'out', 'main', 'engine-worker.js')) && statSync(built).mtimeMs >= newest(join(root, 'src'));
const entry = useBuilt ? [join(root, 'bin', 'cisgram.mjs')] : ['--import', 'tsx', join(root, 'src', 'cli', 'index.ts')];

const { CISGRAM_ENGINE: _engine, ...childEnv } = process.env; // the CLI decides when it needs the engine
void _engine;

interface Result { code: number | null; stdout: string; stderr: string }

let dir: string;
let dataDir: string;
let project: string;

function cli(args: string[]): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...entry, ...args], {
      cwd: root,
      env: { ...childEnv, CISGRAM_NO_BUILD: '1', CISGRAM_DATA_DIR: dataDir },
    });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cisgram-cli-'));
  dataDir = join(dir, 'data');
  project = join(dir, 'headless.cisgram');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cisgram (headless engine)', () => {
  it('--help lists the commands and exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['import', 'simulate', 'train', 'evaluate', 'motifs', 'paper', 'runs', 'datasets']) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
    const t = await cli(['train', '--help']);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/--seed/);
  });

  it('mistakes exit non-zero with a clear message', async () => {
    const bad = await cli(['frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Unknown command “frobnicate”.*train/);
    const opt = await cli(['runs', '--bogus']);
    expect(opt.code).toBe(2);
    expect(opt.stderr).toMatch(/unknown option --bogus/);
    // A refusal of the app itself: its message, and a hint.
    const missing = await cli(['runs', '-p', join(dir, 'nowhere.cisgram'), '--json']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nowhere\.cisgram.*--create/s);
    expect(JSON.parse(missing.stdout.trim())).toMatchObject({ type: 'error' });
  });

  it('simulate → train → motifs on a new project, which the app then opens with the run', async () => {
    const sim = await cli(['simulate', '-p', project, '--create', '--recipe', 'demo-gata-tal1-spacing', '--positives', '50', '--negatives', '50', '--length', '60', '--seed', '3']);
    expect(sim.code, sim.stderr).toBe(0);
    expect(sim.stdout).toMatch(/Dataset 1 “demo-gata-tal1-spacing”: 100 sequences/);
    expect(sim.stdout).toMatch(/^\[\s*\d+%\] Simulate/m);

    // Out-of-range settings: the app's own sentence, exit 1, nothing started.
    const range = await cli(['train', '-p', project, '-d', 'demo-gata-tal1-spacing', '--set', 'model.F=999']);
    expect(range.code).toBe(1);
    expect(range.stderr).toMatch(/Some settings are out of range/);

    const tiny = ['--set', 'epochs=2', '--set', 'model.F=2', '--set', 'model.H=8', '--set', 'model.NH=2', '--set', 'model.S=16', '--set', 'batchSize=32'];
    const train = await cli(['train', '-p', project, '-d', '1', '--preset', 'quick', '--seed', '5', ...tiny, '--json']);
    expect(train.code, train.stderr).toBe(0);
    const lines = train.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; [k: string]: unknown });
    expect(lines.some((l) => l.type === 'progress' && l.state === 'running')).toBe(true);
    const result = lines.find((l) => l.type === 'result') as unknown as { value: { id: number; seed: number; state: string; epochsDone: number }[] };
    expect(result.value).toHaveLength(1);
    expect(result.value[0]).toMatchObject({ seed: 5, state: 'done', epochsDone: 2 });
    const runId = result.value[0].id;

    const motifs = await cli(['motifs', '-p', project, '--run', String(runId), '--all']);
    expect(motifs.code, motifs.stderr).toBe(0);
    expect(motifs.stdout).toMatch(/consensus/);
    expect(motifs.stdout).toMatch(/Filter 1/);

    // The desktop app's service opens the same file and sees the run and its motifs.
    const prev = process.env.CISGRAM_ENGINE;
    process.env.CISGRAM_ENGINE = 'none';
    const svc = new CisgramService({ dataDir: mkdtempSync(join(dir, 'app-')), mode: 'desktop' });
    try {
      expect((await dispatch(svc, 'projects.open', { path: project })).ok).toBe(true);
      const runs = await dispatch(svc, 'train.runs', {});
      if (!runs.ok) throw new Error(runs.error.message);
      expect((runs.value as RunSummary[]).find((r) => r.id === runId)).toMatchObject({ state: 'done', seed: 5, preset: 'quick', hasModel: true });
      const m = await dispatch(svc, 'motifs.list', { runId });
      if (!m.ok) throw new Error(m.error.message);
      expect((m.value as ProjectMotif[]).length).toBe(2);
    } finally {
      await svc.dispose();
      process.env.CISGRAM_ENGINE = prev;
    }
  }, 240_000);
});
