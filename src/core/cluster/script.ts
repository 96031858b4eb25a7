// The sbatch script of a job folder: one array over the tasks, the resources the user chose, and per
// task: copy its dataset file to a fresh project file, `cisgram train` the task's settings on it,
// `cisgram export` the run. tasks/<i>/status records start and end times and the outcome (the
// follower reads it; a cluster without accounting has no sacct). The folder is relocatable: paths
// are taken from SLURM_SUBMIT_DIR (sbatch is run from inside the folder).
import type { ClusterResources, ClusterRuntime, ClusterTask } from '../../shared/api/cluster';

/** One argument for a POSIX shell, single-quoted. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'"'"'`)}'`;
}

export const DATA_DIR = 'data';
export const TASKS_DIR = 'tasks';
export const LOGS_DIR = 'logs';
export const SCRIPT_NAME = 'job.sbatch';
export const MODEL_NAME = 'run.cisgram-model';
export const datasetFile = (datasetId: number) => `${DATA_DIR}/dataset-${datasetId}.cisgram`;
export const logFile = (index: number) => `${LOGS_DIR}/task-${index}.log`;

export interface ScriptOptions {
  jobName: string;
  tasks: ClusterTask[];
  resources: ClusterResources;
  runtime: ClusterRuntime;
  /** The Cisgram folder on the nodes (the one holding bin/cisgram.mjs). */
  cisgramDir: string;
}

export function sbatchScript(o: ScriptOptions): string {
  const r = o.resources;
  const n = o.tasks.length;
  const head = [
    '#!/bin/bash',
    `# Cisgram cluster sweep “${o.jobName.replace(/\n/g, ' ')}”: ${n} training task(s). Submit from this folder: sbatch ${SCRIPT_NAME}`,
    `#SBATCH --job-name=${shellQuote(`cisgram-${o.jobName}`.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 60))}`,
    `#SBATCH --array=0-${n - 1}${r.maxRunning > 0 ? `%${r.maxRunning}` : ''}`,
    `#SBATCH --output=${LOGS_DIR}/task-%a.log`,
    `#SBATCH --time=${r.time}`,
    `#SBATCH --mem=${r.memory}`,
    `#SBATCH --cpus-per-task=${r.cpus}`,
    ...(r.partition ? [`#SBATCH --partition=${r.partition}`] : []),
    ...(r.account ? [`#SBATCH --account=${r.account}`] : []),
    ...(r.gpus > 0 ? [`#SBATCH --gpus=${r.gpus}`] : []),
  ];
  const cases = o.tasks.map((t) =>
    `  ${t.index}) DATASET=${t.datasetId}; MODEL=${t.model}; PRESET=${t.preset}; NAME=${shellQuote(t.name)} ;;`);
  const body = [
    'set -eu',
    'DIR="${SLURM_SUBMIT_DIR:?submit this script with sbatch from its folder}"',
    'I="${SLURM_ARRAY_TASK_ID:?submit this script with sbatch (it is an array job)}"',
    `T="$DIR/${TASKS_DIR}/$I"`,
    `CISGRAM=${shellQuote(`${o.cisgramDir.replace(/\/+$/, '')}/bin/cisgram.mjs`)}`,
    'echo "running $(date +%s.%N) $(hostname)" > "$T/status"',
    'finish() {',
    '  code=$?',
    `  if [ "$code" -eq 0 ] && [ -s "$T/${MODEL_NAME}" ]; then echo "done $(date +%s.%N)" >> "$T/status"; else echo "failed $code $(date +%s.%N)" >> "$T/status"; fi`,
    '}',
    'trap finish EXIT',
    "trap 'exit 143' TERM INT",
    'case "$I" in',
    ...cases,
    '  *) echo "no task $I in this job folder" >&2; exit 2 ;;',
    'esac',
    '# The engine is used as built; a task never builds it (the array would build it once per task).',
    'export CISGRAM_NO_BUILD=1',
    'export CISGRAM_DATA_DIR="$T/cisgram-data"',
    ...(o.runtime.setup.trim() ? ['# Setup lines from the dialog', ...o.runtime.setup.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)] : []),
    'echo "Cisgram task $I on $(hostname): $NAME"',
    'rm -f "$T/project.cisgram" "$T/project.cisgram.lock" "$T/project.cisgram-wal" "$T/project.cisgram-shm" "$T/' + MODEL_NAME + '"',
    `cp "$DIR/${DATA_DIR}/dataset-$DATASET.cisgram" "$T/project.cisgram"`,
    'node "$CISGRAM" train -p "$T/project.cisgram" --dataset "$DATASET" --model "$MODEL" --preset "$PRESET" --overrides "$(cat "$T/overrides.json")" --name "$NAME"',
    `node "$CISGRAM" export -p "$T/project.cisgram" --out "$T/${MODEL_NAME}"`,
    '# The run is in the model file; the copy of the dataset is not needed any more.',
    'rm -f "$T/project.cisgram" "$T/project.cisgram.lock"',
  ];
  return [...head, '', ...body, ''].join('\n');
}
