// Undo/redo through dispatch (the real API path): every undoable command is one step; undoing
// the steps one by one restores the exact project state before each (every table, every byte), and
// redoing them restores the state after each. Deletes (a run with its motifs, rules and designs'
// links) come back whole; a step that changed nothing is not recorded; jobs are never recorded.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { CisgramService } from '../../../src/core/app/service';
import { seedProject, type Seeded } from '../design/seed';
import { apiClient } from '../api-client';

let service: CisgramService;
let seed: Seeded;
const { call, callErr } = apiClient(() => service);

/** Every row of every user table, in key order, blobs as hex: two equal dumps are equal projects. */
function dump(db: Database.Database): string {
  const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('jobs','job_metrics','meta') ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
  const out: Record<string, unknown[]> = {};
  for (const t of tables) {
    const rows = db.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[];
    out[t] = rows
      .map((r) => JSON.stringify(r, (_k, v) => (Buffer.isBuffer(v) ? `hex:${v.toString('hex')}` : v)))
      .sort();
  }
  return JSON.stringify(out);
}

beforeAll(async () => {
  service = new CisgramService({ dataDir: mkdtempSync(join(tmpdir(), 'cisgram-undo-')), mode: 'browser' });
  await call('projects.create', { name: 'Undo' });
  seed = await seedProject(service.requireProject().db);
}, 60_000);
afterAll(async () => service?.dispose());

describe('undo and redo', () => {
  it('round-trips a session of edits exactly, step by step', async () => {
    const db = service.requireProject().db;
    expect(await call('undo.state')).toEqual({ undo: [], redo: [] });
    const states = [dump(db)];
    const d = await call('design.create', { runId: seed.runId, name: 'canvas', background: { source: 'sampled', length: 200, gc: 0.45 }, seed: 7 });
    states.push(dump(db));
    await call('design.place', { id: d.id, motifId: seed.motifA, start: 40, strand: '+' });
    states.push(dump(db));
    await call('design.move', { id: d.id, index: 0, start: 90, strand: '-' });
    states.push(dump(db));
    await call('design.rename', { id: d.id, name: 'canvas renamed' });
    states.push(dump(db));
    await call('motifs.update', { id: seed.motifA, starred: true, userName: 'GATA?' });
    states.push(dump(db));
    await call('motifs.merge', { into: seed.motifA, from: [seed.motifB] });
    states.push(dump(db));
    await call('grammar.rules.save', { id: seed.ruleId, saved: false });
    states.push(dump(db));
    await call('train.rename', { runId: seed.runId, name: 'Renamed run' });
    states.push(dump(db));
    await call('design.delete', { ids: [d.id] });
    states.push(dump(db));
    await call('train.delete', { runId: seed.runId });
    states.push(dump(db));
    expect(new Set(states).size).toBe(states.length); // every step changed something
    const n = states.length - 1;
    const st = await call('undo.state');
    expect(st.undo).toHaveLength(n);
    expect(st.undo[0]).toBe('delete run');
    expect(st.undo.at(-1)).toBe('new design');

    // The run is gone with its motifs and rules…
    expect((db.prepare('SELECT count(*) n FROM motifs').get() as { n: number }).n).toBe(0);
    for (let i = n; i > 0; i--) {
      const r = await call('undo.undo');
      expect(dump(db), `after undoing step ${i} (${r.label})`).toBe(states[i - 1]);
    }
    // …and everything is back, exactly as before the first edit.
    expect(await call('undo.state')).toEqual({ undo: [], redo: expect.any(Array) });
    expect((await callErr('undo.undo', {})).message).toMatch(/nothing to undo/);
    for (let i = 1; i <= n; i++) {
      await call('undo.redo');
      expect(dump(db), `after redoing step ${i}`).toBe(states[i]);
    }
    expect((await callErr('undo.redo', {})).message).toMatch(/nothing to redo/);
    // Back to the start once more: undo after redo works too.
    for (let i = n; i > 0; i--) await call('undo.undo');
    expect(dump(db)).toBe(states[0]);
  }, 60_000);

  it('reports the areas a step touched, and a new edit clears the redo list', async () => {
    await call('train.rename', { runId: seed.runId, name: 'A' });
    const r = await call('undo.undo');
    expect(r.label).toBe('rename run');
    expect(r.areas).toContain('train');
    expect(r.state.redo[0]).toBe('rename run');
    await call('data.rename', { id: seed.datasetId, name: 'Renamed data' });
    expect((await call('undo.state')).redo).toEqual([]);
    const u = await call('undo.undo');
    expect(u.areas).toEqual(['data']);
  });

  it('records nothing for a refused or no-op command', async () => {
    const before = (await call('undo.state')).undo.length;
    await callErr('train.rename', { runId: 9999, name: 'x' });
    await call('grammar.rules.save', { id: seed.ruleId, saved: (await call('grammar.rules.list', { runId: seed.runId })).find((x: any) => x.id === seed.ruleId).saved });
    expect((await call('undo.state')).undo.length).toBe(before + 1); // an UPDATE to the same value is still a step
    const none = (await call('undo.state')).undo.length;
    await callErr('design.rename', { id: 12345, name: 'nope' });
    expect((await call('undo.state')).undo.length).toBe(none);
  });

  it('forgets the history when the project closes', async () => {
    const path = service.requireProject().path;
    await call('projects.close');
    expect(await call('undo.state')).toEqual({ undo: [], redo: [] });
    await call('projects.open', { path });
    expect(await call('undo.state')).toEqual({ undo: [], redo: [] });
  });
});
