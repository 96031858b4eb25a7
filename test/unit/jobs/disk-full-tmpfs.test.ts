// A real full disk: a 3 MB tmpfs as the data folder (in a private mount namespace via
// `unshare -rm`, so nothing is mounted for anyone else), filled up, then an import. The import
// fails with "the disk is full (N MB free at …)", the process lives on, the project reopens
// unchanged. Skipped, saying why, where the machine cannot make such a mount.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const probe = spawnSync('unshare', ['-rm', 'sh', '-c', 'd=$(mktemp -d) && mount -t tmpfs -o size=1m tmpfs "$d"'], { encoding: 'utf8' });
const canMount = probe.status === 0;
if (!canMount) console.warn(`SKIPPED: cannot mount a private tmpfs here (unshare -rm + mount: ${(probe.stderr || probe.error?.message || '').trim()})`);

describe.skipIf(!canMount)('a real full disk (tmpfs)', () => {
  it('an import on a full disk fails with a sentence, the app lives on, the project reopens unchanged', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'cisgram-tmpfs-'));
    const mnt = join(tmp, 'data');
    const fasta = join(tmp, 'big.fa');
    let text = '';
    let x = 7;
    for (let i = 0; i < 4000; i++) {
      let s = '';
      for (let j = 0; j < 300; j++) {
        x = (x * 1103515245 + 12345) & 0x7fffffff;
        s += 'ACGT'[x >> 29];
      }
      text += `>s${i}\n${s}\n`;
    }
    writeFileSync(fasta, text);
    const child = fileURLToPath(new URL('./child/full-disk.ts', import.meta.url));
    const script = `mkdir -p "${mnt}" && mount -t tmpfs -o size=3m tmpfs "${mnt}" && exec "${process.execPath}" --import tsx "${child}" "${mnt}" "${fasta}"`;
    const r = spawnSync('unshare', ['-rm', 'sh', '-c', script], { encoding: 'utf8', timeout: 180_000, cwd: fileURLToPath(new URL('../../..', import.meta.url)) });
    const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    expect(line, `child said:\n${r.stdout}\n${r.stderr}`).toBeDefined();
    const out = JSON.parse(line!.slice(7));
    expect(out.crash).toBeUndefined();
    expect(out.startWhenFull.ok).toBe(false);
    expect(out.startWhenFull.error.code).toBe('storage');
    expect(out.startWhenFull.error.message).toMatch(/the disk is full \(0 MB free at /);
    expect(out.job.state).toBe('failed');
    expect(out.job.error).toContain(out.path);
    expect(out.job.error).toMatch(/the disk is full \(\d+ MB free at .+\)/);
    expect(out.alive).toBe('Tiny');
    expect(out.datasetsAfterFailure).toBe(0);
    // Still full: either it opens (nothing to write) or it says why, naming the file.
    if (!out.reopenWhileFull.ok) expect(out.reopenWhileFull.error.message).toContain(out.path);
    expect(out.reopenWithSpace.ok).toBe(true);
    expect(out.datasetsWithSpace).toBe(0);
  });
});
