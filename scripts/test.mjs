// `npm test`: builds the app, type-checks, checks the layering (.dependency-cruiser.cjs), runs the
// unit/integration suite (Vitest) and the end-to-end suite (Playwright in Chromium through browser
// mode, plus the Electron launch test where its binary exists), then prints one closing line:
// "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const node = process.execPath;
const vitest = join(root, 'node_modules/vitest/vitest.mjs');
const out = mkdtempSync(join(tmpdir(), 'cisgram-test-'));
const only = process.argv.slice(2); // optional: "unit", "e2e", "typecheck" or "layers"

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env: process.env }).status ?? 1;

let passed = 0, failed = 0, skipped = 0, broken = 0;
function tally(file, status) {
  if (!existsSync(file)) {
    broken++;
    return;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  // A suite that failed to load counts as a failure even though no test inside it ran.
  if (status !== 0 && r.numFailedTests === 0) broken++;
}

if (!only.length || only.includes('e2e')) {
  if (run(node, [join(root, 'scripts/build.mjs')]) !== 0) {
    console.log('The build failed.');
    console.log(`0 passed, 1 failed`);
    process.exit(1);
  }
}
// Strict typing is part of the contract: a type error fails the run like a failing test.
if (!only.length || only.includes('typecheck')) {
  const ok =
    run(node, [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.node.json']) === 0 &&
    run(node, [join(root, 'node_modules/vue-tsc/bin/vue-tsc.js'), '--noEmit', '-p', 'tsconfig.web.json']) === 0;
  console.log(ok ? 'typecheck: passed' : 'typecheck: FAILED');
  if (ok) passed++;
  else failed++;
}
// The floor plan is part of the contract too: an upward import in src/core, Node in the renderer or
// anything of ours in src/shared fails the run like a failing test.
if (!only.length || only.includes('layers')) {
  const ok = run(node, [join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), '--config', '.dependency-cruiser.cjs', 'src']) === 0;
  console.log(ok ? 'layers: passed' : 'layers: FAILED');
  if (ok) passed++;
  else failed++;
}
for (const [name, config] of [['unit', 'vitest.config.ts'], ['e2e', 'vitest.e2e.config.ts']]) {
  if (only.length && !only.includes(name)) continue;
  const file = join(out, `${name}.json`);
  const status = run(node, [vitest, 'run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=${file}`]);
  tally(file, status);
}
failed += broken;
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
