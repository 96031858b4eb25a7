// The attention layout (layers × heads) of a SeqModel that has one — ARGMINN; the baselines have
// none. Kept apart from registry.ts so that callers do not load TensorFlow.js to read two numbers.
import type { SeqModel } from './registry';

/** nL, NH and nL × NH of a model with attention; a clear error for a kind without. */
export function attentionLayout(model: SeqModel): { nL: number; NH: number; heads: number } {
  const { nL, NH } = model.config;
  if (nL === undefined || NH === undefined) throw new Error('this model has no attention map (only ARGMINN has one)');
  return { nL, NH, heads: nL * NH };
}
