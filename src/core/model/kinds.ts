// Model kinds a run can train, as plain data (no tfjs: safe in the main process): the list and labels
// (from src/shared/model-kinds.ts, the one source) and the shortest sequence each kind can read at
// its default shape. Constructors live in ./registry.ts.
import type { ModelKind } from '../../shared/model-kinds';

export { MODEL_KINDS, MODEL_KIND_LABELS, modelKindLabel, type ModelKind } from '../../shared/model-kinds';

/** CNN: three valid convolutions (10, 5, 5) then one full max-pool window of 40; ExplaiNN: 19 + pool 7 − 1. */
export const BASELINE_MIN_LENGTH = { cnn: 9 + 4 + 4 + 40, explainn: 18 + 7 } as const;

/** Shortest sequence a kind can read (ARGMINN: its filter width W). */
export function minLength(kind: ModelKind, argminnW: number): number {
  if (kind === 'cnn' || kind === 'cnn_reg') return BASELINE_MIN_LENGTH.cnn;
  if (kind === 'explainn') return BASELINE_MIN_LENGTH.explainn;
  return argminnW;
}

/** Baselines train without ARGMINN's penalties except the ablation 'cnn_reg', which keeps them. */
export function usesOverlapPenalties(kind: ModelKind): boolean {
  return kind === 'argminn' || kind === 'cnn_reg';
}
