// The recent-projects list, kept in the app's data folder as a small JSON file written atomically.
// A convenience: when the disk refuses to update it, the list stays as it was and nothing fails.
import { readFileSync, writeFileSync, renameSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { isStorageError } from './storage-errors';

const Entry = z.object({ path: z.string(), name: z.string(), openedAt: z.string() });
const File = z.object({ version: z.literal(1), entries: z.array(Entry) });
export type RecentEntry = z.infer<typeof Entry>;

const MAX = 30;

export class RecentList {
  private readonly file: string;
  constructor(dataDir: string) {
    this.file = join(dataDir, 'recent.json');
  }

  read(): RecentEntry[] {
    try {
      const parsed = File.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      return parsed.success ? parsed.data.entries : [];
    } catch {
      return []; // missing or unreadable: start a fresh list rather than fail the app
    }
  }

  private write(entries: RecentEntry[]): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, JSON.stringify({ version: 1, entries: entries.slice(0, MAX) }, null, 1));
      renameSync(tmp, this.file);
    } catch (e) {
      rmSync(tmp, { force: true });
      if (!isStorageError(e)) throw e;
    }
  }

  touch(path: string, name: string): void {
    const rest = this.read().filter((e) => e.path !== path);
    this.write([{ path, name, openedAt: new Date().toISOString() }, ...rest]);
  }

  rename(oldPath: string, newPath: string, name: string): void {
    this.write(this.read().map((e) => (e.path === oldPath ? { ...e, path: newPath, name } : e)));
  }

  remove(path: string): void {
    this.write(this.read().filter((e) => e.path !== path));
  }
}
