// The one contract of every job kind: its parameters (parsed by the worker before the job body runs,
// typed for the handler that queues it) and its result (what JobInfo.result holds once the job is
// done; read it with jobResult()). Adding a job kind starts here; the engine's registry
// (src/core/app/worker/job-kinds.ts) must then give it a body, or the typecheck fails.
import type { z } from 'zod';
import { TestJobParams, TestJobResult, type JobInfo } from './jobs';
import { ImportSpec, SimulateSpec, PreviewJobResult, ImportJobResult, SimulateJobResult } from './data';
import { TrainJobParams, TrainJobResult } from './train';
import { ExtractJobParams, ExtractJobResult, ScanJobParams, ScanJobResult } from './motifs';
import { InstancesJobParams, InstancesJobResult, SyntaxJobParams, SyntaxJobResult, VariantJobParams, VariantJobResult } from './grammar';
import { BatchJobParams, BatchJobResult } from './design';
import {
  EvaluateJobParams, EvaluateJobResult, AttributeJobParams, AttributeJobResult, DiscoverJobParams, DiscoverJobResult, PaperJobParams, PaperJobResult,
} from './compare';
import { ClusterSweepJobParams, ClusterSweepJobResult } from './cluster';

export const JOB_CONTRACT = {
  test: { params: TestJobParams, result: TestJobResult },
  'data.preview': { params: ImportSpec, result: PreviewJobResult },
  'data.import': { params: ImportSpec, result: ImportJobResult },
  'data.simulate': { params: SimulateSpec, result: SimulateJobResult },
  train: { params: TrainJobParams, result: TrainJobResult },
  'motifs.extract': { params: ExtractJobParams, result: ExtractJobResult },
  'motifs.scan': { params: ScanJobParams, result: ScanJobResult },
  'grammar.instances': { params: InstancesJobParams, result: InstancesJobResult },
  'grammar.syntax': { params: SyntaxJobParams, result: SyntaxJobResult },
  'variants.score': { params: VariantJobParams, result: VariantJobResult },
  'design.batch': { params: BatchJobParams, result: BatchJobResult },
  'compare.evaluate': { params: EvaluateJobParams, result: EvaluateJobResult },
  'compare.attribute': { params: AttributeJobParams, result: AttributeJobResult },
  'compare.discover': { params: DiscoverJobParams, result: DiscoverJobResult },
  'compare.paper': { params: PaperJobParams, result: PaperJobResult },
  'cluster.sweep': { params: ClusterSweepJobParams, result: ClusterSweepJobResult },
} as const satisfies Record<string, { params: z.ZodType; result: z.ZodType }>;

export type JobKind = keyof typeof JOB_CONTRACT;
/** What a handler passes to start a job of this kind (defaults may be left out). */
export type JobParamsInput<K extends JobKind> = z.input<(typeof JOB_CONTRACT)[K]['params']>;
/** What the job body receives, defaults filled. */
export type JobParams<K extends JobKind> = z.output<(typeof JOB_CONTRACT)[K]['params']>;
export type JobResult<K extends JobKind> = z.output<(typeof JOB_CONTRACT)[K]['result']>;

export const isJobKind = (kind: string): kind is JobKind => Object.prototype.hasOwnProperty.call(JOB_CONTRACT, kind);

/**
 * The result of a finished job of this kind; null while the job is not done or is of another kind.
 * Checked against the kind's schema; a result that does not pass (stored by an older version, or a
 * JSON round trip that turned a NaN into null) is handed over as stored, with a console warning,
 * so a screen shows what it can rather than nothing.
 */
export function jobResult<K extends JobKind>(job: Pick<JobInfo, 'kind' | 'state' | 'result'> | null | undefined, kind: K): JobResult<K> | null {
  if (!job || job.kind !== kind || job.state !== 'done' || job.result === null || job.result === undefined) return null;
  const r = JOB_CONTRACT[kind].result.safeParse(job.result);
  if (r.success) return r.data as JobResult<K>;
  console.warn(`The result of a ${kind} job is not of the expected shape: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return job.result as JobResult<K>;
}
