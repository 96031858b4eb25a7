// Design commands: the canvas (palette of a run's motifs, backgrounds, place/move/delete insertions
// with immediate re-scoring by the model, rules of a pair as snapping guides), the designs table
// (page, rename, keep/discard, delete), batch generation (job `design.batch`), vendor profiles
// (list, edit with validation, reset) and export for synthesis (FASTA, GenBank, order CSV/XLSX,
// written server-side with an inclusion report). Merged into the one contract in ./index.ts.
import { z } from 'zod';
import { UserPath } from './paths';
import { JobInfo } from './jobs';

const Id = z.number().int().min(1);
const Strand = z.enum(['+', '-']);
export const DesignOrientation = z.enum(['++', '+-', '-+', '--']);
const DesignName = z.string().trim().min(1, 'a design needs a name').max(120, 'design names are at most 120 characters');
const FilePath = UserPath;
const ProfileId = z.string().min(1).max(120);

export const DesignBackgroundSpec = z.discriminatedUnion('source', [
  z.object({ source: z.literal('sampled'), length: z.number().int().min(20).max(5000), gc: z.number().min(0.05).max(0.95) }).strict(),
  z.object({ source: z.literal('shuffled-negative'), datasetId: Id, seqIdx: z.number().int().min(0).optional() }).strict(),
  z.object({ source: z.literal('shuffled-positive'), datasetId: Id, seqIdx: z.number().int().min(0) }).strict(),
  /** The user's own sequence: lowercase is accepted (made uppercase); IUPAC letters are refused. */
  z.object({ source: z.literal('pasted'), sequence: z.string().min(1).max(20_000), label: z.string().max(120).optional() }).strict(),
]);
export type DesignBackgroundSpec = z.infer<typeof DesignBackgroundSpec>;

/** The `design.batch` job: the design.batch request with its name chosen (see src/core/design/jobs.ts). */
export const BatchJobParams = z.object({
  runId: z.number().int(),
  name: z.string().min(1),
  motifA: z.number().int(),
  motifB: z.number().int(),
  spacingMin: z.number().int().min(0),
  spacingMax: z.number().int().min(0),
  orientations: z.array(DesignOrientation).min(1),
  k: z.number().int().min(1),
  background: z.union([
    z.object({ source: z.literal('sampled'), length: z.number().int(), gc: z.number() }),
    z.object({ source: z.literal('shuffled-negative'), datasetId: z.number().int(), seqIdx: z.number().int().optional() }),
    z.object({ source: z.literal('shuffled-positive'), datasetId: z.number().int(), seqIdx: z.number().int() }),
  ]),
  seed: z.number().int(),
  source: z.enum(['consensus', 'sampled']),
  controls: z.boolean(),
  profileId: z.string(),
});
export const BatchJobResult = z.object({
  batchId: z.number().int(), designs: z.number().int(), rejected: z.number().int(), designsPerSecond: z.number(),
  /** The design the model scores highest (absent when the batch is empty). */
  best: z.object({ name: z.string(), p: z.number() }).optional(),
});

export const DesignBackground = z.object({
  source: z.enum(['shuffled-negative', 'shuffled-positive', 'sampled', 'pasted']),
  seed: z.number(),
  requestedSeed: z.number().optional(),
  gc: z.number().optional(),
  fromSequence: z.string().optional(),
  rejected: z.number().optional(),
  bases: z.string(),
  /** Model-clean start: candidates refused because the model scored them ≥ cleanBelow or called an instance. */
  modelRedraws: z.number().optional(),
  cleanBelow: z.number().optional(),
  /** false when no candidate was clean for the model (the lowest-scoring one was kept). */
  modelClean: z.boolean().optional(),
  /** The model's prediction for the bare background. */
  startPrediction: z.number().nullable().optional(),
});

export const DesignInsertion = z.object({
  motifId: z.string(),
  motifName: z.string(),
  start: z.number(),
  strand: Strand,
  source: z.enum(['consensus', 'sampled']),
  seed: z.number().optional(),
  bases: z.string(),
  scrambled: z.object({ seed: z.number(), originalBases: z.string() }).optional(),
  score: z.number().optional(),
  /** Change in prediction when this motif was placed (or last moved) here. */
  deltaOnInsert: z.number().optional(),
});

export const DesignInstanceCall = z.object({
  motifId: z.number(),
  motifName: z.string(),
  filter: z.number(),
  start: z.number(),
  end: z.number(),
  strand: Strand,
  attention: z.number(),
  activation: z.number(),
});

export const DesignViolation = z.object({
  rule: z.string(),
  message: z.string(),
  start: z.number(),
  end: z.number(),
  target: z.enum(['sequence', 'name']),
  strand: Strand.optional(),
});

export const DesignScoredBy = z.object({ runId: z.number(), runName: z.string(), backend: z.string().nullable(), appVersion: z.string(), at: z.string() });
export const DesignStatus = z.enum(['draft', 'kept', 'discarded']);
export const DesignBatchRole = z.enum(['pair', 'background-only', 'a-alone', 'b-alone', 'a-scrambled', 'b-scrambled']);
export const DesignBatchInfo = z.object({
  rule: z.string(),
  role: DesignBatchRole,
  backgroundIndex: z.number(),
  spacing: z.number().optional(),
  orientation: DesignOrientation.optional(),
});

export const DesignRecord = z.object({
  id: z.number(),
  name: z.string(),
  runId: z.number().nullable(),
  background: DesignBackground,
  insertions: z.array(DesignInsertion),
  sequence: z.string(),
  length: z.number(),
  prediction: z.number().nullable(),
  predictions: z.array(z.number()).nullable(),
  calls: z.array(DesignInstanceCall),
  /** On the synthesized product (5′ adapter + design + 3′ adapter); insertOffset maps back. */
  violations: z.array(DesignViolation),
  insertOffset: z.number(),
  profileId: z.string().nullable(),
  scoredBy: DesignScoredBy.nullable(),
  batchId: z.number().nullable(),
  role: DesignBatchRole.nullable(),
  batchInfo: DesignBatchInfo.nullable(),
  status: DesignStatus,
  appVersion: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Server-side time of the last scoring (ms), for the latency readout. */
  scoreMs: z.number().optional(),
});
export type DesignRecord = z.infer<typeof DesignRecord>;

export const DesignSummary = z.object({
  id: z.number(),
  name: z.string(),
  length: z.number(),
  prediction: z.number().nullable(),
  insertions: z.array(z.object({ motifName: z.string(), start: z.number(), strand: Strand, source: z.string(), scrambled: z.boolean() })),
  nCalls: z.number(),
  nViolations: z.number(),
  background: z.string(),
  batchId: z.number().nullable(),
  role: DesignBatchRole.nullable(),
  spacing: z.number().nullable(),
  orientation: z.string().nullable(),
  status: DesignStatus,
  runName: z.string().nullable(),
  createdAt: z.string(),
});
export type DesignSummary = z.infer<typeof DesignSummary>;

export const DesignPaletteMotif = z.object({
  id: z.number(),
  name: z.string(),
  filter: z.number().nullable(),
  passes: z.boolean(),
  consensus: z.string(),
  probs: z.array(z.array(z.number())),
  width: z.number(),
});

export const DesignRun = z.object({ id: z.number(), name: z.string(), datasetId: z.number().nullable(), datasetName: z.string(), seqLength: z.number().nullable(), hasModel: z.boolean(), nMotifs: z.number(), nPassing: z.number(), nRules: z.number(), W: z.number().nullable() });

export const DesignRule = z.object({
  id: z.number(),
  motifA: z.object({ filter: z.number(), name: z.string(), motifId: z.number().nullable() }),
  motifB: z.object({ filter: z.number(), name: z.string(), motifId: z.number().nullable() }),
  orientation: DesignOrientation,
  spacingMin: z.number(),
  spacingMax: z.number(),
  spacingMode: z.number(),
  enrichment: z.number(),
  support: z.number(),
  saved: z.boolean(),
});

export const DesignGuide = z.object({
  ruleId: z.number(),
  label: z.string(),
  partnerMotifId: z.number().nullable(),
  partnerName: z.string(),
  start: z.number().nullable(),
  strand: Strand,
  side: z.enum(['downstream', 'upstream']),
  partnerIndex: z.number().nullable(),
  spacing: z.number(),
  orientation: DesignOrientation,
  enrichment: z.number(),
});

const Homopolymer = z.object({ bases: z.string(), minRun: z.number() });
export const VendorProfileDto = z.object({
  id: z.string().min(1).max(120),
  name: z.string().min(1).max(120),
  description: z.string().max(2000).optional(),
  length: z.object({ min: z.number(), max: z.number() }).optional(),
  gc: z.object({ min: z.number(), max: z.number() }).optional(),
  gcWindow: z.object({ size: z.number(), min: z.number(), max: z.number() }).optional(),
  homopolymers: z.array(Homopolymer),
  tandemRepeats: z.array(z.object({ unit: z.number(), minCopies: z.number() })),
  forbiddenSites: z.array(z.object({ name: z.string(), site: z.string() })),
  adapters: z.object({ five: z.string(), three: z.string() }),
  names: z.object({ safeChars: z.boolean(), startWithLetter: z.boolean(), unique: z.boolean(), maxLength: z.number().optional() }).optional(),
  order: z.object({ sheetName: z.string(), columns: z.array(z.object({ header: z.string(), value: z.string() })) }),
});
export type VendorProfileDto = z.infer<typeof VendorProfileDto>;

export const DesignExportFormat = z.enum(['fasta', 'genbank', 'csv', 'xlsx']);
export const DesignExportReport = z.object({
  format: DesignExportFormat,
  path: z.string(),
  bytes: z.number(),
  written: z.number(),
  profile: z.string().nullable(),
  excluded: z.array(z.object({ name: z.string(), reasons: z.array(z.string()) })),
  renamed: z.array(z.object({ from: z.string(), to: z.string() })),
  notes: z.array(z.string()),
});
export type DesignExportReport = z.infer<typeof DesignExportReport>;

const EditResult = DesignRecord;
const Profile = z.object({ profileId: ProfileId.default('idt-like-gene-fragment') });

export const designCommands = {
  /** Runs that can score designs, and for the chosen run its motif palette and counts. */
  'design.context': {
    input: z.object({ runId: Id.optional() }).strict(),
    output: z.object({ runs: z.array(DesignRun), runId: z.number().nullable(), motifs: z.array(DesignPaletteMotif), datasets: z.array(z.object({ id: z.number(), name: z.string(), nSeqs: z.number(), seqLength: z.number().nullable() })) }),
  },
  /** Natural sequences of a dataset to shuffle into a background (paged). */
  'design.naturals': {
    input: z.object({ datasetId: Id, kind: z.enum(['positive', 'negative']), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(200).default(50) }).strict(),
    output: z.object({ total: z.number(), rows: z.array(z.object({ idx: z.number(), name: z.string() })) }),
  },
  /** New design on a freshly drawn clean background (rejected draws are counted in background.rejected). */
  'design.create': {
    input: z.object({
      runId: Id, name: DesignName.optional(), background: DesignBackgroundSpec, seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
      /** The bare background must score below this for the model (and have no model call); redrawn otherwise. */
      cleanBelow: z.number().min(0.01).max(0.99).default(0.2),
      ...Profile.shape,
    }).strict(),
    output: EditResult,
  },
  /** What each insertion (Δ if removed) and each rule's pair (Δ if both removed, interaction) contributes to the prediction. */
  'design.contributions': {
    input: z.object({ id: Id }).strict(),
    output: z.object({
      prediction: z.number(),
      items: z.array(z.object({ index: z.number(), without: z.number(), delta: z.number() })),
      pairs: z.array(z.object({ a: z.number(), b: z.number(), rule: z.string(), delta: z.number(), interaction: z.number() })),
    }),
  },
  /** A whole design (with constraint report under the profile). */
  'design.get': { input: z.object({ id: Id, ...Profile.shape }).strict(), output: DesignRecord },
  'design.list': {
    input: z.object({
      offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(50),
      batchId: Id.nullable().optional(), status: z.enum(['draft', 'kept', 'discarded', 'active']).optional(),
      sort: z.enum(['prediction', 'created', 'name', 'spacing']).default('prediction'), desc: z.boolean().default(true),
    }).strict(),
    output: z.object({ total: z.number(), rows: z.array(DesignSummary) }),
  },
  'design.place': {
    input: z.object({ id: Id, motifId: Id, start: z.number().int().min(0), strand: Strand.default('+'), source: z.enum(['consensus', 'sampled']).default('consensus'), seed: z.number().int().min(0).optional(), ...Profile.shape }).strict(),
    output: EditResult,
  },
  'design.move': {
    input: z.object({ id: Id, index: z.number().int().min(0), start: z.number().int().min(0), strand: Strand.optional(), ...Profile.shape }).strict(),
    output: EditResult,
  },
  'design.remove': { input: z.object({ id: Id, index: z.number().int().min(0), ...Profile.shape }).strict(), output: EditResult },
  /** Re-score with the design's run (e.g. after re-training) and re-check. */
  'design.score': { input: z.object({ id: Id, ...Profile.shape }).strict(), output: EditResult },
  /** Learned rules of the run that involve insertion `index`, as snapping guides for the partner. */
  'design.guides': { input: z.object({ id: Id, index: z.number().int().min(0) }).strict(), output: z.array(DesignGuide) },
  /** Place (or move, when partnerIndex is given) the partner motif where the rule says. */
  'design.applyRule': {
    input: z.object({ id: Id, index: z.number().int().min(0), ruleId: Id, partnerIndex: z.number().int().min(0).nullable().optional(), ...Profile.shape }).strict(),
    output: EditResult,
  },
  'design.rules': { input: z.object({ runId: Id }).strict(), output: z.array(DesignRule) },
  'design.rename': { input: z.object({ id: Id, name: DesignName }).strict(), output: z.null() },
  'design.duplicate': { input: z.object({ id: Id, name: DesignName.optional(), ...Profile.shape }).strict(), output: DesignRecord },
  'design.setStatus': { input: z.object({ ids: z.array(Id).min(1).max(100_000), status: DesignStatus }).strict(), output: z.object({ changed: z.number() }) },
  'design.delete': { input: z.object({ ids: z.array(Id).min(1).max(100_000) }).strict(), output: z.object({ deleted: z.number() }) },
  /** Batch: every spacing in a range × orientations for a motif pair, k backgrounds each, plus controls. */
  'design.batch': {
    input: z.object({
      runId: Id, name: z.string().trim().min(1).max(60).regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'batch names start with a letter and use letters, digits, _ . - only').optional(),
      motifA: Id, motifB: Id, spacingMin: z.number().int().min(0).max(500), spacingMax: z.number().int().min(0).max(500),
      orientations: z.array(DesignOrientation).min(1, 'choose at least one orientation'), k: z.number().int().min(1).max(1000),
      background: DesignBackgroundSpec, seed: z.number().int().min(0).max(2 ** 31 - 1).default(1), source: z.enum(['consensus', 'sampled']).default('consensus'),
      controls: z.boolean().default(true), ...Profile.shape,
    }).strict(),
    output: z.object({ job: JobInfo, expected: z.number() }),
  },
  'design.batches': {
    input: z.object({}).strict(),
    output: z.array(z.object({ id: z.number(), name: z.string(), runId: z.number().nullable(), nDesigns: z.number(), createdAt: z.string(), rejected: z.number().nullable(), summary: z.string() })),
  },
  'design.deleteBatch': { input: z.object({ id: Id }).strict(), output: z.null() },
  'design.profiles': { input: z.object({}).strict(), output: z.array(z.object({ profile: VendorProfileDto, builtin: z.boolean(), edited: z.boolean() })) },
  /** Validate and save a profile; a contradictory profile is refused with every problem listed. */
  // profile is checked by the handler, not here, so that a contradictory profile is refused with every problem listed in words.
  'design.saveProfile': { input: z.object({ profile: z.unknown() }).strict(), output: VendorProfileDto },
  'design.resetProfile': { input: z.object({ id: ProfileId }).strict(), output: z.null() },
  /** Preview of what an order under the profile would include (no file written). */
  'design.checkOrder': {
    input: z.object({ ids: z.array(Id).max(100_000), ...Profile.shape }).strict(),
    output: z.object({ included: z.number(), excluded: z.array(z.object({ id: z.number(), name: z.string(), reasons: z.array(z.string()) })), renamed: z.array(z.object({ from: z.string(), to: z.string() })) }),
  },
  'design.export': {
    input: z.object({
      ids: z.array(Id).max(100_000), format: DesignExportFormat, path: FilePath, overwrite: z.boolean().default(false),
      includeAdapters: z.boolean().default(false), ...Profile.shape,
    }).strict(),
    output: DesignExportReport,
  },
  /** A default file path for an export (projects folder, unique). */
  'design.suggestPath': { input: z.object({ format: DesignExportFormat, base: z.string().max(100).optional() }).strict(), output: z.object({ path: z.string() }) },
} as const satisfies Record<string, { input: z.ZodTypeAny; output: z.ZodTypeAny }>;
