// postinstall: where Electron's binary is installed, fetch (or build) a better-sqlite3 binding for
// Electron's ABI into native/electron/, leaving the Node build in node_modules untouched so that
// tests and browser mode keep working. Harmless where Electron is absent: it just returns.
import { createRequire } from 'node:module';
import { cpSync, existsSync, mkdirSync, mkdtempSync, copyFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

let version;
try {
  const bin = require('electron');
  if (typeof bin !== 'string' || !existsSync(bin)) process.exit(0);
  version = require('electron/package.json').version;
} catch {
  process.exit(0); // no Electron here: browser mode only
}

const target = join(root, 'native', 'electron', `better_sqlite3-${version}.node`);
if (existsSync(target)) process.exit(0);

const work = mkdtempSync(join(tmpdir(), 'cisgram-native-'));
try {
  const pkgDir = join(root, 'node_modules', 'better-sqlite3');
  cpSync(pkgDir, join(work, 'better-sqlite3'), { recursive: true, filter: (p) => !p.includes(`${join('build', 'Release', 'obj')}`) });
  const dir = join(work, 'better-sqlite3');
  rmSync(join(dir, 'build'), { recursive: true, force: true });
  const prebuild = join(root, 'node_modules', 'prebuild-install', 'bin.js');
  let ok = existsSync(prebuild) && spawnSync(process.execPath, [prebuild, '--runtime', 'electron', '--target', version], { cwd: dir, stdio: 'inherit' }).status === 0;
  if (!ok) {
    const gyp = spawnSync('npx', ['--yes', 'node-gyp', 'rebuild', '--release', `--target=${version}`, '--dist-url=https://electronjs.org/headers'], { cwd: dir, stdio: 'inherit', shell: process.platform === 'win32' });
    ok = gyp.status === 0;
  }
  const built = join(dir, 'build', 'Release', 'better_sqlite3.node');
  if (!ok || !existsSync(built)) throw new Error('no binding was produced');
  mkdirSync(join(root, 'native', 'electron'), { recursive: true });
  copyFileSync(built, target);
  console.log(`Cisgram: better-sqlite3 for Electron ${version} is in native/electron/.`);
} catch (e) {
  console.warn(`Cisgram: could not prepare better-sqlite3 for Electron ${version} (${e.message}). The desktop app will not open projects until \`node scripts/electron-native.mjs\` succeeds; browser mode (npm run serve) works.`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
