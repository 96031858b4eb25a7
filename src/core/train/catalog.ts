// The hyper-parameter catalog the Train screen shows: for every editable setting its label, group,
// plain-words explanation, bounds (read from TrainConfigSchema so they never drift) and its value
// in each preset; plus the presets and model kinds. Pure data: safe in the main process.
import { z } from 'zod';
import { TrainConfigSchema, PRESETS, makeConfig, type TrainConfig, type PresetName } from './config';
import { phases, lambdasAt } from './schedule';
import { MODEL_KIND_LABELS, type ModelKind } from '../model/kinds';

export type FieldType = 'int' | 'number' | 'boolean';
export interface FieldSpec {
  key: string;           // dotted path into TrainConfig, e.g. 'model.F'
  label: string;
  group: string;
  type: FieldType;
  min: number | null;
  max: number | null;
  /** Suggested input step. */
  step: number | null;
  help: string;
  /** The engine's own one-line description (technical). */
  detail: string;
  defaults: Record<PresetName, number | boolean>;
}
export interface PresetSpec { id: PresetName; label: string; summary: string; epochs: number; phases: { warmup: number; ramp: number; hold: number } }
export interface ModelKindSpec { id: ModelKind; label: string; available: boolean; summary: string }

type Plain = Omit<FieldSpec, 'type' | 'min' | 'max' | 'detail' | 'defaults'>;

const FIELDS: Plain[] = [
  // Model shape
  { key: 'model.F', label: 'Motif filters (F)', group: 'Model shape', step: 1,
    help: 'How many motif detectors the model has. A motif and its reverse complement each take one, so 8 filters can hold about 4 motifs. More filters find more motifs but train slower and repeat themselves more.' },
  { key: 'model.W', label: 'Filter width (W, bases)', group: 'Model shape', step: 1,
    help: 'The longest motif one filter can see. Most transcription-factor motifs are 6–20 bases; 15 covers most. Every sequence must be at least this long.' },
  { key: 'model.H', label: 'Token width (H)', group: 'Model shape', step: 4,
    help: 'Size of the summary of each position that the attention reads. Must be a multiple of the number of attention heads. Larger gives more capacity and is slower.' },
  { key: 'model.NH', label: 'Attention heads', group: 'Model shape', step: 1,
    help: 'Each head can look at a different group of motif sites at the same time, for example one head per partner in a motif pair.' },
  { key: 'model.S', label: 'Memory size (S)', group: 'Model shape', step: 8,
    help: 'Size of the memory that collects what the attention has read, before the prediction is made.' },
  { key: 'model.nL', label: 'Attention layers', group: 'Model shape', step: 1,
    help: 'How many rounds the model reads the sequence. One is enough for single motifs and simple pairs; more rounds can capture longer grammars but train slower.' },
  { key: 'model.released', label: 'Released attention variant', group: 'Model shape', step: null,
    help: 'Uses the attention exactly as in the authors’ published code rather than as written in their paper: the motif sites are compared with the model’s question through the same weights that read them out, and the memory starts from a fixed random vector. Off by default; Compare both on your data.' },
  // Training
  { key: 'epochs', label: 'Epochs', group: 'Training', step: 1,
    help: 'How many times the model sees the whole training set. The penalty schedule below stretches to fit this number.' },
  { key: 'batchSize', label: 'Batch size', group: 'Training', step: 8,
    help: 'Sequences per learning step (each one is also shown as its reverse complement). Larger batches are faster per sequence but need more memory; if memory runs out, Cisgram halves the batch and tells you.' },
  { key: 'lr', label: 'Learning rate', group: 'Training', step: null,
    help: 'How big each learning step is. If the loss jumps around or training stops with “loss became NaN”, try a lower value such as 0.0003.' },
  { key: 'clipNorm', label: 'Step size limit (gradient clip)', group: 'Training', step: null,
    help: 'Caps how far one learning step can move the model, which keeps training stable. Rarely needs changing.' },
  { key: 'reverseComplement', label: 'Learn from both strands', group: 'Training', step: null,
    help: 'Shows every sequence also as its reverse complement, with the same label. Keep on for DNA binding data, where strand is arbitrary.' },
  // Penalties
  { key: 'warmupFraction', label: 'Warm-up share of epochs', group: 'Penalty schedule (λ)', step: 0.05,
    help: 'Share of epochs trained with no penalties, so the model first learns to predict at all (paper: 10 of 40 epochs = 0.25).' },
  { key: 'rampFraction', label: 'Ramp share of epochs', group: 'Penalty schedule (λ)', step: 0.05,
    help: 'Share of epochs over which the penalties grow from their start to their end weight (paper: 20 of 40 = 0.5). The remaining epochs hold the end weight.' },
  { key: 'lambdaOverlap.enabled', label: 'Overlap penalty', group: 'Penalty schedule (λ)', step: null,
    help: 'Pushes each filter to capture one whole motif instead of pieces of several — ARGMINN’s key idea for readable motifs. Turn off only to compare.' },
  { key: 'lambdaOverlap.log10Start', label: 'Overlap weight at ramp start (log₁₀)', group: 'Penalty schedule (λ)', step: 0.5,
    help: 'Written as a power of ten: 0.5 means 10^0.5 ≈ 3.' },
  { key: 'lambdaOverlap.log10End', label: 'Overlap weight at ramp end (log₁₀)', group: 'Penalty schedule (λ)', step: 0.5,
    help: 'Written as a power of ten: 5 means 100 000. Held for the rest of training.' },
  { key: 'lambdaL1.enabled', label: 'Sparsity (L1) penalty', group: 'Penalty schedule (λ)', step: null,
    help: 'Pulls filter weights towards zero so motifs come out clean, with empty flanks.' },
  { key: 'lambdaL1.log10Start', label: 'Sparsity weight at ramp start (log₁₀)', group: 'Penalty schedule (λ)', step: 0.5,
    help: 'Written as a power of ten: −3 means 0.001.' },
  { key: 'lambdaL1.log10End', label: 'Sparsity weight at ramp end (log₁₀)', group: 'Penalty schedule (λ)', step: 0.5,
    help: 'Written as a power of ten: −2 means 0.01. Held for the rest of training.' },
  { key: 'lambdaEntropy', label: 'Attention sharpness weight', group: 'Penalty schedule (λ)', step: 0.01,
    help: 'Encourages the attention to focus on few positions. 0 (off) by default; applied after the warm-up when set.' },
  { key: 'lambdaEntropyRamp.enabled', label: 'Attention sharpness ramp', group: 'Penalty schedule (λ)', step: null,
    help: 'Grows the attention-sharpness weight with the other penalties instead of keeping it constant (the paper: from 0.001 to 0.01).' },
  { key: 'lambdaEntropyRamp.log10Start', label: 'Sharpness weight at ramp start (log₁₀)', group: 'Penalty schedule (λ)', step: 0.5,
    help: 'Written as a power of ten: −3 means 0.001.' },
  { key: 'lambdaEntropyRamp.log10End', label: 'Sharpness weight at ramp end (log₁₀)', group: 'Penalty schedule (λ)', step: 0.5,
    help: 'Written as a power of ten: −2 means 0.01. Held for the rest of training.' },
  // Data
  { key: 'warmupUntilPlateau.enabled', label: 'Warm up until the model stops improving', group: 'Penalty schedule (λ)', step: null,
    help: 'Keeps the penalties off after the scheduled warm-up for as long as the validation loss is still improving, so they never start while the model is still finding its motifs. The run then takes a few more epochs.' },
  { key: 'warmupUntilPlateau.patience', label: 'Warm-up patience (epochs)', group: 'Penalty schedule (λ)', step: 1,
    help: 'The warm-up goes on while the validation loss improved within this many epochs.' },
  { key: 'warmupUntilPlateau.maxExtraEpochs', label: 'Longest warm-up extension (epochs)', group: 'Penalty schedule (λ)', step: 5,
    help: 'At most this many epochs are added to the warm-up.' },
  { key: 'freshData.enabled', label: 'Fresh simulated sequences every epoch', group: 'Training', step: null,
    help: 'For simulated datasets only: every epoch draws new training sequences from the dataset’s recipe, as the paper did, so the model cannot memorise a fixed set. Validation and test sequences stay the same. Has no effect on your own data.' },
  { key: 'freshData.stepsPerEpoch', label: 'Steps per epoch (fresh sequences)', group: 'Training', step: 10,
    help: 'How many batches make one epoch when fresh sequences are drawn (paper: 100 batches of 64 sequences, half positives).' },
  // Early stopping
  { key: 'earlyStopping.enabled', label: 'Stop early', group: 'Early stopping', step: null,
    help: 'Stops when the validation loss has not improved for a few epochs, and keeps the best epoch’s weights. Counting starts only once the penalties stop growing, because the loss rises while they grow.' },
  { key: 'earlyStopping.patience', label: 'Patience (epochs)', group: 'Early stopping', step: 1,
    help: 'How many epochs without improvement to wait before stopping.' },
  { key: 'earlyStopping.minDelta', label: 'Smallest improvement', group: 'Early stopping', step: null,
    help: 'A drop in validation loss smaller than this does not count as an improvement.' },
  // Reproducibility
  { key: 'seed', label: 'Random seed', group: 'Reproducibility', step: 1,
    help: 'The same seed, data, settings and compute backend give exactly the same model. Train with 2–3 seeds to see which motifs are stable.' },
  { key: 'evalBatchSize', label: 'Scoring batch size', group: 'Reproducibility', step: 64,
    help: 'Sequences per batch when scoring the validation and test sets. Changes memory use and speed only.' },
];

/** The zod schema of a dotted path (defaults unwrapped). */
function schemaAt(path: string): z.ZodType {
  let s: z.ZodType = TrainConfigSchema;
  for (const seg of path.split('.')) {
    while (s instanceof z.ZodDefault) s = s.unwrap() as z.ZodType;
    s = (s as z.ZodObject<z.ZodRawShape>).shape[seg] as z.ZodType;
    if (!s) throw new Error(`no config field ${path}`);
  }
  return s;
}

export function getPath(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

/** Every leaf path of a config object (except 'preset'). */
export function leafPaths(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' && !Array.isArray(v) ? leafPaths(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  ).filter((p) => p !== 'preset' && p !== 'modelKind' && !p.startsWith('prior.')); // model and prior are chosen outside the settings list (model picker, Compare screen)
}

export function fieldCatalog(): FieldSpec[] {
  const quick = makeConfig('quick'), paper = makeConfig('paper'), standard = makeConfig('standard');
  return FIELDS.map((f) => {
    const wrapped = schemaAt(f.key);
    let inner: z.ZodType = wrapped;
    while (inner instanceof z.ZodDefault) inner = inner.unwrap() as z.ZodType;
    const detail = wrapped.description ?? inner.description ?? '';
    if (inner instanceof z.ZodBoolean) {
      return { ...f, type: 'boolean', min: null, max: null, detail, defaults: { standard: getPath(standard, f.key) as boolean, quick: getPath(quick, f.key) as boolean, paper: getPath(paper, f.key) as boolean } };
    }
    if (!(inner instanceof z.ZodNumber)) throw new Error(`config field ${f.key} is neither a number nor a boolean`);
    const fin = (v: number | null) => (v !== null && Number.isFinite(v) ? v : null);
    return {
      ...f, type: inner.isInt ? 'int' : 'number', min: fin(inner.minValue), max: fin(inner.maxValue), detail,
      defaults: { standard: getPath(standard, f.key) as number, quick: getPath(quick, f.key) as number, paper: getPath(paper, f.key) as number },
    };
  });
}

export function presetCatalog(): PresetSpec[] {
  const mk = (id: PresetName, label: string, summary: string): PresetSpec => {
    const c = makeConfig(id);
    return { id, label, summary, epochs: c.epochs, phases: phases(c) };
  };
  void PRESETS;
  return [
    mk('standard', 'Standard', 'The default for your own data: the paper’s penalty schedule, but the penalties stay off until the model stops improving (up to 30 extra epochs) and training stops early once it no longer improves, keeping the best epoch. Real data can sit on a plateau for a dozen epochs before the model finds its motif; this preset waits for it. Takes as long as it needs: about as long as Paper, longer on hard data.'),
    mk('quick', 'Quick', 'A first look in minutes: 12 epochs (3 warm-up, 6 ramp, 3 hold) on the fixed training split, with gentler penalties than the paper (overlap weight up to 10³, L1 1e-3) so that filters keep their motifs on small data. What it trades away: on harder data (long sequences, weak motifs) 12 epochs can end before the model finds any motif, and its motifs are less clean and more repeated than the paper regime’s. Use it to check a dataset (on the demo it learned the TAL1 E-box but not GATA1 in 2 of 2 seeds); use Paper before trusting motifs.'),
    mk('paper', 'Paper', 'The published ARGMINN regime: 40 epochs (10 with no penalties, 20 ramping the overlap, sparsity and attention-sharpness penalties, 10 holding them), stopping early when validation stops improving and keeping the best epoch. On simulated datasets every epoch draws new sequences from the recipe (100 batches of 64), as the paper did. The default for simulated data; about three times as long as Quick.'),
  ];
}

/** The model picker of the Train form: every kind with its label (src/shared/model-kinds.ts) and a summary. */
export const MODEL_KIND_CATALOG: ModelKindSpec[] = [
  { id: 'argminn', label: MODEL_KIND_LABELS.argminn, available: true, summary: 'Interpretable model: motif filters read by attention. Motifs and their syntax are read straight from it.' },
  { id: 'cnn', label: `${MODEL_KIND_LABELS.cnn} (baseline)`, available: true, summary: 'For comparison: 3 conv layers (8 filters; widths 10/5/5), max-pool 40, dense 10 → 5. Motifs are read from its first-layer filters. The model-shape settings above do not apply.' },
  { id: 'cnn_reg', label: `${MODEL_KIND_LABELS.cnn_reg} (baseline)`, available: true, summary: 'The ablation: the standard CNN trained with ARGMINN’s overlap and sparsity penalties (same schedule).' },
  { id: 'explainn', label: `${MODEL_KIND_LABELS.explainn} (baseline)`, available: true, summary: 'For comparison: 8 independent units (one 19-bp filter each → exp → pool → small network), summed by a linear layer.' },
];

const LABELS = new Map([...FIELDS.map((f) => [f.key, f.label] as const), ['workers', 'Engine workers'] as const]); // workers: set in the form's Compute box, not a preset field

/** Turns a ZodError from makeConfig into one sentence naming fields by their labels. */
export function describeConfigError(e: z.ZodError): string {
  return e.issues
    .map((i) => {
      const path = i.path.map(String).join('.');
      const label = LABELS.get(path) ?? (path || 'settings');
      const msg = path === 'model.H' && /divisible/.test(i.message) ? 'must be a multiple of the number of attention heads' : i.message.replace(/^Too (small|big): expected number to be /, 'must be ').replace(/^must be >=\s*/, 'must be at least ').replace(/^must be <=\s*/, 'must be at most ').replace(/^must be >\s*/, 'must be more than ').replace(/^must be <\s*/, 'must be less than ');
      return `${label}: ${msg}`;
    })
    .join('; ');
}

/** Planned λ per epoch (1-based) for a config: what the schedule chart draws. */
export function plannedSchedule(cfg: TrainConfig): { epoch: number; ovl: number; l1: number; ent: number }[] {
  return Array.from({ length: cfg.epochs }, (_, e) => ({ epoch: e + 1, ...lambdasAt(e, cfg) }));
}
