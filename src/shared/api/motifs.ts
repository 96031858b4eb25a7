// motifs commands (issue 5, "the motif library"): the app-wide known-motif library (import, browse,
// delete), a project's filter motifs (extract from a run, rename/annotate/star, merge twins, TomTom
// matches), exports (motif files, logos) and FIMO-style scans (start, page, export).
// Merged into the one contract in ./index.ts.
import { z } from 'zod';
import { DEFAULT_SCAN_P } from '../scan-defaults';
import { UserPath } from './paths';
import { JobInfo } from './jobs';

const Id = z.number().int().min(1);
const Matrix = z.array(z.array(z.number()));
const FilePath = UserPath;

export const MotifCollection = z.object({
  id: z.number().int(), name: z.string(), file: z.string(), format: z.string(), count: z.number().int(), importedAt: z.string(),
});
export type MotifCollection = z.infer<typeof MotifCollection>;

export const LibraryMotif = z.object({
  id: z.number().int(), collectionId: z.number().int(), motifId: z.string(), name: z.string(), width: z.number().int(),
  nsites: z.number().nullable(), probs: Matrix, consensus: z.string(),
});
export type LibraryMotif = z.infer<typeof LibraryMotif>;

/** The trust verdict of a learned motif: which of the three conditions failed, with their figures. */
export const MotifTrust = z.object({
  passes: z.boolean(), failed: z.array(z.enum(['informative', 'used', 'enriched'])), trimmedLength: z.number().int(), meanIC: z.number(),
  nSites: z.number().int(), fracPos: z.number(), fracNeg: z.number().nullable(), fisherP: z.number().nullable(), reasons: z.array(z.string()),
  /** Fires significantly more often in negatives: perhaps a repressor's motif (it does not pass). */
  repressing: z.boolean(),
});
export type MotifTrust = z.infer<typeof MotifTrust>;

export const MotifGroup = z.object({
  repId: z.number().int(),
  members: z.array(z.object({ id: z.number().int(), filterIndex: z.number().int(), strand: z.enum(['+', '-']), similarity: z.number().nullable() })),
});
export type MotifGroup = z.infer<typeof MotifGroup>;

/** A learned motif named by its best matches' TF family (JASPAR tf_family / tf_class), e.g. "Ets-related (ELK4, GABPA, ELK1…)". */
export const MotifIdentity = z.object({
  name: z.string(), family: z.string().nullable(), tfClass: z.string().nullable(), tfs: z.array(z.string()),
  best: z.object({ id: z.string(), name: z.string(), p: z.number(), q: z.number(), family: z.string().nullable() }).nullable(),
  significant: z.boolean(), collectionId: z.number().int(), collectionName: z.string(), metric: z.enum(['pearson', 'euclidean', 'sandelin']),
});
export type MotifIdentity = z.infer<typeof MotifIdentity>;

/** One row of a motif's whole TomTom ranking (MEME 4.12 statistic, q by Storey), with the entry's TF family. */
export const RankedMatch = z.object({
  rank: z.number().int(), libraryMotifId: z.number().int(), targetId: z.string(), targetName: z.string(), family: z.string(), tfClass: z.string(),
  p: z.number(), E: z.number(), q: z.number(), offset: z.number().int(), orientation: z.enum(['+', '-']), overlap: z.number().int(),
});
export type RankedMatch = z.infer<typeof RankedMatch>;

export const TfHit = z.object({
  motifId: z.number().int(), displayName: z.string(), filterIndex: z.number().int().nullable(), repId: z.number().int(), trusted: z.boolean(),
  libraryMotifId: z.number().int(), targetId: z.string(), targetName: z.string(), family: z.string(),
  rank: z.number().int(), total: z.number().int(), p: z.number(), q: z.number(), E: z.number(),
});
export type TfHit = z.infer<typeof TfHit>;

export const ProjectMotif = z.object({
  id: z.number().int(), runId: z.number().int().nullable(), filterIndex: z.number().int().nullable(), datasetId: z.number().int().nullable(),
  name: z.string(), defaultName: z.string(), userName: z.string().nullable(), annotation: z.string(), starred: z.boolean(),
  probs: Matrix, weights: Matrix.nullable(), consensus: z.string(), nSites: z.number().int(), maxActivation: z.number(), threshold: z.number(),
  trimStart: z.number().int(), trimEnd: z.number().int(), meanIC: z.number(), passes: z.boolean(), unused: z.boolean(),
  firesPos: z.number().int(), firesNeg: z.number().int(), nPos: z.number().int(), nNeg: z.number().int(),
  rcTwin: z.number().int().nullable(), rcTwinMotifId: z.number().int().nullable(), rcTwinScore: z.number().nullable(),
  mergedInto: z.number().int().nullable(), source: z.string(), createdAt: z.string(),
  /** THE name of the motif on every screen and in every export (shared/motif-name.ts motifDisplayName; equals `name`). */
  displayName: z.string(),
  /** Whether the motif can be trusted: informative AND used AND enriched (core/motifs/trust.ts); `passes` above is only "informative and not unused". */
  trust: MotifTrust,
  /** Filters that learned the same motif (RC twins, shifted or partial copies): the representative and the members (empty when alone). */
  group: MotifGroup,
  /** What the motif is, from its ranking in a library collection (null until compared). */
  identity: MotifIdentity.nullable(),
});
export type ProjectMotif = z.infer<typeof ProjectMotif>;

export const ColumnMetric = z.enum(['pearson', 'euclidean', 'sandelin']);
export type ColumnMetric = z.infer<typeof ColumnMetric>;

/** How TomTom q-values were computed: Storey (π₀ × BH, MEME's default) or Benjamini–Hochberg. */
export const QMethod = z.enum(['storey', 'bh']);
export type QMethod = z.infer<typeof QMethod>;

/**
 * One TomTom match (MEME 4.12's statistic): p = tail of the maximum complete score over all offsets
 * and both strands; E = p × motifs in the collection; q over both orientations of every motif, by
 * `qMethod`; `metric` is the column score used.
 */
export const MotifMatchInfo = z.object({
  libraryMotifId: z.number().int(), targetId: z.string(), targetName: z.string(), p: z.number(), E: z.number(), q: z.number(), qMethod: QMethod,
  offset: z.number().int(), orientation: z.enum(['+', '-']), overlap: z.number().int(), score: z.number(), metric: ColumnMetric,
  targetProbs: Matrix,
});
export type MotifMatchInfo = z.infer<typeof MotifMatchInfo>;

export const MotifRunInfo = z.object({
  runId: z.number().int(), name: z.string(), datasetId: z.number().int().nullable(), datasetName: z.string().nullable(),
  status: z.string(), createdAt: z.string().nullable(), nMotifs: z.number().int(), nPassing: z.number().int(),
});
export type MotifRunInfo = z.infer<typeof MotifRunInfo>;

export const MotifFileFormat = z.enum(['meme', 'jaspar', 'pfm', 'transfac', 'homer']);
export type MotifFileFormat = z.infer<typeof MotifFileFormat>;

export const ScanSourceInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('dataset'), datasetId: Id, split: z.enum(['all', 'train', 'valid', 'test']).default('all') }).strict(),
  z.object({ kind: z.literal('fasta'), path: FilePath }).strict(),
  z.object({ kind: z.literal('sequences'), text: z.string().min(1).max(20_000_000) }).strict(),
]);

/**
 * Scan backgrounds: MEME's default (its NRDB frequencies averaged over both strands), uniform, the
 * scanned sequences' composition, a MEME background file; 'custom' for frequencies given directly.
 */
export const ScanBackgroundKind = z.enum(['meme', 'uniform', 'sequences', 'file', 'custom']);
export type ScanBackgroundKind = z.infer<typeof ScanBackgroundKind>;
/** The background a scan's p-values are under: kind, A,C,G,T frequencies and a label for screens. */
export const ScanBackground = z.object({ kind: ScanBackgroundKind, values: z.array(z.number()).length(4).readonly(), label: z.string(), file: z.string().optional() });
export type ScanBackground = z.infer<typeof ScanBackground>;

const ScanP = z.number().gt(0).max(0.05).default(DEFAULT_SCAN_P);
const MaxHits = z.number().int().min(1).max(5_000_000).default(200_000);
const ExtractMaxSequences = z.number().int().min(10).max(200_000).default(5000);

/** The `motifs.extract` job: the command's request with the dataset and library resolved. */
export const ExtractJobParams = z.object({
  runId: Id,
  datasetId: Id.nullable(),
  maxSequences: ExtractMaxSequences,
  collectionId: Id.nullable(),
  metric: ColumnMetric,
  libraryPath: z.string(),
});
export type ExtractJobParams = z.infer<typeof ExtractJobParams>;
export const ExtractJobResult = z.object({
  runId: z.number().int(), datasetId: z.number().int(), motifIds: z.array(z.number().int()), nFilters: z.number().int(), nPassing: z.number().int(),
  nUnused: z.number().int(), nTwins: z.number().int(), nPositives: z.number().int(), nNegatives: z.number().int(), skippedShort: z.number().int(), matched: z.number().int(),
});

/** The `motifs.scan` job: the command's request with paths resolved, pasted text parsed and a background file read. */
export const ScanJobParams = z.object({
  name: z.string(),
  source: z.union([
    z.object({ kind: z.literal('dataset'), datasetId: z.number().int(), split: z.enum(['all', 'train', 'valid', 'test']) }),
    z.object({ kind: z.literal('fasta'), path: z.string() }),
    z.object({ kind: z.literal('sequences'), seqs: z.array(z.object({ name: z.string(), seq: z.string() })) }),
  ]),
  motifIds: z.array(Id),
  libraryMotifIds: z.array(Id),
  collectionId: Id.nullable(),
  libraryPath: z.string(),
  pThreshold: ScanP,
  bg: z.enum(['meme', 'uniform', 'sequences', 'file']),
  /** With bg 'file': the file's name and its order-0 frequencies as read when the scan was asked for. */
  bgFile: z.string().nullable().default(null),
  bgValues: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable().default(null),
  maxHits: MaxHits,
});
export type ScanJobParams = z.infer<typeof ScanJobParams>;
export const ScanJobResult = z.object({
  scanId: z.number().int(), nHits: z.number().int(), truncated: z.boolean(), tests: z.number(), nMotifs: z.number().int(), nSeqs: z.number().int(),
});

export const ScanInfo = z.object({
  id: z.number().int(), name: z.string(),
  /** Provenance as stored: what was scanned (pasted sequences, a FASTA path, a dataset split) — free-form per kind of input. */
  source: z.record(z.string(), z.unknown()),
  motifs: z.array(z.object({ key: z.string(), id: z.string(), name: z.string(), width: z.number().int() })),
  /** The scan's settings as stored (a scan of an older version may lack some). */
  params: z.looseObject({ pThreshold: z.number().optional(), maxHits: z.number().optional(), bg: z.string().optional() }), background: ScanBackground, nSeqs: z.number().int(), nBases: z.number().int(), nTests: z.number().int(), nHits: z.number().int(),
  truncated: z.boolean(), genomic: z.boolean(), jobId: z.string().nullable(), createdAt: z.string(),
});
export type ScanInfo = z.infer<typeof ScanInfo>;

export const ScanHit = z.object({
  rank: z.number().int(), motifIdx: z.number().int(), seqIdx: z.number().int(), seqName: z.string(), start: z.number().int(), end: z.number().int(),
  strand: z.enum(['+', '-']), score: z.number(), p: z.number(), q: z.number(), matched: z.string(),
  chrom: z.string().nullable(), gstart: z.number().int().nullable(), gend: z.number().int().nullable(), gstrand: z.string().nullable(),
});
export type ScanHit = z.infer<typeof ScanHit>;

const Written = z.object({ path: z.string(), count: z.number().int() });

export const motifsCommands = {
  // ---- app-wide library ----
  'motifs.library.list': { input: z.object({}).strict(), output: z.object({ path: z.string(), collections: z.array(MotifCollection) }) },
  'motifs.library.import': {
    input: z.object({ path: FilePath, name: z.string().trim().max(120).optional(), format: MotifFileFormat.optional() }).strict(),
    output: MotifCollection,
  },
  'motifs.library.rename': { input: z.object({ id: Id, name: z.string().trim().min(1).max(120) }).strict(), output: MotifCollection },
  'motifs.library.delete': { input: z.object({ id: Id }).strict(), output: z.null() },
  'motifs.library.browse': {
    input: z.object({ collectionId: Id, offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(50), search: z.string().max(200).optional() }).strict(),
    output: z.object({ total: z.number().int(), rows: z.array(LibraryMotif) }),
  },
  'motifs.library.get': { input: z.object({ id: Id }).strict(), output: LibraryMotif },

  // ---- project motifs ----
  'motifs.runs': { input: z.object({}).strict(), output: z.array(MotifRunInfo) },
  'motifs.list': {
    input: z.object({ runId: Id.optional(), includeMerged: z.boolean().default(false) }).strict(),
    output: z.array(ProjectMotif),
  },
  'motifs.get': { input: z.object({ id: Id }).strict(), output: ProjectMotif },
  'motifs.update': {
    input: z.object({ id: Id, userName: z.string().max(120).nullable().optional(), annotation: z.string().max(4000).optional(), starred: z.boolean().optional() }).strict(),
    output: ProjectMotif,
  },
  'motifs.merge': {
    input: z.object({ into: Id, from: z.array(Id).min(1).max(64) }).strict(),
    output: z.object({ motif: ProjectMotif, merged: z.array(z.object({ id: z.number().int(), offset: z.number().int(), strand: z.enum(['+', '-']), similarity: z.number() })) }),
  },
  'motifs.extract': {
    input: z.object({
      runId: Id, datasetId: Id.optional(), maxSequences: ExtractMaxSequences,
      collectionId: Id.optional(), metric: ColumnMetric.default('pearson'),
    }).strict(),
    output: JobInfo,
  },
  'motifs.match': {
    input: z.object({
      id: Id, collectionId: Id, metric: ColumnMetric.default('pearson'), qMethod: QMethod.default('storey'), maxResults: z.number().int().min(1).max(50).default(5),
    }).strict(),
    output: z.object({ matches: z.array(MotifMatchInfo), cached: z.boolean(), queryStart: z.number().int(), queryEnd: z.number().int() }),
  },

  /** The whole ranking of a motif's matches, paged (every entry of the collection, best first). */
  'motifs.ranking': {
    input: z.object({ id: Id, collectionId: Id, metric: ColumnMetric.default('pearson'), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(25) }).strict(),
    output: z.object({ total: z.number().int(), rows: z.array(RankedMatch), collectionName: z.string(), metric: ColumnMetric, qMethod: QMethod, queryStart: z.number().int(), queryEnd: z.number().int() }),
  },
  /** "Where is GABPA in my results?": the TF's rank in every motif's ranking of a run, best first. */
  'motifs.findTf': {
    input: z.object({ runId: Id, collectionId: Id, metric: ColumnMetric.default('pearson'), query: z.string().trim().min(1).max(100) }).strict(),
    output: z.object({
      query: z.string(), collectionName: z.string(),
      entries: z.array(z.object({ libraryMotifId: z.number().int(), motifId: z.string(), name: z.string(), family: z.string(), tfClass: z.string() })),
      hits: z.array(TfHit),
    }),
  },
  /** Compare every filter motif of a run with a collection and name them by TF family (the user's own names are kept). */
  'motifs.identify': {
    input: z.object({ runId: Id, collectionId: Id, metric: ColumnMetric.default('pearson') }).strict(),
    output: z.object({ named: z.number().int() }),
  },

  // ---- exports ----
  'motifs.export': {
    input: z.object({
      motifIds: z.array(Id).max(10_000).default([]), libraryMotifIds: z.array(Id).max(10_000).default([]),
      format: MotifFileFormat, path: FilePath, trimmed: z.boolean().default(true), overwrite: z.boolean().default(false),
    }).strict(),
    output: Written,
  },
  'motifs.logoSvg': {
    input: z.object({
      motifId: Id.optional(), libraryMotifId: Id.optional(), kind: z.enum(['pfm', 'weights']).default('pfm'),
      scale: z.enum(['ic', 'prob']).default('ic'), strand: z.enum(['+', '-']).default('+'), trimmed: z.boolean().default(false),
      path: FilePath.optional(), overwrite: z.boolean().default(false),
    }).strict(),
    output: z.object({ svg: z.string(), path: z.string().nullable() }),
  },
  'motifs.savePng': {
    input: z.object({ path: FilePath, base64: z.string().min(1).max(50_000_000), overwrite: z.boolean().default(false) }).strict(),
    output: Written,
  },
  'motifs.suggestPath': { input: z.object({ name: z.string().max(200), ext: z.string().max(10) }).strict(), output: z.object({ path: z.string() }) },

  // ---- scans ----
  'motifs.scan.start': {
    input: z.object({
      name: z.string().trim().max(120).optional(), source: ScanSourceInput,
      motifIds: z.array(Id).max(10_000).default([]), libraryMotifIds: z.array(Id).max(10_000).default([]), collectionId: Id.optional(),
      pThreshold: ScanP,
      /** Default: MEME's (as FIMO); 'file' reads bgFile (MEME background format, order-0 lines used). */
      bg: z.enum(['meme', 'uniform', 'sequences', 'file']).default('meme'), bgFile: FilePath.optional(),
      maxHits: MaxHits,
    }).strict(),
    output: JobInfo,
  },
  'motifs.scan.list': { input: z.object({}).strict(), output: z.array(ScanInfo) },
  'motifs.scan.page': {
    input: z.object({ scanId: Id, offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(50), motifIdx: z.number().int().min(0).optional() }).strict(),
    output: z.object({ total: z.number().int(), rows: z.array(ScanHit) }),
  },
  'motifs.scan.export': {
    input: z.object({ scanId: Id, format: z.enum(['tsv', 'bed']), path: FilePath, overwrite: z.boolean().default(false) }).strict(),
    output: Written,
  },
  'motifs.scan.delete': { input: z.object({ scanId: Id }).strict(), output: z.null() },
} as const satisfies Record<string, { input: z.ZodTypeAny; output: z.ZodTypeAny }>;
