// The layering checker (.dependency-cruiser.cjs, `npm run lint:layers`) can fail: run on tiny
// fixture trees (test/fixtures/layers) it rejects an upward import in src/core and a renderer .vue
// file importing a node: builtin, and passes the same tree without them. The real tree is checked by
// scripts/test.mjs (every `npm test`), not here.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const cli = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const config = join(root, '.dependency-cruiser.cjs');

function check(fixture: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [cli, '--config', config, '--output-type', 'err', 'src'], {
    cwd: join(root, 'test/fixtures/layers', fixture),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('layering checker', () => {
  it('passes a tree whose imports all point down', () => {
    const r = check('clean');
    expect(r.out).toContain('no dependency violations');
    expect(r.status).toBe(0);
  });

  it('fails on an upward import in src/core', () => {
    const r = check('upward');
    expect(r.status).not.toBe(0);
    expect(r.out).toContain('core-ladder-seq');
    expect(r.out).toContain('src/core/seq/low.ts → src/core/app/top.ts');
  });

  it('fails on a renderer .vue file importing a node: builtin', () => {
    const r = check('renderer');
    expect(r.status).not.toBe(0);
    expect(r.out).toContain('renderer-no-node-builtins');
    expect(r.out).toContain('src/renderer/Bad.vue');
  });
});
