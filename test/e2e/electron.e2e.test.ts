// Launches the real desktop app where the Electron binary exists (it cannot be downloaded on
// every machine); reported as skipped otherwise.
import { describe, it, expect } from 'vitest';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './harness';

function electronBinary(): string | null {
  try {
    const p = createRequire(import.meta.url)('electron') as unknown;
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}
const bin = electronBinary();
const display = !!process.env.DISPLAY || process.platform !== 'linux';
const xvfb = ['/usr/bin/xvfb-run'].find((p) => existsSync(p));
const runnable = !!bin && (display || !!xvfb);
if (!runnable) console.warn(`SKIPPED: Electron launch test (${bin ? 'no display and no xvfb-run' : 'the Electron binary is not installed on this machine'})`);

describe('desktop app', () => {
  it.skipIf(!runnable)('opens its window with the renderer loaded', () => {
    const cmd = display ? bin! : xvfb!;
    const args = display ? [ROOT, '--no-sandbox'] : ['-a', bin!, ROOT, '--no-sandbox'];
    const r = spawnSync(cmd, args, {
      cwd: ROOT,
      env: { ...process.env, CISGRAM_SMOKE_TEST: '1', CISGRAM_ENGINE: 'none', CISGRAM_DATA_DIR: mkdtempSync(join(tmpdir(), 'cisgram-electron-')) },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stdout).toContain('CISGRAM_SMOKE Cisgram');
  });
});
