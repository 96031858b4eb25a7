// Job commands and values: long work runs in the engine worker, is persisted, reports progress, can be cancelled and resumed.
import { z } from 'zod';

export const JobState = z.enum(['queued', 'running', 'done', 'failed', 'cancelled', 'interrupted']);
export type JobState = z.infer<typeof JobState>;

export const MetricPoint = z.object({
  series: z.string(),
  x: z.number(),
  y: z.number(),
});
export type MetricPoint = z.infer<typeof MetricPoint>;

export const JobInfo = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  state: JobState,
  fraction: z.number(),
  message: z.string(),
  etaSeconds: z.number().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
  hasCheckpoint: z.boolean(),
  /** A done job's result: its shape is given by `kind` in JOB_CONTRACT (./job-contract.ts); read it
   * with jobResult(job, kind), which checks it. Null until the job is done. */
  result: z.unknown().nullable(),
});
export type JobInfo = z.infer<typeof JobInfo>;

export const JobId = z.string().min(1).max(64);

/** The test job proves the machinery: counts to `steps`, sleeping between, checkpointing each step. */
export const TestJobParams = z.object({
  steps: z.number().int().min(1).max(100_000).default(20),
  stepMs: z.number().int().min(0).max(60_000).default(100),
  failAt: z.number().int().min(0).optional(),
}).strict();
export const TestJobResult = z.object({ steps: z.number().int(), resumedFrom: z.number().int() });

export const jobCommands = {
  'jobs.list': { input: z.object({}).strict(), output: z.array(JobInfo) },
  'jobs.get': { input: z.object({ id: JobId }).strict(), output: JobInfo },
  'jobs.metrics': { input: z.object({ id: JobId }).strict(), output: z.array(MetricPoint) },
  'jobs.cancel': { input: z.object({ id: JobId }).strict(), output: JobInfo },
  'jobs.resume': { input: z.object({ id: JobId }).strict(), output: JobInfo },
  'jobs.startTest': { input: TestJobParams, output: JobInfo },
} as const;
