// `npm start`: builds if needed, then opens the desktop app; where the Electron binary is absent,
// says so in one sentence and starts browser mode, printing the address to open.
// `npm run serve` (or `npm start -- --browser`) always starts browser mode.
import { createRequire } from 'node:module';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { newestMtime } from './newest-mtime.mjs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const forceBrowser = args.includes('--browser');

const stamp = join(root, 'out', 'renderer', 'index.html');
if (!existsSync(stamp) || !existsSync(join(root, 'out/main/server.js')) || newestMtime(join(root, 'src')) > statSync(stamp).mtimeMs) {
  console.log('Building Cisgram…');
  const r = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function electronBinary() {
  try {
    const p = require('electron'); // the package exports the binary's path, or throws when it was never downloaded
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

const passthrough = args.filter((a) => a !== '--browser');
const electron = forceBrowser ? null : electronBinary();
if (electron) {
  const child = spawn(electron, [root, ...passthrough], { stdio: 'inherit', cwd: root });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!forceBrowser) console.log('The Electron binary is not installed on this machine, so Cisgram starts in browser mode instead.');
  const child = spawn(process.execPath, [join(root, 'out/main/server.js'), ...passthrough], { stdio: 'inherit', cwd: root });
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}
