// Talking to Slurm through a transport: submit the job folder's script (sbatch --parsable), look at
// the array (squeue for tasks still queued or running, each task's status file for how it ended,
// sacct when the cluster keeps accounting), the end of a task's log, and cancel (scancel).
import type { Transport } from './transport';
import { LOGS_DIR, SCRIPT_NAME, shellQuote, TASKS_DIR, logFile } from './script';

export class SlurmError extends Error {
  override name = 'SlurmError';
}

function missingTool(tool: string, t: Transport, r: { code: number; stderr: string }): string | null {
  return r.code === 127 || /not found|No such file/.test(r.stderr) ? `${tool} is not available on ${t.label}: Slurm's commands must be on the PATH there (${r.stderr.trim().split('\n').pop()}).` : null;
}

/** Submits the array from inside its folder; returns Slurm's job id. */
export async function submit(t: Transport, folder: string): Promise<string> {
  const r = await t.sh(`cd ${shellQuote(folder)} && sbatch --parsable ${SCRIPT_NAME}`);
  if (r.code !== 0) throw new SlurmError(missingTool('sbatch', t, r) ?? `sbatch refused the job on ${t.label}: ${r.stderr.trim() || r.stdout.trim()}`);
  const id = r.stdout.trim().split('\n').pop()!.split(';')[0].trim();
  if (!/^\d+$/.test(id)) throw new SlurmError(`sbatch on ${t.label} answered “${r.stdout.trim()}” instead of a job id.`);
  return id;
}

export async function cancel(t: Transport, jobId: string): Promise<void> {
  const r = await t.sh(`scancel ${shellQuote(jobId)}`);
  if (r.code !== 0) throw new SlurmError(missingTool('scancel', t, r) ?? `scancel ${jobId} on ${t.label} failed: ${r.stderr.trim()}`);
}

export async function logTail(t: Transport, folder: string, index: number, lines = 30): Promise<string | null> {
  const r = await t.sh(`tail -n ${lines} ${shellQuote(`${folder}/${logFile(index)}`)} 2>/dev/null`);
  return r.code === 0 ? r.stdout : null;
}

/** What one look at the array found, per task index. */
export interface TaskSighting {
  /** squeue's state while the task is queued or running. */
  queue: string | null;
  /** sacct's state and exit code once it ended (clusters with accounting only). */
  accounting: { state: string; exitCode: string } | null;
  /** From the task's status file: when it started, when it ended and how. */
  startedAt: number | null;
  endedAt: number | null;
  outcome: 'done' | 'failed' | null;
  exitCode: number | null;
}

export interface Snapshot {
  /** squeue answered (when it did not, nothing is concluded from a task's absence). */
  queueOk: boolean;
  queueError: string | null;
  tasks: Map<number, TaskSighting>;
}

const MARK = '@@cisgram@@';

/** One round trip: squeue, the status files and sacct. */
export async function look(t: Transport, folder: string, jobId: string): Promise<Snapshot> {
  const q = shellQuote(jobId);
  const line = [
    `cd ${shellQuote(folder)} || exit 3`,
    `squeue -h -r -j ${q} -o '%i|%T' 2>&1; echo "${MARK}squeue $?"`,
    `for f in ${TASKS_DIR}/*/status; do [ -f "$f" ] && { printf '%s|' "$f"; tr '\\n' ';' < "$f"; echo; }; done`,
    `echo "${MARK}sacct"`,
    `sacct -n -P -X -j ${q} -o JobID,State,ExitCode 2>/dev/null || true`,
  ].join('; ');
  const r = await t.sh(line);
  if (r.code === 3) throw new SlurmError(`The job folder ${folder} is missing on ${t.label}.`);
  return parseSnapshot(r.stdout, jobId);
}

export function parseSnapshot(text: string, jobId: string): Snapshot {
  const tasks = new Map<number, TaskSighting>();
  const get = (i: number) => {
    let s = tasks.get(i);
    if (!s) tasks.set(i, (s = { queue: null, accounting: null, startedAt: null, endedAt: null, outcome: null, exitCode: null }));
    return s;
  };
  const lines = text.split('\n');
  let section: 'squeue' | 'status' | 'sacct' = 'squeue';
  let queueOk = false;
  const queueLines: string[] = [];
  for (const raw of lines) {
    const l = raw.trim();
    if (!l) continue;
    if (l.startsWith(`${MARK}squeue`)) {
      // A job Slurm has already forgotten (all tasks ended long ago) is "Invalid job id": nothing queued.
      queueOk = l.endsWith(' 0') || queueLines.some((q) => /Invalid job id/i.test(q));
      section = 'status';
      continue;
    }
    if (l === `${MARK}sacct`) {
      section = 'sacct';
      continue;
    }
    if (section === 'squeue') {
      queueLines.push(l);
      if (/Invalid job id/i.test(l)) continue;
      const m = /^(\d+)_(\d+)\|([A-Z_]+)$/.exec(l);
      if (m && m[1] === jobId) get(Number(m[2])).queue = m[3];
    } else if (section === 'status') {
      const m = /^tasks\/(\d+)\/status\|(.*)$/.exec(l);
      if (!m) continue;
      const s = get(Number(m[1]));
      for (const part of m[2].split(';')) {
        const w = part.trim().split(/\s+/);
        if (w[0] === 'running') s.startedAt = Number(w[1]) || null;
        else if (w[0] === 'done') { s.outcome = 'done'; s.endedAt = Number(w[1]) || null; s.exitCode = 0; }
        else if (w[0] === 'failed') { s.outcome = 'failed'; s.exitCode = Number(w[1]); s.endedAt = Number(w[2]) || null; }
      }
    } else {
      const m = /^(\d+)_(\d+)\|([A-Z_]+)[^|]*\|(\S*)$/.exec(l);
      if (m && m[1] === jobId) get(Number(m[2])).accounting = { state: m[3], exitCode: m[4] };
    }
  }
  return { queueOk, queueError: queueOk ? null : queueLines.join(' ').slice(0, 300) || 'squeue gave no answer', tasks };
}

export const FOLDERS = { logs: LOGS_DIR, tasks: TASKS_DIR };
