// Regulariser weight annealing by epoch (MODEL.md §1.4): warm-up with all λ = 0, then λ grows as
// 10^linspace(start, end, ramp) (inclusive), then holds 10^end. The "paper" shape is 10/20/10 of 40
// epochs; any epoch count scales the same shape (fractions in the config).
import type { TrainConfig } from './config';

export interface Lambdas { ovl: number; l1: number; ent: number }
export interface Phases { warmup: number; ramp: number; hold: number }

export function phases(cfg: Pick<TrainConfig, 'epochs' | 'warmupFraction' | 'rampFraction'>): Phases {
  const E = cfg.epochs;
  const warmup = Math.min(E, Math.round(E * cfg.warmupFraction));
  const ramp = Math.min(E - warmup, Math.round(E * cfg.rampFraction));
  return { warmup, ramp, hold: E - warmup - ramp };
}

function logRamp(t: number, n: number, a: number, b: number): number {
  return Math.pow(10, n <= 1 ? b : a + ((b - a) * t) / (n - 1));
}

/** λ values used during epoch `e` (0-based). */
export function lambdasAt(e: number, cfg: TrainConfig): Lambdas {
  const ph = phases(cfg);
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
export function holdStart(cfg: TrainConfig): number {
  const ph = phases(cfg);
  return Math.max(0, ph.warmup + ph.ramp - 1);
}
