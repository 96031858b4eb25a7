// One dataset as a project file of its own, for the job folder: a consistent snapshot of the
// project (VACUUM INTO) with everything but that dataset removed — no runs, jobs, motifs, designs —
// then compacted. Dataset ids are kept, so a task trains on the same id as in the project.
import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { dbOptions } from '../store/project-db';

/** Tables a dataset lives in (and the project's own meta); every other table is emptied. */
const KEEP = new Set(['meta', 'datasets', 'dataset_seqs', 'dataset_truth']);

export function writeDatasetFile(db: Database.Database, datasetId: number, target: string): void {
  const tmp = `${target}.partial`;
  rmSync(tmp, { force: true });
  db.prepare('VACUUM INTO ?').run(tmp);
  const out = new Database(tmp, dbOptions({ fileMustExist: true }));
  try {
    out.pragma('foreign_keys = OFF');
    const tables = (out.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[]).map((t) => t.name);
    out.transaction(() => {
      for (const t of tables) if (!KEEP.has(t)) out.prepare(`DELETE FROM "${t.replace(/"/g, '""')}"`).run();
      for (const t of ['dataset_seqs', 'dataset_truth']) if (tables.includes(t)) out.prepare(`DELETE FROM ${t} WHERE dataset_id <> ?`).run(datasetId);
      out.prepare('DELETE FROM datasets WHERE id <> ?').run(datasetId);
    })();
    if (!(out.prepare('SELECT 1 FROM datasets WHERE id = ?').get(datasetId))) throw new Error(`No dataset ${datasetId} in this project.`);
    out.exec('VACUUM');
  } finally {
    out.close();
  }
  if (existsSync(target)) rmSync(target);
  renameSync(tmp, target);
}
