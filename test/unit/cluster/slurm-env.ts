// What the Slurm tests and the cluster.overhead bench need from this machine, each with the reason
// when it is missing: a working sbatch (a node up in sinfo), the built command-line engine the tasks
// run, and an SSH login to 127.0.0.1 (.ci/slurm-up.sh sets them all up; its key and port are read
// from CISGRAM_TEST_SSH_* or from the file that script writes).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClusterTarget } from '../../../src/shared/api';

export const root = fileURLToPath(new URL('../../..', import.meta.url));

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Why a local Slurm cannot be used here, or null. */
export function slurmProblem(): string | null {
  const r = spawnSync('sinfo', ['-h', '-o', '%t'], { encoding: 'utf8', timeout: 15_000 });
  if (r.error) return 'sbatch/sinfo are not installed (run .ci/slurm-up.sh as root to start a single-node Slurm)';
  if (r.status !== 0) return `Slurm is not running: ${(r.stderr || r.stdout).trim().split('\n')[0]} (run .ci/slurm-up.sh)`;
  if (!/^(idle|mix|alloc)/m.test(r.stdout)) return `no Slurm node is up (sinfo: ${r.stdout.trim() || 'none'})`;
  return null;
}

/** Why the tasks could not run this checkout's engine, or null (they use it as built; `npm test` builds first). */
export function builtProblem(): string | null {
  const out = join(root, process.env.CISGRAM_OUT ?? 'out', 'main');
  const cli = join(out, 'cli.js');
  if (!existsSync(cli) || !existsSync(join(out, 'engine-worker.js'))) return 'the engine is not built (npm run build)';
  if (statSync(cli).mtimeMs < newest(join(root, 'src'))) return 'the built engine is older than the sources (npm run build)';
  return null;
}

const ENV_FILE = process.env.CISGRAM_CI_STATE ? join(process.env.CISGRAM_CI_STATE, 'env') : '/var/tmp/cisgram-ci/env';

/** The SSH login to 127.0.0.1 the CI sets up, or the reason there is none. */
export function sshLogin(): { target: Omit<Extract<ClusterTarget, { kind: 'ssh' }>, 'remoteDir'> } | { problem: string } {
  const env: Record<string, string | undefined> = { ...process.env };
  if (!env.CISGRAM_TEST_SSH_KEY && existsSync(ENV_FILE)) {
    for (const m of readFileSync(ENV_FILE, 'utf8').matchAll(/^export (\w+)=(.*)$/gm)) env[m[1]] = m[2];
  }
  const key = env.CISGRAM_TEST_SSH_KEY;
  if (!key || !existsSync(key)) return { problem: 'no SSH key for 127.0.0.1 (CISGRAM_TEST_SSH_KEY; .ci/slurm-up.sh makes one)' };
  const host = env.CISGRAM_TEST_SSH_HOST ?? '127.0.0.1';
  const user = env.CISGRAM_TEST_SSH_USER ?? 'root';
  const port = Number(env.CISGRAM_TEST_SSH_PORT ?? 22);
  try {
    execFileSync('ssh', ['-i', key, '-p', String(port), '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=accept-new', '-o', 'ConnectTimeout=10', `${user}@${host}`, 'command -v sbatch'], { stdio: 'pipe', timeout: 20_000 });
  } catch (e) {
    return { problem: `ssh ${user}@${host}:${port} with ${key} does not reach sbatch: ${String((e as { stderr?: Buffer }).stderr ?? (e as Error).message).trim().split('\n').pop()}` };
  }
  return { target: { kind: 'ssh', host, user, port, keyPath: key } };
}
