// Output of the headless engine: plain text for people (aligned tables, one progress line per
// update) or, with --json, one JSON object per line for scripts. Errors always also go to stderr.

export type Cell = string | number | boolean | null | undefined;

export interface Column<T> {
  label: string;
  get: (row: T) => Cell;
  /** Digits after the point for numbers (default: as is). */
  digits?: number;
}

export function formatCell(v: Cell, digits?: number): string {
  if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return '–';
  if (typeof v === 'number') return digits === undefined ? String(v) : v.toFixed(digits);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return v;
}

/** A left-aligned text table (numbers right-aligned), header underlined with dashes. */
export function textTable<T>(rows: T[], columns: Column<T>[]): string {
  const cells = rows.map((r) => columns.map((c) => formatCell(c.get(r), c.digits)));
  const numeric = columns.map((c) => rows.length > 0 && rows.every((r) => { const v = c.get(r); return typeof v === 'number' || v === null || v === undefined; }));
  const widths = columns.map((c, i) => Math.max(c.label.length, ...cells.map((row) => row[i].length)));
  const pad = (s: string, i: number) => (numeric[i] ? s.padStart(widths[i]) : s.padEnd(widths[i]));
  const lines = [columns.map((c, i) => pad(c.label, i)).join('  '), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map((row) => row.map(pad).join('  '))];
  return lines.map((l) => l.trimEnd()).join('\n');
}

export class Printer {
  /** Writes to the real stdout (in --json mode everyone else's stdout writes are sent to stderr). */
  private readonly stdout: (text: string) => void;

  constructor(readonly json: boolean) {
    const write = process.stdout.write.bind(process.stdout);
    this.stdout = (text) => void write(text);
    // --json: stdout carries only our records; banners printed by libraries or the engine worker
    // (forwarded through this process's stdout) go to stderr.
    if (json) process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  }

  /** Human text (ignored in --json mode). */
  text(line: string): void {
    if (!this.json) this.stdout(`${line}\n`);
  }

  /** A note for people that must not pollute machine output: stdout in text mode, stderr in --json. */
  note(line: string): void {
    if (this.json) process.stderr.write(`${line}\n`);
    else this.stdout(`${line}\n`);
  }

  /** One machine-readable record (ignored in text mode). */
  record(obj: Record<string, unknown>): void {
    if (this.json) this.stdout(`${JSON.stringify(obj)}\n`);
  }

  /** A table in text mode; in --json mode one `result` record carrying the full rows. */
  table<T>(command: string, rows: T[], columns: Column<T>[], empty = 'Nothing to show.'): void {
    if (this.json) this.record({ type: 'result', command, value: rows });
    else this.text(rows.length ? textTable(rows, columns) : empty);
  }

  error(code: string, message: string): void {
    this.record({ type: 'error', code, message });
    process.stderr.write(`cisgram: ${message}\n`);
  }

  /** Resolves once everything written so far has left the process (before process.exit). */
  flush(): Promise<void> {
    return new Promise((resolve) => process.stdout.write('', () => process.stderr.write('', () => resolve())));
  }
}
