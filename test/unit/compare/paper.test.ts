// The paper benchmark job on a miniature grammar set: simulates from a library collection, trains every
// (grammar × model × seed) run with the train job, evaluates them into the comparison table and writes
// one HTML report; cancelled after its first run, it resumes from its checkpoint without retraining
// what was finished. (Sizes are tiny: this proves the orchestration, not the science; the science is
// `npm run bench paper.quick`.)
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CisgramService } from '../../../src/core/app/service';
import { MotifLibrary, LIBRARY_FILE } from '../../../src/core/motifs/library';
import { paperJob } from '../../../src/core/compare/paper';
import { CancelledError, type JobContext } from '../../../src/core/jobs/context';
import { selectBackend } from '../../../src/core/model/backend';
import { apiClient } from '../api-client';

let service: CisgramService, dir = '', projectPath = '', collectionId = 0;
const { call, callErr } = apiClient(() => service);
const one = (seq: string) => seq.split('').map((ch) => [0, 1, 2, 3].map((b) => (b === 'ACGT'.indexOf(ch) ? 0.91 : 0.03)));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cisgram-paper-'));
  service = new CisgramService({ dataDir: dir, mode: 'browser' });
  projectPath = (await call('projects.create', { name: 'Paper' })).path;
  const lib = new MotifLibrary(join(dir, LIBRARY_FILE));
  collectionId = lib.addCollection('Mini JASPAR', 'mini.meme', 'meme', [
    { id: 'MA0080.5', name: 'SPI1', probs: one('AAAAAGAGGAAGTGAAAA') },
    { id: 'MA9999.1', name: 'OTHER', probs: one('CCGCGGTA') },
  ]).id;
  lib.close();
  await selectBackend('wasm');
}, 60_000);
afterAll(async () => service.dispose());

function ctxFor(params: unknown, checkpoint: Uint8Array | null, onProgress: (m: string, ac: AbortController) => void = () => {}) {
  const ac = new AbortController();
  const db = new Database(projectPath);
  db.pragma('foreign_keys = ON');
  let saved: Uint8Array | null = checkpoint;
  const ctx: JobContext = {
    jobId: 'paper-test', params, checkpoint, signal: ac.signal, projectPath, backend: 'wasm', db: () => db,
    progress: (u) => onProgress(u.message ?? '', ac),
    saveCheckpoint: (b) => { saved = b; },
    throwIfCancelled: () => { if (ac.signal.aborted) throw new CancelledError(); },
  };
  return { ctx, db, last: () => saved };
}

describe('paper benchmark job', () => {
  it('refuses a collection that lacks the grammars’ motifs', async () => {
    const e = await callErr('compare.paper', { collectionId, quick: true });
    expect(e.message).toMatch(/lacks motifs the grammars need: .*TAL1::TCF3/);
  });

  it('runs, is cancelled after its first run, resumes without retraining it, and writes the report', async () => {
    const params = {
      collectionId, libraryPath: join(dir, LIBRARY_FILE), seeds: 1, quick: true, recipes: ['spi1-single'], models: ['argminn', 'cnn'],
      reportPath: join(dir, 'exports', 'paper.html'),
      trainOverrides: { epochs: 2, freshData: { enabled: true, stepsPerEpoch: 2 }, batchSize: 16 },
      dataSize: { nPositives: 60, nNegatives: 60, length: 120 },
    };
    const a = ctxFor(params, null, (m, ac) => { if (/run 2 of 2/.test(m)) ac.abort(); });
    await expect(paperJob(a.ctx)).rejects.toThrow();
    const firstRun = a.db.prepare("SELECT id, finished_at FROM runs WHERE state = 'done'").all() as { id: number; finished_at: string }[];
    expect(firstRun.length).toBe(1);
    a.db.close();
    const b = ctxFor(params, a.last());
    const res = await paperJob(b.ctx) as { reportPath: string; runs: number };
    expect(res.runs).toBe(2);
    const runs = b.db.prepare('SELECT id, state, finished_at, model_kind, config FROM runs ORDER BY id').all() as { id: number; state: string; finished_at: string; model_kind: string; config: string }[];
    expect(runs.map((r) => [r.model_kind, r.state])).toEqual([['argminn', 'done'], ['cnn', 'done']]);
    expect(runs[0].finished_at).toBe(firstRun[0].finished_at);           // not retrained
    expect(JSON.parse(runs[0].config)).toMatchObject({ preset: 'paper', epochs: 2, freshData: { enabled: true } });
    const evals = b.db.prepare('SELECT COUNT(*) AS n FROM compare_evals').get() as { n: number };
    expect(evals.n).toBe(2);
    expect(existsSync(res.reportPath)).toBe(true);
    expect(readFileSync(res.reportPath, 'utf8')).toMatch(/Paper benchmark: 1 simulated grammars × argminn, cnn × 1 seed/);
    b.db.close();
  }, 240_000);
});
