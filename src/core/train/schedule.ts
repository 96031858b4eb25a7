// Regulariser weight annealing by epoch (MODEL.md §1.4): warm-up with all λ = 0, then λ grows as
// 10^linspace(start, end, ramp) (inclusive), then holds 10^end. The "paper" shape is 10/20/10 of 40
// epochs; any epoch count scales the same shape (fractions in the config).
// With `warmupUntilPlateau` on, the warm-up lasts at least its scheduled length and goes on while
// the validation loss is still improving (so penalties never start on a model still learning its
// motifs), by at most `maxExtraEpochs`; ramp and hold follow unchanged. The extension is read from
// the validation history alone, so it is deterministic and a resumed run takes the same decisions.
import type { TrainConfig } from './config';
import type { Lambdas } from '../model/objective';

export type { Lambdas };
export interface Phases { warmup: number; ramp: number; hold: number }
/** Validation losses of finished epochs, in order (epoch 0 first). */
export type ValidHistory = readonly { valid: { loss: number } }[];

type PhaseCfg = Pick<TrainConfig, 'epochs' | 'warmupFraction' | 'rampFraction'> & Partial<Pick<TrainConfig, 'warmupUntilPlateau' | 'earlyStopping'>>;

export function phases(cfg: PhaseCfg, history: ValidHistory = []): Phases {
  const E = cfg.epochs;
  const warmup = Math.min(E, Math.round(E * cfg.warmupFraction));
  const ramp = Math.min(E - warmup, Math.round(E * cfg.rampFraction));
  return { warmup: warmup + warmupExtension(cfg, warmup, history), ramp, hold: E - warmup - ramp };
}

/** Epochs added to the warm-up: +1 for each epoch at its end whose last `patience` epochs still improved the validation loss. */
function warmupExtension(cfg: PhaseCfg, base: number, history: ValidHistory): number {
  const w = cfg.warmupUntilPlateau;
  if (!w?.enabled || base <= 0) return 0;
  const minDelta = cfg.earlyStopping?.minDelta ?? 1e-3;
  let end = base;
  // Decide at the end of epoch end−1 (history known up to it) whether epoch `end` is still warm-up.
  while (end - base < w.maxExtraEpochs && history.length >= end) {
    const losses = history.slice(0, end).map((h) => h.valid.loss);
    const before = Math.min(...losses.slice(0, Math.max(1, end - w.patience)));
    const recent = Math.min(...losses.slice(Math.max(1, end - w.patience)));
    if (!(recent < before - minDelta)) break;
    end++;
  }
  return end - base;
}

/** Total epochs of a run given its history so far (longer than `epochs` once the warm-up was extended). */
export function totalEpochs(cfg: PhaseCfg, history: ValidHistory = []): number {
  const ph = phases(cfg, history);
  return ph.warmup + ph.ramp + ph.hold;
}

function logRamp(t: number, n: number, a: number, b: number): number {
  return Math.pow(10, n <= 1 ? b : a + ((b - a) * t) / (n - 1));
}

/** λ values used during epoch `e` (0-based), given the validation history of the epochs before it. */
export function lambdasAt(e: number, cfg: TrainConfig, history: ValidHistory = []): Lambdas {
  const ph = phases(cfg, history.slice(0, e));
  if (e < ph.warmup) return { ovl: 0, l1: 0, ent: 0 };
  const t = e - ph.warmup;
  const inRamp = t < ph.ramp;
  const val = (on: boolean, a: number, b: number) => (!on ? 0 : inRamp ? logRamp(t, ph.ramp, a, b) : Math.pow(10, b));
  return {
    ovl: val(cfg.lambdaOverlap.enabled, cfg.lambdaOverlap.log10Start, cfg.lambdaOverlap.log10End),
    l1: val(cfg.lambdaL1.enabled, cfg.lambdaL1.log10Start, cfg.lambdaL1.log10End),
    ent: cfg.lambdaEntropyRamp.enabled ? val(true, cfg.lambdaEntropyRamp.log10Start, cfg.lambdaEntropyRamp.log10End) : cfg.lambdaEntropy,
  };
}

/** First epoch whose λ equal the final ones (early stopping counts from here). */
export function holdStart(cfg: TrainConfig, history: ValidHistory = []): number {
  const ph = phases(cfg, history);
  return Math.max(0, ph.warmup + ph.ramp - 1);
}
