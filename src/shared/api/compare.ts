// Compare commands (issue 7): the comparison table of a dataset (one row per run, mean ± sd per
// model and prior), evaluating runs into it (a job), "repeat with 3 seeds", CSV/HTML export;
// importance scores of one sequence under any run (a job) stored as logo tracks; and motif discovery
// from importance scores into the project's motifs (a job). Merged into the one contract in ./index.ts.
import { z } from 'zod';
import { UserPath } from './paths';
import { JobInfo } from './jobs';
import { MODEL_KINDS } from '../model-kinds';
import { TrainOverrides } from '../train-config';

const Num = z.number().nullable();
const Id = z.number().int().min(1);
export const AttributionMethodId = z.enum(['input_x_gradient', 'integrated_gradients', 'ism', 'deepshap']);
export type AttributionMethodId = z.infer<typeof AttributionMethodId>;

export const ComparePrior = z.object({
  kind: z.enum(['none', 'fourier', 'tv']),
  lambda: z.number(),
  T: z.number().nullable().optional(),
  c: z.number().nullable().optional(),
  sigma: z.number().optional(),
});

const StrictInstances = z.object({
  nTruth: z.number(), nCalls: z.number(), topK: z.array(z.object({ kRel: z.number(), k: z.number(), recall: z.number() })),
  recallAtN: z.number(), precisionAtRecall80: Num, recall: z.number(), precision: z.number(), averagePrecision: z.number(),
});
/**
 * The strict figures (MODEL.md §6, computed by core/compare/strict.ts). Absent in evaluations stored
 * before they existed: such rows were judged with the old, lenient definitions and must be re-evaluated.
 */
export const StrictMetrics = z.object({
  version: z.literal(1),
  /** Filters per usage verdict; `units` = used filters with RC twins counted once. */
  usage: z.object({ used: z.number(), units: z.number(), silent: z.number(), rare: z.number(), notEnriched: z.number(), noNegatives: z.number() }),
  allInactive: z.boolean(),
  /** Why motif figures are missing (e.g. "recovery needs a JASPAR collection with TF families"), else null. */
  note: z.string().nullable(),
  /** The known-motif collection motifs were judged against. */
  collection: z.string().nullable(),
  /** Planted motifs (simulated data). */
  recovery: z.object({
    recovered: z.number(), total: z.number(), redundancy: Num, extraneous: z.number(),
    planted: z.array(z.object({ id: z.string(), name: z.string(), entryId: z.string(), recovered: z.boolean(), filters: z.array(z.number()), units: z.number() })),
  }).nullable(),
  /** Real data: distinct collection entries that are a used unit's best match with q < 0.05. */
  known: z.object({ distinct: z.number(), redundancy: Num, extraneous: z.number() }).nullable(),
  /** Every filter: usage verdict, firing fractions, Fisher p; best match and planted assignment when used. */
  filters: z.array(z.object({
    filter: z.number(), verdict: z.string(), role: z.enum(['activating', 'repressing']).optional(), fracPos: z.number(), fracNeg: Num, p: Num,
    best: z.object({ id: z.string(), name: z.string(), q: z.number() }).nullable(), planted: z.string().nullable(),
  })),
  /** Planted sites: filter-activation calls (every model), ARGMINN's attention calls, FIMO with the model's motifs and with the true ones. */
  instances: z.object({ model: StrictInstances, attention: StrictInstances.nullable(), fimoModel: StrictInstances.nullable(), fimoTrue: StrictInstances.nullable() }).nullable(),
  /** The planted pair rule among the syntax explorer's top rules (found null = not applicable, see note). */
  rule: z.object({
    found: z.boolean().nullable(),
    arrangements: z.array(z.object({
      a: z.string(), b: z.string(), gap: z.tuple([z.number(), z.number()]), orientation: z.string(), found: z.boolean(),
      rank: Num, globalRank: Num, pairRules: z.number(),
      /** Used filters that learned this pair as one composite motif spanning the gap (core/compare/composite.ts); absent in older evaluations. */
      composite: z.array(z.object({ filter: z.number(), gap: z.number(), q: z.number() })).optional(),
    })),
    note: z.string().nullable(),
  }).nullable(),
  /** Importance-score discovery on this run (the standard CNN's row of the paper benchmark); absent where not run. */
  discovery: z.object({
    method: z.string(), nSeqs: z.number(), nSeqlets: z.number(), nMotifs: z.number(), passing: z.number(), note: z.string().nullable(),
    recovery: z.object({
      recovered: z.number(), total: z.number(), redundancy: Num, extraneous: z.number(),
      planted: z.array(z.object({ id: z.string(), name: z.string(), recovered: z.boolean(), motifs: z.array(z.number()) })),
    }).nullable(),
    instances: StrictInstances.nullable(),
  }).optional(),
});
export type StrictMetrics = z.infer<typeof StrictMetrics>;

export const CompareMetrics = z.object({
  test: z.object({ accuracy: Num, auroc: Num, auprc: Num }).nullable(),
  motifs: z.object({ total: z.number(), passing: z.number(), unused: z.number() }),
  relevant: Num,
  referenceSize: z.number(),
  redundancy: Num,
  extraneous: Num,
  truthSimilarity: Num,
  instances: z.object({ precision: z.number(), recall: z.number(), averagePrecision: z.number(), nCalls: z.number(), nTruth: z.number() }).nullable(),
  attribution: z.object({ method: z.string(), n: z.number(), highFreqShare: z.number(), entropy: z.number() }).nullable(),
  trainSeconds: z.number(),
  params: Num,
  peakRssMb: Num,
  matches: z.array(z.object({ motif: z.string(), target: z.string(), q: z.number() })),
  evalSeconds: z.number(),
  /** The strict figures (MODEL.md §6); absent in evaluations stored before them. */
  strict: StrictMetrics.optional(),
});
export type CompareMetrics = z.infer<typeof CompareMetrics>;

export const CompareReference = z.object({ kind: z.enum(['truth', 'collection', 'none']), name: z.string(), collectionId: z.number().nullable().optional() });

export const CompareRow = z.object({
  runId: z.number(),
  name: z.string(),
  modelKind: z.string(),
  prior: ComparePrior,
  group: z.string(),
  seed: z.number(),
  state: z.string(),
  hasModel: z.boolean(),
  evaluated: z.boolean(),
  reference: CompareReference.nullable(),
  metrics: CompareMetrics.nullable(),
  evaluatedAt: z.string().nullable(),
  /** Why motif figures are missing: "all filters inactive", a missing JASPAR collection, old definitions; else null. */
  status: z.string().nullable().optional(),
});
export type CompareRow = z.infer<typeof CompareRow>;

const CompareStat = z.object({ mean: Num, sd: Num, n: z.number() });
export const CompareGroup = z.object({
  group: z.string(), modelKind: z.string(), prior: ComparePrior, runIds: z.array(z.number()), seeds: z.array(z.number()),
  stats: z.record(z.string(), CompareStat),
});
export type CompareGroup = z.infer<typeof CompareGroup>;

export const CompareColumn = z.object({ key: z.string(), label: z.string(), digits: z.number(), truthOnly: z.boolean().optional() });

export const CompareTable = z.object({
  datasetId: z.number(),
  datasetName: z.string(),
  hasTruth: z.boolean(),
  columns: z.array(CompareColumn),
  rows: z.array(CompareRow),
  groups: z.array(CompareGroup),
});
export type CompareTable = z.infer<typeof CompareTable>;

export const AttributionSummary = z.object({
  id: z.number(), runId: z.number(), runName: z.string(), datasetId: z.number().nullable(), seqIdx: z.number().nullable(), seqName: z.string(),
  method: AttributionMethodId, length: z.number(), logit: z.number(), refLogit: Num, sum: Num, convergence: Num, seconds: z.number(), createdAt: z.string(),
  /** The settings the scores were computed with, as stored (older records may lack some). */
  params: z.looseObject({ steps: Num.optional(), reference: z.string().nullable().optional(), refs: Num.optional() }),
});
export type AttributionSummary = z.infer<typeof AttributionSummary>;
export const AttributionTrack = AttributionSummary.extend({ sequence: z.string(), perBase: z.array(z.number()), scores: z.array(z.number()) });
export type AttributionTrack = z.infer<typeof AttributionTrack>;

/** The compare jobs (started by the commands below; the paper job also runs `compare.evaluate` itself). */
export const EvaluateJobParams = z.object({
  datasetId: z.number().int(), runIds: z.array(z.number().int()), collectionId: z.number().int().nullable(), libraryPath: z.string(),
}).strict();
export const EvaluateJobResult = z.object({
  evaluated: z.array(z.number().int()), skipped: z.array(z.object({ runId: z.number().int(), reason: z.string() })), reference: CompareReference, recoveryNote: z.string().nullable(),
});
export const AttributeJobParams = z.object({
  runId: z.number().int(), datasetId: z.number().int(), seqIdx: z.number().int(), method: AttributionMethodId, task: z.number().int(),
  steps: z.number().int().optional(), reference: z.enum(['zero', 'shuffle']).optional(), refs: z.number().int().optional(), seed: z.number().int(),
}).strict();
export const AttributeJobResult = z.object({ attributionId: z.number().int(), convergence: z.number().nullable(), seconds: z.number() });
export const DiscoverJobParams = z.object({
  runId: z.number().int(), datasetId: z.number().int(), method: AttributionMethodId, maxSequences: z.number().int(), task: z.number().int(),
  steps: z.number().int().optional(), collectionId: z.number().int().nullable(), libraryPath: z.string(),
}).strict();
export const DiscoverJobResult = z.object({
  motifs: z.number().int(), seqlets: z.number().int(), threshold: z.number().nullable(), passing: z.number().int(),
  calibration: z.object({
    threshold: z.number().nullable(), rule: z.enum(['fdr', 'min-passing', 'max-passing', 'none']), estimatedFdr: z.number().nullable(), passing: z.number(), fdrTarget: z.number(),
  }),
  /** Why few or no motifs were found, in words; null when discovery went as expected. */
  reason: z.string().nullable(),
});
export const PaperJobParams = z.object({
  collectionId: z.number().int(),
  libraryPath: z.string(),
  seeds: z.number().int().min(1).max(10),
  /** Reduced regime (16 epochs of 50 fresh batches, 2 000 + 2 000 sequences): a first look in well under an hour. */
  quick: z.boolean(),
  recipes: z.array(z.string()).min(1),
  models: z.array(z.enum(MODEL_KINDS)).min(1),
  reportPath: z.string(),
  /** Internal (tests): extra training settings and dataset sizes on top of the regime. */
  trainOverrides: TrainOverrides.optional(),
  dataSize: z.object({ nPositives: z.number().int(), nNegatives: z.number().int(), length: z.number().int().optional() }).optional(),
}).strict();
export type PaperJobParams = z.infer<typeof PaperJobParams>;
export const PaperJobResult = z.object({ reportPath: z.string(), datasets: z.record(z.string(), z.number().int()), runs: z.number().int() });

const ComparePath = UserPath;

export const compareCommands = {
  'compare.table': { input: z.object({ datasetId: Id }).strict(), output: CompareTable },
  'compare.evaluate': {
    input: z.object({
      datasetId: Id,
      /** Runs to (re)evaluate; default: every finished run of the dataset not evaluated yet. */
      runIds: z.array(Id).max(500).optional(),
      /**
       * Library collection used as the known-motif database: on real data the reference; on simulated
       * data the whole collection planted motifs are recovered against (needs TF families, e.g.
       * JASPAR CORE in TRANSFAC format; default: the library's collection with families).
       */
      collectionId: Id.nullable().default(null),
      force: z.boolean().default(false),
    }).strict(),
    output: JobInfo,
  },
  'compare.repeat': {
    input: z.object({ datasetId: Id, seeds: z.number().int().min(2).max(10).default(3), collectionId: Id.nullable().default(null) }).strict(),
    output: z.object({ started: z.number(), jobs: z.array(JobInfo), evaluate: JobInfo.nullable() }),
  },
  /** "Reproduce the paper's benchmark": six grammars × models × seeds in the paper regime, evaluated, one HTML report (a resumable job). */
  'compare.paper': {
    input: z.object({
      /** A JASPAR collection of the motif library: the grammars' motifs and the known-motif database. */
      collectionId: Id,
      seeds: z.number().int().min(1).max(10).default(3),
      quick: z.boolean().default(false),
      recipes: z.array(z.string().min(1).max(100)).min(1).max(20).optional(),
      models: z.array(z.enum(MODEL_KINDS)).min(1).max(4).optional(),
    }).strict(),
    output: JobInfo,
  },
  'compare.export': {
    input: z.object({ datasetId: Id, format: z.enum(['csv', 'html']), path: ComparePath.optional(), overwrite: z.boolean().default(false) }).strict(),
    output: z.object({ path: z.string(), bytes: z.number() }),
  },
  'compare.attribute': {
    input: z.object({
      runId: Id,
      datasetId: Id,
      seqIdx: z.number().int().min(0),
      method: AttributionMethodId,
      task: z.number().int().min(0).max(63).default(0),
      steps: z.number().int().min(2).max(1000).optional(),
      reference: z.enum(['zero', 'shuffle']).optional(),
      refs: z.number().int().min(1).max(100).optional(),
      seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
    }).strict(),
    output: JobInfo,
  },
  'compare.attributions': { input: z.object({ runId: Id.optional(), limit: z.number().int().min(1).max(200).default(50) }).strict(), output: z.array(AttributionSummary) },
  'compare.attribution': { input: z.object({ id: Id }).strict(), output: AttributionTrack },
  'compare.discover': {
    input: z.object({
      runId: Id,
      method: AttributionMethodId.default('input_x_gradient'),
      maxSequences: z.number().int().min(10).max(5000).default(300),
      task: z.number().int().min(0).max(63).default(0),
      steps: z.number().int().min(2).max(200).optional(),
      collectionId: Id.nullable().default(null),
    }).strict(),
    output: JobInfo,
  },
} as const satisfies Record<string, { input: z.ZodTypeAny; output: z.ZodTypeAny }>;
