// The model kinds a run can train and their labels: the one list and the one label table, used by
// the contract (src/shared/api), the engine (src/core/model/kinds.ts re-exports it; run store,
// training config, comparisons) and the renderer. 'cnn_reg' is the standard CNN trained with
// ARGMINN's overlap + L1 regularisers (the ablation). Adding a kind starts here.

export const MODEL_KINDS = ['argminn', 'cnn', 'cnn_reg', 'explainn'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

/** Short labels (tables, run names, pickers). */
export const MODEL_KIND_LABELS: Record<ModelKind, string> = {
  argminn: 'ARGMINN',
  cnn: 'Standard CNN',
  cnn_reg: 'CNN + overlap/L1',
  explainn: 'ExplaiNN',
};

/** The label of a kind, or the stored string itself when it is not a kind this version knows. */
export const modelKindLabel = (kind: string): string => (MODEL_KIND_LABELS as Record<string, string>)[kind] ?? kind;
