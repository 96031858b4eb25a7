// Data commands: datasets (list, page, one sequence, rename, delete), the import and simulation
// specs that start jobs, the preview statistics, shipped recipes and the first-launch demo.
import { z } from 'zod';
import { FilePath, ProjectInfo } from './projects';
import { JobInfo } from './jobs';

export const DatasetId = z.number().int().min(1);
export const SplitName = z.enum(['train', 'valid', 'test']);
export const DatasetName = z.string().trim().min(1, 'a dataset needs a name').max(120, 'dataset names are at most 120 characters');
const Seed = z.number().int().min(0).max(2 ** 31 - 1);
const ChromList = z.array(z.string().trim().min(1).max(100)).max(200);

export const Histogram = z.object({ edges: z.array(z.number()), positive: z.array(z.number()), negative: z.array(z.number()) });
export const DropItem = z.object({ what: z.string(), reason: z.string(), count: z.number(), detail: z.string().optional() });
/** Everything the preview and the dataset panel show; stored as the dataset's stats. */
export const DatasetStats = z.object({
  total: z.number(),
  positives: z.number(),
  negatives: z.number(),
  counts: z.array(z.object({ split: SplitName, positive: z.number(), negative: z.number(), total: z.number() })),
  /** Per task, per split: sequences labelled 1 / 0 / missing (multi-task data). */
  taskCounts: z.array(z.object({ task: z.string(), split: SplitName, ones: z.number(), zeros: z.number(), missing: z.number() })),
  length: Histogram.extend({ min: z.number(), max: z.number(), mean: z.number() }),
  gc: Histogram.extend({ meanPositive: z.number().nullable(), meanNegative: z.number().nullable() }),
  nFraction: z.number(),
  seqsWithN: z.number(),
  dropped: z.array(DropItem),
  notes: z.array(z.string()),
});
export type DatasetStats = z.infer<typeof DatasetStats>;

/** One input file of a dataset: its role (positives, negatives, test, peaks, genome, motifs), where it was, its format and size. */
export const DatasetSource = z.object({ role: z.string(), path: z.string(), file: z.string(), format: z.string(), sizeBytes: z.number().nullable() });
export type DatasetSource = z.infer<typeof DatasetSource>;

export const DatasetInfo = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.enum(['fasta', 'peaks', 'simulated']),
  nTasks: z.number(),
  taskNames: z.array(z.string()),
  seqLength: z.number().nullable(),
  nSeqs: z.number(),
  /** The input files as recorded when the dataset was made. */
  sources: z.array(DatasetSource),
  /** The request that made the dataset (ImportSpec or SimulateSpec plus the recipe's rule and motifs), shown as provenance. */
  params: z.record(z.string(), z.unknown()),
  seed: z.number().nullable(),
  /** What the preview showed, as stored with the dataset; null for a dataset stored by an older version in another shape. */
  stats: DatasetStats.nullable(),
  genome: z.string().nullable(),
  appVersion: z.string(),
  createdAt: z.string(),
});
export type DatasetInfo = z.infer<typeof DatasetInfo>;

/** Windows cut from peaks: length, centre (narrowPeak summit when present, else the peak centre), jitter. */
export const WindowSpec = z
  .object({
    length: z.number().int().min(20).max(100_000).default(500),
    centre: z.enum(['summit', 'centre']).default('summit'),
    jitter: z.number().int().min(0).max(10_000).default(0),
  })
  .strict();

/** Which column of a sequence table (TSV/CSV, DeepBind .seq.gz) holds what. */
export const TableColumns = z
  .object({
    sequence: z.string().trim().min(1).max(200),
    labels: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
    name: z.string().trim().min(1).max(200).optional(),
    fold: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type TableColumns = z.infer<typeof TableColumns>;

export const ImportSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fasta'), positives: FilePath }).strict(),
  z.object({ kind: z.literal('table'), file: FilePath, columns: TableColumns }).strict(),
  z.object({ kind: z.literal('peaks'), peaks: FilePath, genome: FilePath, window: WindowSpec.default({ length: 500, centre: 'summit', jitter: 0 }) }).strict(),
]);

export const NegativesSpec = z
  .object({
    /** none: positives only (or labels from the file); genomic: GC-matched random windows avoiding every peak (peaks only); shuffle: dinucleotide-shuffled positives; fasta: a user FASTA. */
    mode: z.enum(['none', 'genomic', 'shuffle', 'fasta']),
    ratio: z.number().min(0.01).max(20).default(1),
    fasta: FilePath.optional(),
  })
  .strict()
  .refine((n) => n.mode !== 'fasta' || !!n.fasta, { message: 'choose the FASTA file of negatives', path: ['fasta'] });

export const SplitSpec = z.discriminatedUnion('mode', [
  /** By a table's fold column: folds listed in `test`/`valid` go there, the rest train (a random `validFraction` of it validates when no valid fold is given). */
  z.object({ mode: z.literal('fold'), test: ChromList.default([]), valid: ChromList.default([]), validFraction: z.number().min(0).max(0.5).default(0.1) }).strict(),
  z.object({ mode: z.literal('chromosome'), valid: ChromList.default(['chr8', 'chr10']), test: ChromList.default(['chr1']) }).strict(),
  z
    .object({
      mode: z.literal('random'),
      fractions: z.tuple([z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1)]).default([0.8, 0.1, 0.1]),
    })
    .strict(),
]);

export const ImportSpec = z
  .object({
    name: DatasetName,
    source: ImportSource,
    negatives: NegativesSpec.default({ mode: 'none', ratio: 1 }),
    split: SplitSpec.optional(),
    seed: Seed.default(1),
    /** Sequences with a larger share of N are dropped (and counted). */
    maxNFraction: z.number().min(0).max(1).default(0.1),
    /** Centre-crop / N-pad every given sequence to this length (omitted: keep lengths as they are). */
    fitLength: z.number().int().min(10).max(100_000).optional(),
    /** A separate file (FASTA, or a table with the same columns) that is the whole test set. */
    testFile: FilePath.optional(),
  })
  .strict()
  .refine((s) => s.source.kind === 'peaks' || s.negatives.mode !== 'genomic', {
    message: 'random genomic negatives need peaks and a genome (choose shuffled positives or a FASTA of negatives instead)',
    path: ['negatives', 'mode'],
  });
export type ImportSpec = z.infer<typeof ImportSpec>;

const Arrangement = z.object({ gap: z.tuple([z.number().int().min(0).max(1000), z.number().int().min(0).max(1000)]), orientation: z.enum(['same', 'opposite', 'any']) }).strict();
const StrandRule = z.enum(['+', '-', 'random']).optional();
export const GrammarRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('single'), motif: z.string(), strand: StrandRule, copies: z.tuple([z.number().int().min(1), z.number().int().min(1)]).optional() }).strict(),
  z.object({ kind: z.literal('mixture'), motifs: z.array(z.string()).min(2), strand: StrandRule }).strict(),
  z.object({ kind: z.literal('cooperative'), a: z.string(), b: z.string(), arrangements: z.array(Arrangement).min(1), strand: StrandRule, decoys: z.array(z.enum(['single', 'wrongSpacing'])).optional() }).strict(),
  z.object({ kind: z.literal('fixedSpacing'), a: z.string(), b: z.string(), gap: z.number().int().min(0).max(1000), orientation: z.enum(['same', 'opposite']), strand: StrandRule }).strict(),
  z.object({ kind: z.literal('repressor'), activator: z.string(), repressor: z.string(), strand: StrandRule }).strict(),
]);

export const SimulateSpec = z
  .object({
    name: DatasetName,
    /** A shipped recipe, or `custom` with a rule whose motif keys are motif names or IDs in the file. */
    recipe: z.string().min(1).max(100),
    custom: GrammarRuleSchema.optional(),
    /** Motif file (MEME/JASPAR/TRANSFAC/HOMER); omitted → the bundled demo motifs. */
    motifFile: FilePath.optional(),
    length: z.number().int().min(50).max(10_000).optional(),
    nPositives: z.number().int().min(10).max(500_000).optional(),
    nNegatives: z.number().int().min(10).max(500_000).optional(),
    gc: z.number().min(0.2).max(0.8).optional(),
    decoyFraction: z.number().min(0).max(1).optional(),
    seed: Seed.optional(),
    fractions: z.tuple([z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1)]).default([0.8, 0.1, 0.1]),
  })
  .strict()
  .refine((s) => s.recipe !== 'custom' || !!s.custom, { message: 'a custom simulation needs a rule', path: ['custom'] });
export type SimulateSpec = z.infer<typeof SimulateSpec>;


/** Results of the data jobs (JobInfo.result of a finished job; see ./job-contract.ts). */
export const PreviewJobResult = z.object({ stats: DatasetStats, blockers: z.array(z.string()) });
export const ImportJobResult = z.object({ datasetId: z.number().int(), nSeqs: z.number().int() });
export const SimulateJobResult = ImportJobResult.extend({ instances: z.number().int() });

export const SeqRowInfo = z.object({
  idx: z.number(),
  name: z.string(),
  split: SplitName,
  labels: z.array(z.number()),
  length: z.number(),
  gc: z.number().nullable(),
  nCount: z.number(),
  chrom: z.string().nullable(),
  start: z.number().nullable(),
  end: z.number().nullable(),
  strand: z.string().nullable(),
  origin: z.string(),
});
export const TruthInfo = z.object({
  seqIdx: z.number(), motifId: z.string(), motifName: z.string(), start: z.number(), end: z.number(), strand: z.enum(['+', '-']), role: z.string().nullable().optional(),
});
export const RecipeInfo = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  motifs: z.array(z.object({ key: z.string(), names: z.array(z.string()), id: z.string().optional(), columns: z.tuple([z.number(), z.number()]).optional() })),
  defaults: z.object({ length: z.number(), nPositives: z.number(), nNegatives: z.number(), gc: z.number().optional(), decoyFraction: z.number().optional(), seed: z.number().optional() }),
  demo: z.boolean(),
});
export type RecipeInfo = z.infer<typeof RecipeInfo>;

/** What a picked file is (data.inspect): FASTA, BED, a sequence table (DeepBind flagged), a genome. */
export const FileInspection = z.object({
  path: z.string(),
  kind: z.enum(['fasta', 'bed', 'table', 'genome', 'unknown']),
  deepbind: z.boolean(),
  delimiter: z.enum(['tab', 'comma', 'semicolon']).nullable(),
  hasHeader: z.boolean(),
  columns: z.array(z.string()),
  proposed: TableColumns.nullable(),
  rows: z.array(z.array(z.string())),
  lengths: z.object({ min: z.number(), max: z.number(), n: z.number() }).nullable(),
  folds: z.array(z.string()),
  summary: z.string(),
});
export type FileInspection = z.infer<typeof FileInspection>;

export const HoldoutProposal = z.object({ mode: z.enum(['chromosome', 'random']), valid: z.array(z.string()), test: z.array(z.string()), reason: z.string() });
export type HoldoutProposal = z.infer<typeof HoldoutProposal>;

const byId = z.object({ id: DatasetId }).strict();

export const dataCommands = {
  'data.list': { input: z.object({}).strict(), output: z.array(DatasetInfo) },
  'data.get': { input: byId, output: DatasetInfo },
  'data.page': {
    input: z.object({ id: DatasetId, offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(50), split: SplitName.optional() }).strict(),
    output: z.object({ total: z.number(), rows: z.array(SeqRowInfo) }),
  },
  'data.sequence': {
    input: z.object({ id: DatasetId, idx: z.number().int().min(0) }).strict(),
    output: z.object({ idx: z.number(), name: z.string(), letters: z.string(), truncated: z.boolean(), length: z.number(), truth: z.array(TruthInfo) }),
  },
  'data.truth': { input: z.object({ id: DatasetId, idx: z.number().int().min(0) }).strict(), output: z.array(TruthInfo) },
  'data.rename': { input: z.object({ id: DatasetId, name: DatasetName }).strict(), output: DatasetInfo },
  'data.delete': { input: byId, output: z.null() },
  /** Starts a `data.preview` job: the result is DatasetStats (nothing is written). */
  'data.preview': { input: ImportSpec, output: JobInfo },
  /** Starts a `data.import` job: its result is ImportJobResult. */
  'data.import': { input: ImportSpec, output: JobInfo },
  'data.simulate': { input: SimulateSpec, output: JobInfo },
  'data.recipes': { input: z.object({}).strict(), output: z.array(RecipeInfo) },
  /** One-click fix for mixed lengths: re-import a dataset from its own files and settings, every sequence centre-cropped/N-padded to `length` (a `data.import` job; the original stays). */
  'data.refit': { input: z.object({ id: DatasetId, length: z.number().int().min(10).max(100_000), name: DatasetName.optional() }).strict(), output: JobInfo },
  /** Looks at the first rows of a file: what it is and how its columns map (fast; nothing is written). */
  'data.inspect': { input: z.object({ path: FilePath }).strict(), output: FileInspection },
  /** The genome's chromosomes and held-out chromosomes proposed from them (and from the peaks, when given). */
  'data.genomeChroms': {
    input: z.object({ genome: FilePath, peaks: FilePath.optional() }).strict(),
    output: z.object({ chroms: z.array(z.object({ name: z.string(), length: z.number(), peaks: z.number().nullable() })), proposal: HoldoutProposal }),
  },
  /** Creates (and opens) the project “Cisgram demo” and starts simulating its dataset. */
  'data.createDemo': { input: z.object({ dir: FilePath.optional() }).strict(), output: z.object({ project: ProjectInfo, job: JobInfo }) },
} as const satisfies Record<string, { input: z.ZodTypeAny; output: z.ZodTypeAny }>;
