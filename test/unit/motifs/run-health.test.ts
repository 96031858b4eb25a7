// A run says plainly when its model learned nothing: every filter silent (exact check on the
// validation sequences) or a test auROC at chance; a healthy model gets no warning.
import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { Argminn, DEFAULT_ARGMINN } from '../../../src/core/model/argminn';
import { healthWarnings } from '../../../src/core/train/job';

beforeAll(async () => { await tf.setBackend('cpu'); await tf.ready(); });
const seqs = Array.from({ length: 20 }, (_, i) => Uint8Array.from({ length: 60 }, (_, k) => (k * 7 + i * 3) % 4));

describe('run health warnings', () => {
  it('all filters dead → says so with the epoch; chance auROC → says so', async () => {
    const m = new Argminn({ ...DEFAULT_ARGMINN, W: 8 }, undefined, 1);
    m.p('conv.b').assign(tf.fill([8], -100));
    const w = await healthWarnings(m, seqs, 0.51, 14);
    expect(w[0]).toMatch(/All 8 motif filters are inactive from epoch 14 on/);
    expect(w[1]).toMatch(/ended at chance \(test auROC 0\.51\)/);
    m.dispose();
  });
  it('a model whose filters fire and a good auROC → no warning', async () => {
    const m = new Argminn({ ...DEFAULT_ARGMINN, W: 8 }, undefined, 1);
    m.p('conv.b').assign(tf.fill([8], 0.5));
    expect(await healthWarnings(m, seqs, 0.93, null)).toEqual([]);
    m.dispose();
  });
});

// The run verdict read by the Motifs, Variants and Design screens (train.health).
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProjectFile } from '../../../src/core/store/project-db';
import { createRun } from '../../../src/core/train/runs';
import { saveFilterMotifs } from '../../../src/core/motifs/project-store';
import { runHealth } from '../../../src/core/motifs/run-health';
import { makeConfig } from '../../../src/core/train/config';

const pfm = (s: string) => s.split('').map((ch) => [0, 1, 2, 3].map((b) => (b === 'ACGT'.indexOf(ch) ? 0.85 : 0.05)));
const filt = (filter: number, site: string, passes = true) => ({
  filter, probs: pfm(site), weights: pfm(site), nSites: 100, maxActivation: 3, threshold: 1.5, trimStart: 0, trimEnd: site.length,
  meanIC: 1.3, passes, unused: false, firesPos: 200, firesNeg: 10, nPos: 400, nNeg: 400, rcTwin: null, rcTwinScore: null,
});

describe('did this run learn a sequence motif?', () => {
  it('dead filters, no passing motif, only low-complexity motifs, a real motif', () => {
    const db: Database.Database = createProjectFile(join(mkdtempSync(join(tmpdir(), 'cisgram-health-')), 'h.cisgram'), 'Health');
    const run = (warnings: string[] = []) => {
      const id = createRun(db, { name: 'r', modelKind: 'argminn', datasetId: null, datasetName: 'd', taskNames: ['t'], seqLength: 100, preset: 'quick', overrides: {}, config: makeConfig('quick') });
      db.prepare('UPDATE runs SET warnings = ? WHERE id = ?').run(JSON.stringify(warnings), id);
      return id;
    };
    const dead = run(['All 8 motif filters are inactive from epoch 12 on: none fires on any validation sequence, so …']);
    expect(runHealth(db, dead)).toMatchObject({ learnedMotif: false, message: expect.stringMatching(/^All 8 motif filters are inactive from epoch 12 on\. Its scores are not meaningful/) });
    const unread = run();
    expect(runHealth(db, unread)).toEqual({ learnedMotif: null, message: null, lowComplexity: [] });
    const none = run();
    saveFilterMotifs(db, none, null, [filt(0, 'CACGTGAC', false)]);
    expect(runHealth(db, none).message).toMatch(/No filter of this model passes/);
    const polyA = run();
    saveFilterMotifs(db, polyA, null, [filt(0, 'AAAAAAAAAA'), filt(1, 'ACACACACAC')]);
    const h = runHealth(db, polyA);
    expect(h.learnedMotif).toBe(false);
    expect(h.message).toMatch(/Every passing motif of this model is low-complexity .*mostly A.*period 2/);
    const good = run();
    saveFilterMotifs(db, good, null, [filt(0, 'AAAAAAAAAA'), filt(1, 'AGATAAGCA')]);
    expect(runHealth(db, good)).toMatchObject({ learnedMotif: true, message: null, lowComplexity: [{ why: expect.stringMatching(/mostly A/) }] });
    db.close();
  });
});
