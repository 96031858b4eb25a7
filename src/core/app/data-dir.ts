// Where Cisgram keeps its own files (recent list, default projects folder) when not told otherwise.
import { homedir, platform } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(): string {
  if (process.env.CISGRAM_DATA_DIR) return process.env.CISGRAM_DATA_DIR;
  const home = homedir();
  if (platform() === 'darwin') return join(home, 'Library', 'Application Support', 'Cisgram');
  if (platform() === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Cisgram');
  return join(process.env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'cisgram');
}
