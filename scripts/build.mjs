// Builds main, preload, server, engine worker and renderer with electron-vite. Works without the
// Electron package (it is optional: its binary cannot always be downloaded): electron-vite only
// needs Electron's major version, which we then take from our own manifest.
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const env = { ...process.env };
try {
  require.resolve('electron/package.json');
} catch {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  env.ELECTRON_MAJOR_VER = String(pkg.optionalDependencies.electron).replace(/[^\d.]/g, '').split('.')[0];
}
const bin = new URL('../node_modules/electron-vite/bin/electron-vite.js', import.meta.url).pathname;
const r = spawnSync(process.execPath, [bin, 'build', ...process.argv.slice(2)], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
