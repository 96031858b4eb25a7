// Hyper-parameters of a training run as a zod schema (bounds + plain-words descriptions the UI shows
// next to each field), shared by the Train form (bounds and the H % NH rule come from here), the
// train.start command (typed overrides), the handler and the train job (src/core/train/config.ts adds
// the presets and makeConfig). Also: which override keys exist, and the form's per-field errors.
import { z } from 'zod';
import { MODEL_KINDS } from './model-kinds';

export const ModelConfigSchema = z.object({
  F: z.number().int().min(1).max(64).default(8).describe('Number of motif filters in the scanner (reverse complements are learned as separate filters).'),
  W: z.number().int().min(6).max(30).default(15).describe('Filter width in bases: the longest motif one filter can capture.'),
  H: z.number().int().min(4).max(256).default(32).describe('Token width of the syntax builder (must be divisible by the number of heads).'),
  NH: z.number().int().min(1).max(16).default(4).describe('Attention heads: each head can attend to a different set of motif instances.'),
  S: z.number().int().min(8).max(1024).default(128).describe('Size of the memory stream vector that accumulates what the attention read.'),
  nL: z.number().int().min(1).max(8).default(1).describe('Number of attention layers (rounds of reading the sequence).'),
  released: z.boolean().default(false).describe('Attention as in the authors’ released model: keys are the value projections of the tokens (no separate key weights) and the memory stream starts from a fixed random vector (MODEL.md §6).'),
}).refine((m) => m.H % m.NH === 0, { message: 'H must be divisible by NH', path: ['H'] });

/** Attribution prior (MODEL.md §3), applied to positives only. T null = round(L/7); c null = hard cut-off. */
export const PriorConfigSchema = z.object({
  kind: z.enum(['none', 'fourier', 'tv']).default('none').describe('Attribution prior: none, the Fourier prior (smooth importance) or total variation.'),
  lambda: z.number().min(0).max(1000).default(1).describe('Weight of the prior term in the loss.'),
  T: z.number().int().min(1).max(5000).nullable().default(null).describe('Fourier prior: frequency cut-off (empty = sequence length / 7).'),
  c: z.number().min(0).max(10).nullable().default(0.2).describe('Fourier prior: softness of the cut-off (empty = hard cut-off).'),
  sigma: z.number().min(0).max(20).default(3).describe('Fourier prior: Gaussian smoothing of the attributions (bases).'),
});
export const DEFAULT_PRIOR = { kind: 'none' as const, lambda: 1, T: null, c: 0.2, sigma: 3 };

export const TrainConfigSchema = z.object({
  modelKind: z.enum(MODEL_KINDS).default('argminn').describe('Which model to train: ARGMINN or a baseline (standard CNN, CNN with the overlap/L1 regularisers, ExplaiNN).'),
  prior: PriorConfigSchema.default(DEFAULT_PRIOR),
  preset: z.enum(['standard', 'paper', 'quick', 'custom']).default('paper').describe('Which preset these values started from.'),
  model: ModelConfigSchema.default({ F: 8, W: 15, H: 32, NH: 4, S: 128, nL: 1, released: false }),
  epochs: z.number().int().min(1).max(1000).default(40).describe('Passes over the training set. The regulariser schedule is scaled to this length.'),
  warmupFraction: z.number().min(0).max(1).default(0.25).describe('Share of epochs trained with no regularisation (paper: 10 of 40).'),
  rampFraction: z.number().min(0).max(1).default(0.5).describe('Share of epochs over which the regularisers grow log-linearly (paper: 20 of 40); the rest hold the final values.'),
  batchSize: z.number().int().min(1).max(4096).default(64).describe('Unique sequences per step; each batch is doubled with their reverse complements.'),
  reverseComplement: z.boolean().default(true).describe('Add the reverse complement of every sequence to its batch (same labels).'),
  lr: z.number().min(1e-6).max(1).default(1e-3).describe('Adam learning rate.'),
  clipNorm: z.number().min(1e-3).max(1e3).default(1).describe('Gradients are rescaled so their global norm never exceeds this.'),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1).describe('Random seed: the same seed gives the same initialisation, data order and result.'),
  lambdaOverlap: z.object({
    enabled: z.boolean().default(true).describe('Penalise filters that fire on overlapping positions (one filter = one motif).'),
    log10Start: z.number().min(-10).max(10).default(0.5).describe('log10 of the overlap weight at the start of the ramp.'),
    log10End: z.number().min(-10).max(10).default(5).describe('log10 of the overlap weight at the end of the ramp and afterwards.'),
  }).default({ enabled: true, log10Start: 0.5, log10End: 5 }),
  lambdaL1: z.object({
    enabled: z.boolean().default(true).describe('Penalise the total absolute filter weight (sparser, cleaner motifs).'),
    log10Start: z.number().min(-10).max(10).default(-3).describe('log10 of the L1 weight at the start of the ramp.'),
    log10End: z.number().min(-10).max(10).default(-2).describe('log10 of the L1 weight at the end of the ramp and afterwards.'),
  }).default({ enabled: true, log10Start: -3, log10End: -2 }),
  lambdaEntropy: z.number().min(0).max(100).default(0).describe('Weight of the attention-entropy penalty (sharper attention); applied from the end of the warm-up. Ignored while the entropy ramp is on.'),
  lambdaEntropyRamp: z.object({
    enabled: z.boolean().default(false).describe('Anneal the attention-entropy weight like the other penalties (the paper: 10^-3 → 10^-2); replaces the constant weight.'),
    log10Start: z.number().min(-10).max(10).default(-3).describe('log10 of the attention-entropy weight at the start of the ramp.'),
    log10End: z.number().min(-10).max(10).default(-2).describe('log10 of the attention-entropy weight at the end of the ramp and afterwards.'),
  }).default({ enabled: false, log10Start: -3, log10End: -2 }),
  warmupUntilPlateau: z.object({
    enabled: z.boolean().default(false).describe('Keep the penalties off past the scheduled warm-up while the validation loss is still improving (stop on convergence, not on a fixed epoch count).'),
    patience: z.number().int().min(1).max(50).default(3).describe('The warm-up goes on while the validation loss improved within this many epochs.'),
    maxExtraEpochs: z.number().int().min(0).max(500).default(30).describe('At most this many epochs are added to the warm-up.'),
  }).default({ enabled: false, patience: 3, maxExtraEpochs: 30 }),
  freshData: z.object({
    enabled: z.boolean().default(false).describe('Simulated datasets: draw new training sequences from the dataset’s recipe every epoch (the paper’s regime); validation and test stay fixed. Ignored for other datasets.'),
    stepsPerEpoch: z.number().int().min(1).max(100000).default(100).describe('Batches per epoch when fresh sequences are drawn (paper: 100 batches of 64 + 64 reverse complements, half positives).'),
  }).default({ enabled: false, stepsPerEpoch: 100 }),
  earlyStopping: z.object({
    enabled: z.boolean().default(false).describe('Stop when the validation loss stops improving (counted only once the regulariser weights stop changing); the model kept is the epoch with the best validation loss among those counted.'),
    patience: z.number().int().min(1).max(100).default(3).describe('Epochs without improvement before stopping.'),
    minDelta: z.number().min(0).max(1).default(1e-3).describe('Smallest decrease of the validation loss that counts as an improvement.'),
  }).default({ enabled: false, patience: 3, minDelta: 1e-3 }),
  workers: z.number().int().min(1).max(64).optional().describe('Engine workers that share each batch (data-parallel training): each computes the gradient of its share on its own core. Absent = one. The same seed and worker count give the same weights.'),
  evalBatchSize: z.number().int().min(1).max(8192).default(256).describe('Sequences per batch when scoring validation/test sets.'),
});

export type TrainConfig = z.infer<typeof TrainConfigSchema>;
export type ModelConfig = z.infer<typeof ModelConfigSchema>;


/** A partial config as train.start takes it: any subset of the settings, nested like the config. */
export type DeepPartial<T> = { [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object | null | undefined ? DeepPartial<T[K]> | Extract<T[K], null> : T[K] };
export type TrainOverrides = DeepPartial<z.input<typeof TrainConfigSchema>>;

// train.start's `overrides` must name settings that exist: the config schema alone would drop an
// unknown key silently (and the run would store it as if it had been applied). Walks the overrides
// against TrainConfigSchema's shape, nested objects included, and lists every unknown dotted path.
type AnySchema = z.ZodType;

/** The object shape under defaults/optionals/nullables/pipes, or null for a leaf setting. */
function shapeOf(schema: AnySchema): Record<string, AnySchema> | null {
  let s: unknown = schema;
  for (let i = 0; i < 10 && s; i++) {
    const def = (s as { _zod?: { def?: { type?: string; shape?: Record<string, AnySchema>; innerType?: unknown; in?: unknown } } })._zod?.def;
    if (!def) return null;
    if (def.type === 'object' && def.shape) return def.shape;
    s = def.innerType ?? def.in;
  }
  return null;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Dotted paths of override keys that are not settings (e.g. ['model.Filters', 'learningRate']). */
export function unknownOverrideKeys(overrides: Record<string, unknown>, schema: AnySchema = TrainConfigSchema as AnySchema, prefix = ''): string[] {
  const shape = shapeOf(schema);
  if (!shape) return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(overrides)) {
    const sub = Object.prototype.hasOwnProperty.call(shape, key) ? shape[key] : undefined;
    if (!sub) {
      out.push(prefix + key);
      continue;
    }
    if (isPlainObject(value) && shapeOf(sub)) out.push(...unknownOverrideKeys(value, sub, `${prefix}${key}.`));
  }
  return out;
}

/** The sentence for unknown override keys, or null when every key is a setting. */
export function unknownOverridesMessage(overrides: Record<string, unknown>): string | null {
  const bad = unknownOverrideKeys(overrides);
  if (!bad.length) return null;
  return `Unknown training setting${bad.length > 1 ? 's' : ''}: ${bad.map((k) => `“${k}”`).join(', ')}. Settings are the fields of the Train form, named like model.F, epochs, lr or lambdaOverlap.log10End; nothing was started.`;
}

/**
 * The overrides field of train.start: an object naming only settings of TrainConfigSchema (refused
 * with the list of unknown dotted paths otherwise). Bounds and cross-field rules are checked once,
 * when the handler merges the overrides onto the preset (makeConfig), so the refusal names each
 * field by its label; the value passes through unchanged (it is stored with the run as given).
 */
export const TrainOverrides = z
  .custom<TrainOverrides>((v) => isPlainObject(v), { message: 'overrides must be an object of settings, e.g. { "model": { "F": 12 }, "lr": 0.0005 }' })
  .superRefine((v, ctx) => {
    const msg = unknownOverridesMessage(v as Record<string, unknown>);
    if (msg) ctx.addIssue({ code: 'custom', message: msg });
  });

/** The value at a dotted path of a nested object. */
export function getPath(o: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);
}

/** Flat { 'model.F': 12, lr: 0.001 } values as the nested object the config schema reads. */
export function nestValues(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(values)) {
    const path = key.split('.');
    let o = out;
    for (const k of path.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
    o[path[path.length - 1]] = v;
  }
  return out;
}

/** One short message per bad field of a complete flat set of form values ({ 'model.H': 'at most 256' }),
 * read from TrainConfigSchema's own bounds and refinements (e.g. H divisible by NH). */
export function configFieldErrors(values: Record<string, unknown>): Record<string, string> {
  const r = TrainConfigSchema.safeParse(nestValues(values));
  const out: Record<string, string> = {};
  if (r.success) return out;
  for (const i of r.error.issues) {
    const key = i.path.map(String).join('.');
    if (key in out) continue;
    const v = values[key];
    let msg: string;
    if (typeof v !== 'number' && typeof v !== 'boolean') msg = 'enter a number';
    else if (typeof v === 'number' && !Number.isFinite(v)) msg = 'enter a number';
    else if (i.code === 'invalid_type' && (i as { expected?: string }).expected === 'int') msg = 'whole numbers only';
    else if (i.code === 'too_small') msg = `at least ${String((i as { minimum: number | bigint }).minimum)}`;
    else if (i.code === 'too_big') msg = `at most ${String((i as { maximum: number | bigint }).maximum)}`;
    else if (key === 'model.H' && /divisible/.test(i.message)) msg = 'must be a multiple of the number of attention heads';
    else msg = i.message;
    out[key] = msg;
  }
  return out;
}
