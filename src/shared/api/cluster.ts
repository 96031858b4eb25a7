// Cluster commands and values: a training sweep (datasets × model kinds × presets × seeds) sent to a
// Slurm cluster as one job array, followed task by task, each finished task's run imported back.
// Every text that ends up in the sbatch script is checked here (no shell metacharacters).
import { z } from 'zod';
import { UserPath } from './paths';
import { JobId, JobInfo } from './jobs';
import { ModelKind, PresetId, RunId } from './train';
import { TrainOverrides, isPlainObject, type TrainOverrides as TrainOverridesT } from '../train-config';

const word = (what: string, example: string) =>
  z.string().trim().max(100).regex(/^[A-Za-z0-9_.,:@+-]*$/, `${what} is letters, digits and _ . , : @ + - only (e.g. ${example})`);

/** What each task asks Slurm for; every field is editable in the dialog and on the command line. */
export const ClusterResources = z
  .object({
    /** Empty: the cluster's default partition. */
    partition: word('the partition', 'gpu').default(''),
    /** Wall time per task, as sbatch reads it: minutes, HH:MM:SS or D-HH:MM:SS. */
    time: z.string().trim().regex(/^(\d+|\d+:\d{2}(:\d{2})?|\d+-\d{1,2}(:\d{2}(:\d{2})?)?)$/, 'the time limit is minutes (60), HH:MM:SS (01:00:00) or D-HH:MM:SS').default('01:00:00'),
    /** Memory per task as sbatch reads it (4G, 4000M). */
    memory: z.string().trim().regex(/^\d+[KMGT]?$/, 'the memory is a number with K, M, G or T (e.g. 4G)').default('4G'),
    cpus: z.number().int().min(1).max(256).default(1),
    gpus: z.number().int().min(0).max(16).default(0),
    /** Empty: no --account line. */
    account: word('the account', 'lab42').default(''),
    /** Tasks running at once (the %N of --array); 0 = no limit. */
    maxRunning: z.number().int().min(0).max(10_000).default(0),
  })
  .strict();
export type ClusterResources = z.infer<typeof ClusterResources>;

const Host = z.string().trim().min(1, 'give the login node').max(253).regex(/^[A-Za-z0-9_.:-]+$/, 'the host is a name or an address (login.cluster.edu, 10.0.0.5)');
const User = z.string().trim().min(1, 'give the user name on the cluster').max(64).regex(/^[A-Za-z0-9_.-]+$/, 'the user name is letters, digits, _ . - only');
/** A folder on the cluster: absolute, without characters a shell would read. */
export const ClusterPath = z
  .string()
  .trim()
  .min(1)
  .max(1024)
  .regex(/^\/[A-Za-z0-9_.\/+@=-]*$/, 'a folder on the cluster is a full path of letters, digits and _ . / + @ = - (e.g. /home/you/cisgram-jobs)');

/** Where sbatch runs: on this machine, or on a login node reached with `ssh -i key user@host`. */
export const ClusterTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local') }).strict(),
  z
    .object({
      kind: z.literal('ssh'),
      host: Host,
      user: User,
      port: z.number().int().min(1).max(65535).default(22),
      /** The private key ssh uses (on this machine). */
      keyPath: UserPath,
      /** Where job folders are copied on the cluster. */
      remoteDir: ClusterPath,
    })
    .strict(),
]);
export type ClusterTarget = z.infer<typeof ClusterTarget>;

/** How the cluster's nodes run Cisgram. */
export const ClusterRuntime = z
  .object({
    /** The Cisgram folder on the cluster (a built checkout); null = this installation (local Slurm only). */
    cisgramDir: ClusterPath.nullable().default(null),
    /** Shell lines run before each task, e.g. `module load nodejs/20` (one per line; no backquotes or $( ). */
    setup: z
      .string()
      .max(2000)
      .refine((s) => !/[`]|\$\(/.test(s), 'setup lines may not contain backquotes or $( … )')
      .default(''),
  })
  .strict();
export type ClusterRuntime = z.infer<typeof ClusterRuntime>;

/** The sweep: every combination becomes one task of the array. */
export const ClusterSweep = z
  .object({
    datasetIds: z.array(z.number().int().min(1)).min(1, 'choose at least one dataset').max(50),
    models: z.array(ModelKind).min(1, 'choose at least one model kind').max(10),
    presets: z.array(PresetId).min(1, 'choose at least one preset').max(3),
    seeds: z.array(z.number().int().min(0).max(2 ** 31 - 1)).min(1, 'give at least one seed').max(100),
    /** Settings changed from each preset (train.start's overrides, checked the same way; the seed is the sweep's). */
    overrides: TrainOverrides.default({}),
    name: z.string().trim().min(1).max(80).default('sweep'),
  })
  .strict();
export type ClusterSweep = z.infer<typeof ClusterSweep>;

export const MAX_CLUSTER_TASKS = 1000;

/** One task of the array: what it trains. */
export const ClusterTask = z.object({
  index: z.number().int().min(0),
  datasetId: z.number().int().min(1),
  model: ModelKind,
  preset: PresetId,
  seed: z.number().int(),
  overrides: z.custom<TrainOverridesT>(isPlainObject),
  name: z.string(),
});
export type ClusterTask = z.infer<typeof ClusterTask>;

/** Slurm's state of a task as Cisgram shows it, then 'imported' once its run is in the project. */
export const ClusterTaskState = z.enum(['waiting', 'pending', 'running', 'completed', 'imported', 'failed', 'cancelled']);
export type ClusterTaskState = z.infer<typeof ClusterTaskState>;

export const ClusterTaskStatus = ClusterTask.pick({ index: true, datasetId: true, model: true, preset: true, seed: true, name: true }).extend({
  state: ClusterTaskState,
  /** Slurm's own word (PENDING, RUNNING, TIMEOUT …) when known. */
  slurmState: z.string().nullable(),
  runId: RunId.nullable(),
  /** Why it failed, with the end of its Slurm log. */
  error: z.string().nullable(),
  logTail: z.string().nullable(),
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  importedAt: z.number().nullable(),
});
export type ClusterTaskStatus = z.infer<typeof ClusterTaskStatus>;

export const ClusterSweepStatus = z.object({
  jobId: z.string(),
  job: JobInfo,
  name: z.string(),
  target: z.string(),
  /** The job folder on this machine and where the tasks read it on the cluster. */
  folder: z.string(),
  clusterFolder: z.string(),
  slurmJobId: z.string().nullable(),
  submittedAt: z.number().nullable(),
  tasks: z.array(ClusterTaskStatus),
});
export type ClusterSweepStatus = z.infer<typeof ClusterSweepStatus>;

/** What the cluster.sweep job is given (made by cluster.submit) and what it returns. */
export const ClusterSweepJobParams = z.object({
  name: z.string(),
  folder: z.string(),
  clusterFolder: z.string(),
  cisgramDir: z.string(),
  target: ClusterTarget,
  resources: ClusterResources,
  runtime: ClusterRuntime,
  tasks: z.array(ClusterTask),
  pollSeconds: z.number(),
});
export const ClusterSweepJobResult = z.object({
  slurmJobId: z.string().nullable(),
  runIds: z.array(z.number().nullable()),
  imported: z.number(),
  failed: z.number(),
  cancelled: z.number(),
});

export const ClusterSubmitInput = z
  .object({
    sweep: ClusterSweep,
    resources: ClusterResources.default(ClusterResources.parse({})),
    target: ClusterTarget.default({ kind: 'local' }),
    runtime: ClusterRuntime.default(ClusterRuntime.parse({})),
    /** Folder on this machine where the job folder is written; default: beside the project file. */
    folder: UserPath.optional(),
    /** Seconds between two looks at the queue (tests use 1). */
    pollSeconds: z.number().min(0.2).max(600).default(10),
  })
  .strict();
export type ClusterSubmitInput = z.infer<typeof ClusterSubmitInput>;

export const clusterCommands = {
  /** The tasks and the sbatch script a sweep would send, without writing or sending anything. */
  'cluster.preview': {
    input: ClusterSubmitInput,
    output: z.object({ tasks: z.array(ClusterTask), script: z.string(), problems: z.array(z.string()) }),
  },
  /** Writes the job folder, submits it and follows it as a job of this project. */
  'cluster.submit': { input: ClusterSubmitInput, output: z.object({ job: JobInfo, tasks: z.array(ClusterTask) }) },
  'cluster.sweeps': { input: z.object({}).strict(), output: z.array(ClusterSweepStatus) },
  'cluster.status': { input: z.object({ jobId: JobId }).strict(), output: ClusterSweepStatus },
  /** scancel the array and stop following it. */
  'cluster.cancel': { input: z.object({ jobId: JobId }).strict(), output: ClusterSweepStatus },
} as const satisfies Record<string, { input: z.ZodTypeAny; output: z.ZodTypeAny }>;
