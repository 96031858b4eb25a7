// Paired ref/alt FASTA through the command layer (variants.start → job in the engine worker): a
// file with pairs that break or create a GATA site (bound allele in the header), one indel pair and
// one identical pair. The job scores the rest, counts the two, pads the 150 bp pairs to the model's
// 200 bp window with N and says so, gives allele metrics beside the GATA PWM baseline, and writes
// all of it into the exported table. A model that learned nothing is named as such in the set and
// the export.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { CisgramService } from '../../../src/core/app/service';
import type { JobInfo } from '../../../src/shared/api';
import { seedGrammarProject } from '../grammar/seed';
import { apiClient } from '../api-client';
import { Rng } from '../../../src/core/seq/random';
import { decode, encode } from '../../../src/core/seq/alphabet';
import { loadMotifFile, demoMotifsPath } from '../../../src/core/data/simulation-job';
import { Argminn, DEFAULT_ARGMINN } from '../../../src/core/model/argminn';
import { serializeModel } from '../../../src/core/model/infer';
import { createRun } from '../../../src/core/train/runs';
import { healthWarnings } from '../../../src/core/train/job';

let service: CisgramService;
const tmp = mkdtempSync(join(tmpdir(), 'cisgram-pairs-'));
const { call } = apiClient(() => service);
const waitJob = async (id: string, ms = 90_000): Promise<JobInfo> => {
  const t0 = Date.now();
  for (;;) {
    const j: JobInfo = await call('jobs.get', { id });
    if (['done', 'failed', 'cancelled'].includes(j.state)) return j;
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
};
const gata = loadMotifFile(demoMotifsPath()).find((x) => x.name.toUpperCase() === 'GATA1')!;
const CONS = decode(Uint8Array.from(gata.probs.map((r) => r.indexOf(Math.max(...r)))));
let ids: { datasetId: number; runId: number };

beforeAll(async () => {
  service = new CisgramService({ dataDir: tmp, mode: 'browser' });
  await call('projects.create', { name: 'Pairs' });
  ids = await seedGrammarProject(service.requireProject().db);
  const rng = new Rng(5);
  const rand = (n: number) => decode(Uint8Array.from({ length: n }, () => rng.int(4)));
  const broken = CONS.slice(0, 3) + (CONS[3] === 'T' ? 'C' : 'T') + CONS.slice(4);
  const refs: string[] = [], alts: string[] = [];
  for (let i = 0; i < 12; i++) {
    const left = rand(70), right = rand(150 - 70 - CONS.length), bg = left + broken + right, site = left + CONS + right;
    // even: the reference carries the site (bound=ref); odd: the alternate creates it (bound=alt)
    const [r, a] = i % 2 === 0 ? [site, bg] : [bg, site];
    refs.push(`>pair${i} bound=${i % 2 === 0 ? 'ref' : 'alt'}\n${r}`); alts.push(`>pair${i}\n${a}`);
  }
  const same = rand(150);
  refs.push(`>indel bound=ref\n${rand(150)}`, `>same bound=ref\n${same}`); alts.push(`>indel\n${rand(149)}`, `>same\n${same}`);
  writeFileSync(join(tmp, 'ref.fa'), refs.join('\n') + '\n');
  writeFileSync(join(tmp, 'alt.fa'), alts.join('\n') + '\n');
}, 60_000);
afterAll(async () => service.dispose());

describe('paired FASTA through the command layer', () => {
  it('scores the pairs, counts the unequal and identical ones, fits the window, labels and baseline', async () => {
    const job = await call('variants.start', {
      runId: ids.runId, name: 'pairs', source: { kind: 'fasta', refPath: join(tmp, 'ref.fa'), altPath: join(tmp, 'alt.fa') },
      labelField: 'bound', baseline: { name: 'GATA1', probs: gata.probs },
    });
    const done = await waitJob(job.id);
    expect(done.error).toBeNull();
    const vs = (await call('variants.sets', {}))[0];
    expect(vs.nVariants).toBe(12);
    expect(vs.report).toMatchObject({ nInput: 14, nScored: 12, nUnequal: 1, nIdentical: 1, window: 200, labelKind: 'allele', nLabelled: 12, warning: null });
    expect((vs.report.fit as any).nNPadded).toBe(12);
    expect((vs.report.notes as string[]).join(' ')).toMatch(/padded on both sides with N/);
    expect(vs.metrics.kind).toBe('allele');
    expect(vs.metrics.n).toBe(12);
    expect(vs.metrics.signAccuracy).toBe(1);
    expect(vs.metrics.baseline.name).toBe('GATA1');
    expect(vs.metrics.baseline.metrics.signAccuracy).toBe(1);
    const page = await call('variants.page', { setId: vs.id, limit: 100 });
    const p0 = page.rows.find((r: any) => r.name === 'pair0');
    expect(p0.changes).toEqual([{ pos: 74, ref: CONS[3], alt: CONS[3] === 'T' ? 'C' : 'T' }]);
    expect(p0.offset).toBe(25 + 73);       // ⌊(200 − 150)/2⌋ = 25 bp of N on the left
    expect(p0.lost.length).toBeGreaterThan(0);
    expect(p0.windowStart).toBe(-24);         // window base 0 lies 25 bp before the pair's first base
    expect(p0.lost.some((c: any) => c.start + p0.windowStart <= 74 && c.end + p0.windowStart - 1 >= 74)).toBe(true);
    const ex = await call('variants.export', { setId: vs.id, path: join(tmp, 'pairs.tsv') });
    expect(ex.count).toBe(12);
    const text = readFileSync(join(tmp, 'pairs.tsv'), 'utf8');
    expect(text).toMatch(/^# Cisgram variant set "pairs"/);
    expect(text).toMatch(/# 1 pair differs in length/);
    expect(text).toMatch(/# metrics \(PWM baseline GATA1, best log-odds alt − ref\): n=12 sign_accuracy=1\.000/);
    expect(text).not.toMatch(/WARNING/);
    const header = text.split('\n').find((l) => l.startsWith('rank'))!;
    expect(header.split('\t')).toContain('changes');
  }, 120_000);

  it('warns that a model which learned nothing cannot support motif-level conclusions', async () => {
    const db = service.requireProject().db;
    const m = new Argminn({ ...DEFAULT_ARGMINN, W: 15 }, undefined, 1);
    m.p('conv.b').assign(tf.fill([DEFAULT_ARGMINN.F], -100));
    const seqs = Array.from({ length: 20 }, () => encode('ACGT'.repeat(50)));
    const warnings = await healthWarnings(m, seqs, 0.5, 3);
    const blob = await serializeModel(m);
    m.dispose();
    const runId = createRun(db, { name: 'Dead', modelKind: 'argminn', datasetId: ids.datasetId, datasetName: 'd', taskNames: ['task1'], seqLength: 200, preset: 'quick', overrides: {}, config: { seed: 1 } as never });
    db.prepare("UPDATE runs SET state = 'done', status = 'done', model = ?, warnings = ?, finished_at = ? WHERE id = ?").run(Buffer.from(blob), JSON.stringify(warnings), new Date().toISOString(), runId);
    const done = await waitJob((await call('variants.start', { runId, name: 'dead', source: { kind: 'fasta', refPath: join(tmp, 'ref.fa'), altPath: join(tmp, 'alt.fa') }, labelField: 'bound' })).id);
    expect(done.error).toBeNull();
    const vs = (await call('variants.sets', { runId }))[0];
    expect(vs.report.warning).toMatch(/learned no sequence motif.*not meaningful for motif-level questions/);
    await call('variants.export', { setId: vs.id, path: join(tmp, 'dead.tsv') });
    expect(readFileSync(join(tmp, 'dead.tsv'), 'utf8').split('\n')[1]).toMatch(/^# WARNING: This model learned no sequence motif/);
  }, 120_000);
});
