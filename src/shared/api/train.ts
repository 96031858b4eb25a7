// Train commands: the hyper-parameter catalog and presets, datasets ready for training, starting a
// run (a `train` job), the runs with their live state, a run's detail (history, test metrics with
// ROC/PR curves, config, provenance), downsampled live curves, rename/delete, and single-file
// export/import of a trained model. Merged into the one contract in ./index.ts.
import { z } from 'zod';
import { UserPath } from './paths';
import { JobInfo, JobState, MetricPoint } from './jobs';
import { MODEL_KINDS } from '../model-kinds';
import { TrainOverrides, isPlainObject, type DeepPartial, type TrainConfig } from '../train-config';

const Num = z.number().nullable();
export const RunId = z.number().int().min(1);
export const ModelKind = z.enum(MODEL_KINDS);
export const PresetId = z.enum(['standard', 'quick', 'paper']);
const RunName = z.string().trim().min(1, 'a run needs a name').max(200, 'run names are at most 200 characters');
const Path = UserPath;

export const FieldSpec = z.object({
  key: z.string(),
  label: z.string(),
  group: z.string(),
  type: z.enum(['int', 'number', 'boolean']),
  min: Num,
  max: Num,
  step: Num,
  help: z.string(),
  detail: z.string(),
  defaults: z.object({ standard: z.union([z.number(), z.boolean()]), quick: z.union([z.number(), z.boolean()]), paper: z.union([z.number(), z.boolean()]) }),
});
export type FieldSpec = z.infer<typeof FieldSpec>;

export const PresetSpec = z.object({
  id: PresetId,
  label: z.string(),
  summary: z.string(),
  epochs: z.number(),
  phases: z.object({ warmup: z.number(), ramp: z.number(), hold: z.number() }),
});
export const ModelKindSpec = z.object({ id: ModelKind, label: z.string(), available: z.boolean(), summary: z.string() });

export const TrainDataset = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.string(),
  taskNames: z.array(z.string()),
  nSeqs: z.number(),
  splits: z.object({ train: z.number(), valid: z.number(), test: z.number() }),
  minLength: Num,
  maxLength: Num,
  /** Why it cannot be trained on with the default filter width, or null. */
  problem: z.string().nullable(),
});
export type TrainDataset = z.infer<typeof TrainDataset>;

const Mean = { accuracy: Num, auroc: Num, auprc: Num };
export const RunSummary = z.object({
  id: z.number(),
  name: z.string(),
  modelKind: ModelKind,
  origin: z.enum(['trained', 'imported']),
  datasetId: z.number().nullable(),
  datasetName: z.string(),
  taskNames: z.array(z.string()),
  seqLength: Num,
  preset: z.string(),
  seed: z.number(),
  backend: z.string().nullable(),
  appVersion: z.string(),
  jobId: z.string().nullable(),
  state: JobState,
  status: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  trainSeconds: z.number(),
  epochsDone: z.number(),
  epochs: z.number(),
  bestEpoch: Num,
  test: z.object(Mean).nullable(),
  paramCount: Num,
  hasModel: z.boolean(),
});
export type RunSummary = z.infer<typeof RunSummary>;

export const EpochRow = z.object({
  epoch: z.number(),
  trainLoss: Num,
  validLoss: Num,
  validAuroc: Num,
  validAuprc: Num,
  validAccuracy: Num,
  lambdaOvl: z.number(),
  lambdaL1: z.number(),
  lambdaEnt: z.number(),
  seconds: z.number(),
  improved: z.boolean(),
});
export type EpochRow = z.infer<typeof EpochRow>;

const Curve = z.object({ x: z.array(z.number()), y: z.array(z.number()) });
export const TaskResult = z.object({ task: z.string(), nPos: z.number(), nNeg: z.number(), ...Mean, roc: Curve, pr: Curve });
export type TaskResult = z.infer<typeof TaskResult>;
export const TestMetrics = z.object({ n: z.number(), loss: Num, ...Mean, perTask: z.array(TaskResult) });

export const RunDetail = RunSummary.extend({
  /** The config as stored when the run was made (a run made by an older version may lack newer settings). */
  config: z.custom<DeepPartial<TrainConfig>>(isPlainObject),
  /** The settings changed from the preset, as given to train.start. */
  overrides: z.custom<TrainOverrides>(isPlainObject),
  warnings: z.array(z.string()),
  history: z.array(EpochRow),
  testMetrics: TestMetrics.nullable(),
  peakRssMb: Num,
  startedAt: z.string().nullable(),
  /** Planned λ per epoch (1-based) for the schedule chart. */
  schedule: z.array(z.object({ epoch: z.number(), ovl: z.number(), l1: z.number(), ent: z.number() })),
});
export type RunDetail = z.infer<typeof RunDetail>;

/** The `train` job: trains one run (its config is stored with the run). */
export const TrainJobParams = z.object({ runId: RunId }).strict();
const TrainStatus = z.enum(['done', 'early-stopped', 'aborted', 'paused']);
export const TrainJobResult = z.union([
  z.object({ runId: z.number().int(), alreadyDone: z.literal(true) }),
  /** Stopped by a cancel between epochs (the checkpoint is kept for a resume). */
  z.object({ runId: z.number().int(), cancelled: z.boolean() }),
  z.object({ runId: z.number().int(), status: TrainStatus, epochs: z.number().int(), test: z.object({ accuracy: Num, auroc: Num, auprc: Num }) }),
]);

export const trainCommands = {
  'train.presets': {
    input: z.object({}).strict(),
    output: z.object({ presets: z.array(PresetSpec), fields: z.array(FieldSpec), models: z.array(ModelKindSpec), minSplit: z.object({ train: z.number(), valid: z.number(), test: z.number() }),
      /** Engine workers for data-parallel training on this machine: the default (cores − 1, at least 1) and the cores. */
      workers: z.object({ default: z.number().int().min(1), cores: z.number().int().min(1), max: z.number().int().min(1) }).optional() }),
  },
  'train.datasets': { input: z.object({}).strict(), output: z.array(TrainDataset) },
  'train.start': {
    input: z
      .object({
        datasetId: z.number().int().min(1),
        model: ModelKind.default('argminn'),
        preset: PresetId.default('standard'),
        /** Values changed from the preset, nested like the config ({ model: { F: 12 }, lr: 0.0005 }). */
        overrides: TrainOverrides.default({}),
        name: RunName.optional(),
      })
      .strict(),
    output: z.object({ run: RunSummary, job: JobInfo }),
  },
  'train.runs': { input: z.object({}).strict(), output: z.array(RunSummary) },
  'train.run': { input: z.object({ runId: RunId }).strict(), output: RunDetail },
  /** Did this run learn a sequence motif? (shown wherever its predictions are used) */
  'train.health': {
    input: z.object({ runId: RunId }).strict(),
    output: z.object({ learnedMotif: z.boolean().nullable(), message: z.string().nullable(), lowComplexity: z.array(z.object({ name: z.string(), why: z.string() })) }),
  },
  'train.curves': {
    input: z.object({ runId: RunId, maxPoints: z.number().int().min(20).max(5000).default(600) }).strict(),
    output: z.object({ points: z.array(MetricPoint) }),
  },
  'train.rename': { input: z.object({ runId: RunId, name: RunName }).strict(), output: RunSummary },
  'train.delete': { input: z.object({ runId: RunId }).strict(), output: z.null() },
  'train.export': {
    input: z.object({ runId: RunId, path: Path, overwrite: z.boolean().default(false) }).strict(),
    output: z.object({ path: z.string(), bytes: z.number() }),
  },
  'train.import': {
    input: z.object({ path: Path, datasetId: z.number().int().min(1).nullable().default(null), name: RunName.optional() }).strict(),
    output: RunSummary,
  },
} as const satisfies Record<string, { input: z.ZodTypeAny; output: z.ZodTypeAny }>;
