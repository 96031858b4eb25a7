// The project's undo history: one mechanism for every edit, whatever screen made it.
//
// TEMP triggers on the project's tables (this connection only; nothing is added to the file)
// write, for each row an edit inserts, updates or deletes, the SQL statement that puts it back
// (the classic SQLite "automatic undo/redo" pattern, values rendered by quote(), which round-trips
// REALs and BLOBs exactly). Triggers record only while a step is open, so jobs (other connections)
// and non-undoable commands leave no trace. Undo replays a step's statements newest-first in one
// transaction (foreign keys checked at commit, so cascades come back in any order) while the
// triggers record the inverse as a redo step, and the other way round. The log is in the
// connection's temp schema: it goes when the project closes, which is when deletes stop being
// recoverable.
import type Database from 'better-sqlite3';

/** Tables whose rows are the app's bookkeeping, not the user's work. */
const NOT_RECORDED = new Set(['meta', 'jobs', 'job_metrics']);
/** Steps kept; older ones are forgotten. */
const MAX_STEPS = 200;

export interface UndoStep {
  id: number;
  label: string;
}

export class UndoError extends Error {
  override readonly name = 'UndoError';
}

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

interface Column {
  name: string;
  pk: number;
}

export class UndoLog {
  private undoStack: UndoStep[] = [];
  private redoStack: UndoStep[] = [];
  private nextId = 1;
  /** Serialises recorded commands: one step open at a time (a design edit awaits the model). */
  private queue: Promise<unknown> = Promise.resolve();
  private tables: string[] = [];

  constructor(private readonly db: Database.Database) {
    this.install();
  }

  private install(): void {
    const db = this.db;
    db.exec(`
      CREATE TEMP TABLE IF NOT EXISTS undo_state (open INTEGER);
      CREATE TEMP TABLE IF NOT EXISTS undo_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, step INTEGER NOT NULL, tbl TEXT NOT NULL, sql TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS temp.undo_log_step ON undo_log(step);
      DELETE FROM temp.undo_state;
      INSERT INTO temp.undo_state(open) VALUES (NULL);
    `);
    const tables = db
      .prepare(`SELECT name, sql FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
      .all() as { name: string; sql: string }[];
    for (const t of tables) {
      if (NOT_RECORDED.has(t.name) || /\bVIRTUAL\b/i.test(t.sql)) continue;
      const cols = db.prepare(`SELECT name, pk FROM pragma_table_info(?)`).all(t.name) as Column[];
      if (!cols.length) continue;
      this.tables.push(t.name);
      this.createTriggers(t.name, cols, /WITHOUT\s+ROWID\s*;?\s*$/i.test(t.sql.trim()));
    }
  }

  private createTriggers(table: string, cols: Column[], withoutRowid: boolean): void {
    const T = `main.${ident(table)}`;
    const q = (ref: 'NEW' | 'OLD', c: string) => `quote(${ref}.${ident(c)})`;
    const keyCols = withoutRowid ? cols.filter((c) => c.pk > 0).map((c) => c.name) : null;
    // WHERE clause (as an SQL expression building text) locating the row by ref's key.
    const where = (ref: 'NEW' | 'OLD') =>
      keyCols
        ? keyCols.map((c, i) => `${lit(`${i ? ' AND ' : ' WHERE '}${ident(c)}=`)} || ${q(ref, c)}`).join(' || ')
        : `${lit(' WHERE rowid=')} || quote(${ref}.rowid)`;
    const names = cols.map((c) => ident(c.name));
    const insertCols = withoutRowid ? names.join(',') : ['rowid', ...names].join(',');
    const insertVals = [...(withoutRowid ? [] : ['quote(OLD.rowid)']), ...cols.map((c) => q('OLD', c.name))].join(` || ',' || `);
    const sets = cols.map((c, i) => `${lit(`${i ? ',' : ''}${ident(c.name)}=`)} || ${q('OLD', c.name)}`).join(' || ');
    const log = (sqlExpr: string) =>
      `INSERT INTO temp.undo_log(step, tbl, sql) SELECT open, ${lit(table)}, ${sqlExpr} FROM temp.undo_state;`;
    const when = `WHEN (SELECT open FROM temp.undo_state) IS NOT NULL`;
    const name = (op: string) => ident(`undo_${table}_${op}`);
    this.db.exec(`
      DROP TRIGGER IF EXISTS temp.${name('i')};
      DROP TRIGGER IF EXISTS temp.${name('u')};
      DROP TRIGGER IF EXISTS temp.${name('d')};
      CREATE TEMP TRIGGER ${name('i')} AFTER INSERT ON ${T} ${when} BEGIN
        ${log(`${lit(`DELETE FROM ${T}`)} || ${where('NEW')}`)}
      END;
      CREATE TEMP TRIGGER ${name('u')} AFTER UPDATE ON ${T} ${when} BEGIN
        ${log(`${lit(`UPDATE ${T} SET `)} || ${sets} || ${where('NEW')}`)}
      END;
      CREATE TEMP TRIGGER ${name('d')} AFTER DELETE ON ${T} ${when} BEGIN
        ${log(`${lit(`INSERT INTO ${T}(${insertCols}) VALUES(`)} || ${insertVals} || ')'`)}
      END;
    `);
  }

  /** What Undo and Redo would do now, newest first. */
  state(): { undo: string[]; redo: string[] } {
    return { undo: this.undoStack.map((s) => s.label).reverse(), redo: this.redoStack.map((s) => s.label).reverse() };
  }

  private setOpen(id: number | null): void {
    this.db.prepare('UPDATE temp.undo_state SET open = ?').run(id);
  }

  private count(id: number): number {
    return (this.db.prepare('SELECT count(*) AS n FROM temp.undo_log WHERE step = ?').get(id) as { n: number }).n;
  }

  private forget(steps: UndoStep[]): void {
    const del = this.db.prepare('DELETE FROM temp.undo_log WHERE step = ?');
    for (const s of steps) del.run(s.id);
  }

  /**
   * Runs `fn` (a command) as one undo step labelled `label`. A command that changed nothing leaves
   * no step; one that changed something empties the redo list, as in every editor.
   */
  record<T>(label: string, fn: () => T | Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      const id = this.nextId++;
      this.setOpen(id);
      try {
        return await fn();
      } finally {
        this.setOpen(null);
        if (this.count(id) > 0) {
          this.undoStack.push({ id, label });
          this.forget(this.redoStack);
          this.redoStack = [];
          if (this.undoStack.length > MAX_STEPS) this.forget(this.undoStack.splice(0, this.undoStack.length - MAX_STEPS));
        }
      }
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  undo(): Promise<{ label: string; tables: string[] }> {
    return this.enqueue(() => this.replay(this.undoStack, this.redoStack, 'undo'));
  }

  redo(): Promise<{ label: string; tables: string[] }> {
    return this.enqueue(() => this.replay(this.redoStack, this.undoStack, 'redo'));
  }

  private enqueue<T>(fn: () => T): Promise<T> {
    const p = this.queue.then(fn, fn);
    this.queue = p.catch(() => undefined);
    return p;
  }

  /** Replays the newest step of `from` backwards, recording its inverse onto `to`. */
  private replay(from: UndoStep[], to: UndoStep[], what: 'undo' | 'redo'): { label: string; tables: string[] } {
    const step = from.pop();
    if (!step) throw new UndoError(what === 'undo' ? 'There is nothing to undo.' : 'There is nothing to redo.');
    const db = this.db;
    const rows = db.prepare('SELECT seq, tbl, sql FROM temp.undo_log WHERE step = ? ORDER BY seq DESC').all(step.id) as { seq: number; tbl: string; sql: string }[];
    const inverse: UndoStep = { id: this.nextId++, label: step.label };
    try {
      db.transaction(() => {
        db.pragma('defer_foreign_keys = ON');
        this.setOpen(inverse.id);
        for (const r of rows) db.exec(r.sql);
        this.setOpen(null);
        db.prepare('DELETE FROM temp.undo_log WHERE step = ?').run(step.id);
      })();
    } catch (e) {
      this.setOpen(null);
      // The rows it would restore clash with what happened since (e.g. a job wrote there): the step
      // cannot be replayed and is dropped, the project is as it was before the attempt.
      this.forget([step]);
      throw new UndoError(`Could not ${what} “${step.label}”: the project changed since in a way that conflicts (${(e as Error).message}). It was removed from the ${what} list; the project is unchanged.`);
    }
    to.push(inverse);
    return { label: step.label, tables: [...new Set(rows.map((r) => r.tbl))] };
  }
}
