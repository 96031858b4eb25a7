// Messages between the job manager (main thread) and the engine worker, validated on arrival.
import { z } from 'zod';
import { EngineInfo } from '../../shared/api/app';
import { MetricPoint } from '../../shared/api/jobs';

const Bytes = z.instanceof(Uint8Array);

export const ToWorker = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('run'),
    jobId: z.string(),
    kind: z.string(),
    params: z.unknown(),
    checkpoint: Bytes.nullable(),
    projectPath: z.string(),
  }),
  z.object({ type: z.literal('cancel'), jobId: z.string() }),
  // Quick request/response work in the worker (e.g. re-scoring one design), beside any running job.
  z.object({ type: z.literal('call'), id: z.number(), method: z.string(), args: z.unknown() }),
]);
export type ToWorker = z.infer<typeof ToWorker>;

export const FromWorker = z.discriminatedUnion('type', [
  z.object({ type: z.literal('engine'), engine: EngineInfo }),
  z.object({
    type: z.literal('progress'),
    jobId: z.string(),
    fraction: z.number(),
    message: z.string().optional(),
    etaSeconds: z.number().nullable().optional(),
    estimating: z.boolean().optional(),
    points: z.array(MetricPoint).optional(),
  }),
  z.object({ type: z.literal('checkpoint'), jobId: z.string() }),
  z.object({ type: z.literal('done'), jobId: z.string(), result: z.unknown() }),
  z.object({ type: z.literal('failed'), jobId: z.string(), error: z.string() }),
  z.object({ type: z.literal('cancelled'), jobId: z.string() }),
  z.object({ type: z.literal('callResult'), id: z.number(), ok: z.boolean(), result: z.unknown().optional(), error: z.string().optional() }),
]);
export type FromWorker = z.infer<typeof FromWorker>;
