import { describe, it, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProjectFile } from '../../../src/core/store/project-db';
import { writeDataset, loadSplit, pageSequences, getTruth, listDatasets, getSequences } from '../../../src/core/data/store';
import { encode, decode } from '../../../src/core/seq/alphabet';

describe('dataset store', () => {
  it('round-trips sequences, labels, splits and truth; a failed write leaves nothing', () => {
    const db = createProjectFile(join(mkdtempSync(join(tmpdir(), 'cg-ds-')), 'p.cisgram'), 'p');
    const seqs = ['ACGTNNACGT', 'GGGGCCCCAT', 'TTTTAAAACG'];
    const id = writeDataset(
      db,
      { name: 'tiny', kind: 'fasta', taskNames: ['bound'] },
      seqs.map((s, i) => ({ name: `s${i}`, split: i === 2 ? 'test' : 'train', labels: [i % 2], codes: encode(s) })),
      [{ seqIdx: 1, motifId: 'M1', motifName: 'GATA', start: 2, end: 6, strand: '-' }],
    );
    const train = loadSplit(db, id, 'train');
    expect(train.codes.map((c) => decode(c))).toEqual(seqs.slice(0, 2));
    expect(Array.from(train.labels)).toEqual([0, 1]);
    expect(loadSplit(db, id, 'test').idx).toEqual([2]);
    const page = pageSequences(db, id, { offset: 1, limit: 5 });
    expect(page.total).toBe(3);
    expect(page.rows[0]).toMatchObject({ idx: 1, name: 's1', nCount: 0, gc: 0.8 });
    expect(pageSequences(db, id, { offset: 0, limit: 5 }).rows[0].nCount).toBe(2);
    expect(getTruth(db, id)).toEqual([{ seqIdx: 1, motifId: 'M1', motifName: 'GATA', start: 2, end: 6, strand: '-', role: null }]);
    expect(decode(getSequences(db, id, [2]).get(2)!)).toBe(seqs[2]);
    expect(listDatasets(db)[0]).toMatchObject({ name: 'tiny', nSeqs: 3, seqLength: 10 });

    function* failing() {
      yield { name: 'a', split: 'train' as const, labels: [1], codes: encode('ACGT') };
      throw new Error('reader failed half-way');
    }
    expect(() => writeDataset(db, { name: 'broken', kind: 'fasta', taskNames: ['t'] }, failing())).toThrow(/half-way/);
    expect(listDatasets(db).map((d) => d.name)).toEqual(['tiny']);
    db.close();
  });
});

describe('staged (chunked) dataset writes', () => {
  it('keep the project writable between chunks, stay invisible until done, and vanish on failure or crash', async () => {
    const { writeDatasetAsync, removeStagedDatasets } = await import('../../../src/core/data/store');
    const Database = (await import('better-sqlite3')).default;
    const path = join(mkdtempSync(join(tmpdir(), 'cg-stage-')), 'p.cisgram');
    const db = createProjectFile(path, 'p');
    const other = new Database(path);
    other.pragma('busy_timeout = 0'); // any lock held across chunks would make this writer fail at once
    const seen: number[] = [];
    function* seqs() {
      for (let i = 0; i < 50; i++) yield { name: `s${i}`, split: 'train' as const, labels: [i % 2], codes: encode('ACGTACGT') };
    }
    let finished = false;
    const writing = writeDatasetAsync(db, { name: 'big', kind: 'fasta', taskNames: ['t'] }, seqs(), [], { yieldEvery: 10 }).finally(() => (finished = true));
    let k = 0;
    while (!finished) {
      // between chunks: another connection writes, and the half-written dataset is invisible
      other.prepare("INSERT INTO meta(key,value) VALUES(?, 'x')").run(`k${k++}`);
      seen.push(listDatasets(db).length);
      await new Promise((r) => setImmediate(r));
    }
    const id = await writing;
    expect(k).toBeGreaterThanOrEqual(4);
    expect(seen.every((n) => n === 0)).toBe(true);
    expect(listDatasets(db).map((d) => [d.id, d.nSeqs])).toEqual([[id, 50]]);

    function* failing() {
      for (let i = 0; i < 25; i++) yield { name: `f${i}`, split: 'train' as const, labels: [1], codes: encode('ACGT') };
      throw new Error('disk on fire');
    }
    await expect(writeDatasetAsync(db, { name: 'bad', kind: 'fasta', taskNames: ['t'] }, failing(), [], { yieldEvery: 10 })).rejects.toThrow(/disk on fire/);
    expect((db.prepare('SELECT COUNT(*) n FROM dataset_seqs').get() as { n: number }).n).toBe(50);

    // A crash mid-import leaves an 'importing' dataset behind; opening the project removes it.
    db.prepare("INSERT INTO datasets(name, kind, app_version, created_at, status) VALUES('ghost','fasta','0','now','importing')").run();
    expect(removeStagedDatasets(db)).toBe(1);
    other.close();
    db.close();
  });
});
