// Lists a folder for the in-app file picker (browser mode has no native dialog).
import { readdirSync, statSync, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ApiError } from '../../../shared/api/errors';
import type { Handlers } from '../service';
import type { filesCommands } from '../../../shared/api/files';

export function filesHandlers(): Pick<Handlers, keyof typeof filesCommands> {
  return {
    'files.list': ({ dir, showHidden }) => {
      const home = homedir();
      const folder = resolve(home, dir ?? home); // a folder without a full path is looked up from home (shared/api/paths.ts)
      if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new ApiError('not_found', `${folder} is not a folder.`);
      let names: string[];
      try {
        names = readdirSync(folder);
      } catch (e) {
        throw new ApiError('not_found', `Cannot read ${folder}: ${(e as Error).message}`);
      }
      const entries = names
        .filter((n) => showHidden || !n.startsWith('.'))
        .map((name) => {
          const path = join(folder, name);
          try {
            const st = statSync(path);
            return { name, path, isDir: st.isDirectory(), size: st.isDirectory() ? null : st.size };
          } catch {
            return null; // broken link or no permission: not offered
          }
        })
        .filter((e): e is NonNullable<typeof e> => e !== null)
        .sort((a, b) => (a.isDir === b.isDir ? a.name.localeCompare(b.name) : a.isDir ? -1 : 1))
        .slice(0, 5000);
      const parent = dirname(folder) === folder ? null : dirname(folder);
      return { dir: folder, parent, home, entries };
    },
  };
}
