// grammar commands (issue 6, "Reading the grammar"): motif instances called from the model's
// attention (jobs, paged table, BED/TSV export, precision/recall vs planted truth and FIMO), the
// track view of one sequence, the syntax explorer (pair statistics, co-occurrence, rules saved in
// the project) and variant effects (VCF + genome or paired FASTA, ranked table, export).
// Merged into the one contract in ./index.ts.
import { z } from 'zod';
import { JobInfo } from './jobs';
import { FilePath } from './projects';

const Id = z.number().int().min(1);
const Strand = z.enum(['+', '-']);
const Orientation = z.enum(['++', '+-', '-+', '--']);
const Written = z.object({ path: z.string(), count: z.number().int() });

const PrPoint = z.object({ k: z.number(), precision: z.number(), recall: z.number(), score: z.number() });
const PrSummary = z.object({
  points: z.array(PrPoint), nTruth: z.number().int(), nCalls: z.number().int(), precisionAtRecall80: z.number().nullable(),
  maxRecall: z.number(), averagePrecision: z.number(),
});
export const InstanceSetMotif = z.object({
  filter: z.number().int(), twin: z.number().int().nullable(), name: z.string(), trimStart: z.number().int(), trimEnd: z.number().int(),
  meanPos: z.number(), passes: z.boolean(), probs: z.array(z.array(z.number())).optional(),
});
export const InstanceSet = z.object({
  id: z.number().int(), runId: z.number().int(), datasetId: z.number().int(), datasetName: z.string(), split: z.string(),
  /** The calling settings as stored (InstancesJobParams plus the attention layout; older sets may lack some). */
  params: z.looseObject({ attentionThreshold: z.number().optional(), activationScale: z.number().optional(), nL: z.number().optional(), NH: z.number().optional() }), motifs: z.array(InstanceSetMotif), nSeqs: z.number().int(), nCalls: z.number().int(), genomic: z.boolean(),
  evaluation: z.object({ model: PrSummary, fimo: PrSummary.nullable(), nTruth: z.number().int() }).nullable(), jobId: z.string().nullable(), createdAt: z.string(),
});
export type InstanceSet = z.infer<typeof InstanceSet>;

export const InstanceRow = z.object({
  id: z.number().int(), seqIdx: z.number().int(), seqName: z.string(), positive: z.boolean(), motif: z.number().int(), motifName: z.string(),
  filter: z.number().int(), start: z.number().int(), end: z.number().int(), strand: Strand, attention: z.number(), activation: z.number(), score: z.number(),
  chrom: z.string().nullable(), gstart: z.number().int().nullable(), gend: z.number().int().nullable(), gstrand: z.string().nullable(),
});
export type InstanceRow = z.infer<typeof InstanceRow>;

export const GrammarRun = z.object({
  id: z.number().int(), name: z.string(), datasetId: z.number().int().nullable(), datasetName: z.string(), seqLength: z.number().int().nullable(),
  hasMotifs: z.boolean(),
});
export type GrammarRun = z.infer<typeof GrammarRun>;

export const TrackData = z.object({
  name: z.string(), sequence: z.string(), prob: z.number(), probBothStrands: z.number(), W: z.number().int(), nL: z.number().int(), NH: z.number().int(), Lp: z.number().int(),
  attention: z.array(z.array(z.number())), pooled: z.array(z.number()),
  filters: z.array(z.object({
    filter: z.number().int(), motif: z.number().int(), name: z.string(), strand: Strand, gate: z.number(), trimStart: z.number().int(), trimEnd: z.number().int(),
    activation: z.array(z.number()),
  })),
  truth: z.array(z.object({ start: z.number().int(), end: z.number().int(), strand: z.string(), name: z.string() })),
  marker: z.number().int().nullable(),
  /** every changed position of a variant pair (the marker is the first) */
  markers: z.array(z.number().int()).optional(),
});
export type TrackData = z.infer<typeof TrackData>;

const Hist = z.object({ pos: z.array(z.number()), ctl: z.array(z.number()) });
export const PairStats = z.object({
  a: z.number().int(), b: z.number().int(), nameA: z.string(), nameB: z.string(),
  hist: z.record(Orientation, Hist), orient: z.record(Orientation, z.object({ pos: z.number(), ctl: z.number() })),
  coocPos: z.number(), coocCtl: z.number(), enrichment: z.number(), pValue: z.number(), coupling: z.array(z.number()).nullable(), bestHead: z.number().int().nullable(),
});
export type PairStats = z.infer<typeof PairStats>;
export const PairSummary = PairStats.omit({ hist: true });
export type PairSummary = z.infer<typeof PairSummary>;

export const Analysis = z.object({
  id: z.number().int(), runId: z.number().int(), setId: z.number().int(), control: z.string(),
  /** The syntax settings as stored (SyntaxJobParams; older analyses may lack some). */
  params: z.looseObject({ minSupport: z.number().optional(), minEnrichment: z.number().optional() }),
  createdAt: z.string(), nPos: z.number().int(), nCtl: z.number().int(), minSpacing: z.number().int(), maxSpacing: z.number().int(),
  motifs: z.array(z.object({ filter: z.number().int(), name: z.string() })),
  cooc: z.object({ pos: z.array(z.array(z.number())), ctl: z.array(z.array(z.number())), log2Enrichment: z.array(z.array(z.number())) }),
  pairs: z.array(PairSummary),
});
export type Analysis = z.infer<typeof Analysis>;

export const Rule = z.object({
  id: z.number().int(), runId: z.number().int(), motifA: z.object({ filter: z.number().int(), name: z.string() }), motifB: z.object({ filter: z.number().int(), name: z.string() }),
  orientation: Orientation, spacingMin: z.number().int(), spacingMax: z.number().int(), spacingMode: z.number().int(), enrichment: z.number(), support: z.number().int(),
  controlSupport: z.number().int(), pValue: z.number(), layer: z.number().int().nullable(), head: z.number().int().nullable(), analysisId: z.number().int().nullable(), saved: z.boolean(),
});
export type Rule = z.infer<typeof Rule>;

const InstanceBrief = z.object({
  motif: z.number().int(), name: z.string(), start: z.number().int(), end: z.number().int(), strand: Strand, activation: z.number(), attention: z.number(),
  otherActivation: z.number().optional(),
});
const MetricsCore = z.object({
  kind: z.enum(['binary', 'continuous', 'allele']), n: z.number().int(), auroc: z.number().nullable(), auprc: z.number().nullable(), pearson: z.number().nullable(), spearman: z.number().nullable(), note: z.string(),
  signAccuracy: z.number().nullable().optional(), nTied: z.number().int().optional(),
});
export const VariantMetrics = MetricsCore.extend({ baseline: z.object({ name: z.string(), metrics: MetricsCore }).nullable().optional() });
export type VariantMetrics = z.infer<typeof VariantMetrics>;
/** A PWM for the baseline (best log-odds difference between alleles). */
const BaselineMotif = z.object({ name: z.string().trim().min(1).max(200), probs: z.array(z.array(z.number().min(0)).length(4)).min(3).max(60) }).strict();
export const VariantSet = z.object({
  id: z.number().int(), runId: z.number().int(), name: z.string(),
  /** Provenance as stored: the request's source (VCF or paired FASTA paths) — free-form per kind. */
  source: z.record(z.string(), z.unknown()),
  params: z.looseObject({ labelKind: z.string().nullable().optional(), window: z.number().nullable().optional() }),
  /** What reading the input found: counts per reason (free-form numbers), notes and the model warning. */
  report: z.looseObject({ warning: z.string().nullable().optional(), notes: z.array(z.string()).optional() }), nVariants: z.number().int(), jobId: z.string().nullable(), createdAt: z.string(),
  metrics: VariantMetrics.nullable(),
});
export type VariantSet = z.infer<typeof VariantSet>;
export const VariantRow = z.object({
  idx: z.number().int(), name: z.string(), chrom: z.string().nullable(), pos: z.number().int().nullable(), ref: z.string(), alt: z.string(), label: z.number().nullable(),
  pRef: z.number(), pAlt: z.number(), delta: z.number(), offset: z.number().int(), lost: z.array(InstanceBrief), gained: z.array(InstanceBrief), rank: z.number().int(),
  /** Paired sequences: every difference, 1-based position in the submitted reference sequence. */
  changes: z.array(z.object({ pos: z.number().int(), ref: z.string(), alt: z.string() })).optional(),
  /** Paired sequences: 1-based position in the submitted sequence of the scored window's first base (≤ 0 when padded). */
  windowStart: z.number().int().optional(),
});
export type VariantRow = z.infer<typeof VariantRow>;

/** The `grammar.instances` job: instance calls of a run over a dataset (maxSequences: internal, tests and benches). */
export const InstancesJobParams = z.object({
  runId: Id, datasetId: Id, split: z.enum(['all', 'train', 'valid', 'test']).default('all'),
  attentionThreshold: z.number().min(0).max(1).default(0.5), activationScale: z.number().min(0).max(100).default(1),
  baseline: z.boolean().default(true), maxSequences: z.number().int().min(1).optional(),
});
export const InstancesJobResult = z.object({ setId: z.number().int(), nSeqs: z.number().int(), nCalls: z.number().int(), seqPerSecond: z.number().nullable(), skippedShort: z.number().int() });
/** The `grammar.syntax` job: pair statistics and rules of an instance set against a control. */
export const SyntaxJobParams = z.object({
  setId: Id, control: z.enum(['negatives', 'shuffled']).default('negatives'),
  minSpacing: z.number().int().min(-20).max(0).default(-3), maxSpacing: z.number().int().min(1).max(500).default(50),
  minSupport: z.number().int().min(1).max(1_000_000).default(10), minEnrichment: z.number().min(1).max(1000).default(2), seed: z.number().int().default(1),
});
export const SyntaxJobResult = z.object({ analysisId: z.number().int(), nRules: z.number().int(), nPairs: z.number().int() });
/** The `variants.score` job: the variants.start request (attentionThreshold: internal). */
export const VariantJobParams = z.object({
  runId: Id, name: z.string().min(1).max(200),
  source: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('vcf'), vcfPath: z.string().min(1), genomePath: z.string().min(1) }),
    z.object({ kind: z.literal('fasta'), refPath: z.string().min(1), altPath: z.string().min(1), genomePath: z.string().nullable().default(null), labelPath: z.string().nullable().default(null), fitWindow: z.boolean().default(true) }),
  ]),
  labelField: z.string().nullable().default(null), window: z.number().int().min(10).max(100_000).nullable().default(null),
  bothStrands: z.boolean().default(true), maxMismatch: z.number().min(0).max(1).default(0.05),
  attentionThreshold: z.number().min(0).max(1).default(0.5),
  baseline: z.object({ name: z.string(), probs: z.array(z.array(z.number())) }).nullable().default(null),
});
export const VariantJobResult = z.object({ setId: z.number().int(), nVariants: z.number().int(), metrics: VariantMetrics.nullable(), warning: z.string().nullable() });

const TrackSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('dataset'), datasetId: Id, idx: z.number().int().min(0) }).strict(),
  z.object({ kind: z.literal('sequence'), text: z.string().min(1).max(25_000), name: z.string().max(200).default('pasted sequence') }).strict(),
  z.object({ kind: z.literal('variant'), setId: Id, idx: z.number().int().min(0), allele: z.enum(['ref', 'alt']) }).strict(),
]);

export const grammarCommands = {
  'grammar.runs': { input: z.object({}).strict(), output: z.array(GrammarRun) },
  // ---- instances ----
  'grammar.instances.start': {
    input: InstancesJobParams.omit({ maxSequences: true }).strict(),
    output: JobInfo,
  },
  'grammar.instances.sets': { input: z.object({ runId: Id.optional() }).strict(), output: z.array(InstanceSet) },
  'grammar.instances.delete': { input: z.object({ setId: Id }).strict(), output: z.object({ ok: z.literal(true) }) },
  'grammar.instances.page': {
    input: z.object({
      setId: Id, offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(50),
      motif: z.number().int().min(0).nullable().default(null), positive: z.boolean().nullable().default(null), seqIdx: z.number().int().min(0).nullable().default(null),
      sort: z.enum(['score', 'attention', 'activation', 'position', 'motif']).default('score'), desc: z.boolean().optional(),
    }).strict(),
    output: z.object({ total: z.number().int(), rows: z.array(InstanceRow) }),
  },
  'grammar.instances.export': {
    input: z.object({ setId: Id, path: FilePath, format: z.enum(['bed', 'tsv']), motif: z.number().int().min(0).nullable().default(null) }).strict(),
    output: Written,
  },
  'grammar.track': {
    input: z.object({ runId: Id, setId: Id.nullable().default(null), source: TrackSource }).strict(),
    output: TrackData,
  },
  // ---- syntax ----
  'grammar.syntax.start': {
    input: SyntaxJobParams.omit({ seed: true }).strict(),
    output: JobInfo,
  },
  'grammar.syntax.list': { input: z.object({ setId: Id.optional() }).strict(), output: z.array(z.object({ id: z.number().int(), setId: z.number().int(), runId: z.number().int(), control: z.string(), createdAt: z.string() })) },
  'grammar.syntax.get': { input: z.object({ analysisId: Id }).strict(), output: Analysis },
  'grammar.syntax.pair': { input: z.object({ analysisId: Id, a: z.number().int().min(0), b: z.number().int().min(0) }).strict(), output: PairStats.nullable() },
  'grammar.rules.list': { input: z.object({ runId: Id.optional(), analysisId: Id.optional(), savedOnly: z.boolean().default(false) }).strict(), output: z.array(Rule) },
  'grammar.rules.save': { input: z.object({ id: Id, saved: z.boolean() }).strict(), output: Rule },
  'grammar.rules.examples': {
    input: z.object({ id: Id, limit: z.number().int().min(1).max(50).default(12) }).strict(),
    output: z.array(z.object({ seqIdx: z.number().int(), seqName: z.string(), datasetId: z.number().int(), calls: z.array(z.object({ motif: z.number().int(), start: z.number().int(), end: z.number().int(), strand: z.string() })) })),
  },
  // ---- variants ----
  'variants.start': {
    input: z.object({
      runId: Id, name: z.string().trim().min(1).max(200),
      source: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('vcf'), vcfPath: FilePath, genomePath: FilePath }).strict(),
        z.object({
          kind: z.literal('fasta'), refPath: FilePath, altPath: FilePath,
          /** genome to pad short pairs with (headers carry chr:start-end); labels from a side table */
          genomePath: FilePath.nullable().default(null), labelPath: FilePath.nullable().default(null),
          /** false: score each pair at its own length instead of the model's trained window */
          fitWindow: z.boolean().default(true),
        }).strict(),
      ]),
      labelField: z.string().trim().max(100).nullable().default(null), window: z.number().int().min(10).max(100_000).nullable().default(null),
      bothStrands: z.boolean().default(true), maxMismatch: z.number().min(0).max(1).default(0.05),
      baseline: BaselineMotif.nullable().default(null),
    }).strict(),
    output: JobInfo,
  },
  'variants.fields': { input: z.object({ vcfPath: FilePath }).strict(), output: z.object({ nSnv: z.number().int(), nIndel: z.number().int(), nOther: z.number().int(), fields: z.array(z.string()) }) },
  'variants.sets': { input: z.object({ runId: Id.optional() }).strict(), output: z.array(VariantSet) },
  'variants.delete': { input: z.object({ setId: Id }).strict(), output: z.object({ ok: z.literal(true) }) },
  'variants.page': {
    input: z.object({
      setId: Id, offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(50),
      sort: z.enum(['abs', 'delta', 'position', 'label']).default('abs'), desc: z.boolean().default(true), search: z.string().max(200).default(''),
    }).strict(),
    output: z.object({ total: z.number().int(), rows: z.array(VariantRow) }),
  },
  'variants.export': { input: z.object({ setId: Id, path: FilePath }).strict(), output: Written },
} as const satisfies Record<string, { input: z.ZodTypeAny; output: z.ZodTypeAny }>;
