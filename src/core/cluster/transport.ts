// How Cisgram reaches the machine where sbatch runs: this machine (commands run directly, the job
// folder is already there), or a login node over SSH (`ssh -i key -p port user@host`, files copied
// with scp). Commands are argument lists; over SSH they are quoted for the remote shell.
import { spawn } from 'node:child_process';
import type { ClusterTarget } from '../../shared/api/cluster';
import { shellQuote } from './script';

export interface Exec {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Transport {
  /** For messages: "this machine" or "user@host". */
  readonly label: string;
  /** Runs a shell command line (already quoted) on the Slurm side. */
  sh(line: string, timeoutMs?: number): Promise<Exec>;
  /** Copies a local folder to the Slurm side as `remote` (no-op locally: the folder is there). */
  upload(localDir: string, remote: string): Promise<void>;
  /** Copies one file from the Slurm side to this machine. */
  download(remote: string, local: string): Promise<void>;
}

export function run(cmd: string, args: string[], timeoutMs = 120_000): Promise<Exec> {
  return new Promise((resolve) => {
    let stdout = '', stderr = '';
    let child;
    try {
      child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      resolve({ code: 127, stdout: '', stderr: (e as Error).message });
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ code: e.code === 'ENOENT' ? 127 : 1, stdout, stderr: e.code === 'ENOENT' ? `${cmd} is not installed on this machine` : e.message });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 124 : 1), stdout, stderr: signal === 'SIGKILL' ? `${stderr}\n${cmd} took longer than ${Math.round(timeoutMs / 1000)} s and was stopped` : stderr });
    });
  });
}

class LocalTransport implements Transport {
  readonly label = 'this machine';
  sh(line: string, timeoutMs?: number): Promise<Exec> {
    return run('/bin/sh', ['-c', line], timeoutMs);
  }
  async upload(localDir: string, remote: string): Promise<void> {
    if (localDir !== remote) throw new Error(`on this machine the job folder is used where it was written (${localDir}), not copied to ${remote}`);
  }
  async download(remote: string, local: string): Promise<void> {
    const r = await run('cp', [remote, local]);
    if (r.code !== 0) throw new Error(`could not copy ${remote}: ${r.stderr.trim()}`);
  }
}

class SshTransport implements Transport {
  readonly label: string;
  private readonly common: string[];
  constructor(private readonly t: Extract<ClusterTarget, { kind: 'ssh' }>) {
    this.label = `${t.user}@${t.host}`;
    // BatchMode: never a password prompt (there is no one to answer it); a new host key is accepted
    // once and then checked like any ssh connection.
    this.common = ['-i', t.keyPath, '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=accept-new', '-o', 'ConnectTimeout=20'];
  }
  private fail(what: string, r: Exec): Error {
    const why = r.stderr.trim().split('\n').slice(-3).join(' ') || `exit code ${r.code}`;
    return new Error(`${what} on ${this.label} failed: ${why}`);
  }
  sh(line: string, timeoutMs?: number): Promise<Exec> {
    return run('ssh', [...this.common, '-p', String(this.t.port), `${this.t.user}@${this.t.host}`, '--', line], timeoutMs).then((r) => {
      if (r.code === 255) throw this.fail('ssh', r);
      return r;
    });
  }
  async upload(localDir: string, remote: string): Promise<void> {
    const parent = remote.replace(/\/[^/]+\/?$/, '') || '/';
    const mk = await this.sh(`mkdir -p ${shellQuote(parent)} && rm -rf ${shellQuote(remote)}`);
    if (mk.code !== 0) throw this.fail(`mkdir ${parent}`, mk);
    const r = await run('scp', [...this.common, '-P', String(this.t.port), '-r', '-q', localDir, `${this.t.user}@${this.t.host}:${remote}`], 30 * 60_000);
    if (r.code !== 0) throw this.fail('copying the job folder (scp)', r);
  }
  async download(remote: string, local: string): Promise<void> {
    const r = await run('scp', [...this.common, '-P', String(this.t.port), '-q', `${this.t.user}@${this.t.host}:${remote}`, local], 30 * 60_000);
    if (r.code !== 0) throw this.fail(`copying ${remote} (scp)`, r);
  }
}

export function transportFor(target: ClusterTarget): Transport {
  return target.kind === 'local' ? new LocalTransport() : new SshTransport(target);
}
