#!/usr/bin/env node
// `npx cisgram …` / `cisgram …`: the headless engine. Runs the built out/main/cli.js (plain Node, no
// Electron, no tsx); builds it first when it is missing or older than the sources (a fresh checkout
// after `npm install`), with the build's output on stderr so that --json output stays clean.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { newestMtime } from '../scripts/newest-mtime.mjs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = process.env.CISGRAM_OUT ?? 'out';
const entry = join(root, out, 'main', 'cli.js');

const src = join(root, 'src');
const stale = !existsSync(entry) || !existsSync(join(root, out, 'main', 'engine-worker.js')) || (existsSync(src) && newestMtime(src) > statSync(entry).mtimeMs);
if (stale && process.env.CISGRAM_NO_BUILD !== '1') {
  process.stderr.write('Building the Cisgram engine (once after an install or an update)…\n');
  const r = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: ['ignore', 2, 2], cwd: root });
  if (r.status !== 0 || !existsSync(entry)) {
    process.stderr.write('cisgram: the build failed (see above); run `npm run build` in the Cisgram folder to retry.\n');
    process.exit(1);
  }
}
await import(pathToFileURL(entry).href);
