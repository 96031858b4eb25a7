// The numeric columns of the Compare table, one definition for the engine (table, CSV, report) and the
// screen: key, header, accessor over a run's figures, digits, and whether the column needs ground truth.
import type { CompareMetrics } from './api/compare';

export interface CompareColumnDef { key: string; label: string; get: (m: CompareMetrics) => number | null; digits: number; truthOnly?: boolean }

const recovered = (m: CompareMetrics) => m.strict ? (m.strict.recovery?.recovered ?? m.strict.known?.distinct ?? null) : null;
const inst = (m: CompareMetrics, k: 'model' | 'attention' | 'fimoModel' | 'fimoTrue') => m.strict?.instances?.[k] ?? null;
const ruleFound = (m: CompareMetrics) => { const f = m.strict?.rule?.found; return f === true ? 1 : f === false ? 0 : null; };

/**
 * Numeric columns of the table: key, header, accessor. Motif and instance columns read the strict
 * figures only (MODEL.md §6); rows evaluated before them show no value there.
 */
export const COLUMNS: CompareColumnDef[] = [
  { key: 'accuracy', label: 'Test accuracy', get: (m) => m.test?.accuracy ?? null, digits: 3 },
  { key: 'auroc', label: 'Test auROC', get: (m) => m.test?.auroc ?? null, digits: 3 },
  { key: 'auprc', label: 'Test auPRC', get: (m) => m.test?.auprc ?? null, digits: 3 },
  { key: 'passing', label: 'Motifs passing', get: (m) => m.motifs.passing, digits: 0 },
  { key: 'used', label: 'Filters used', get: (m) => m.strict?.usage.used ?? null, digits: 0 },
  { key: 'relevant', label: 'Motifs recovered', get: recovered, digits: 0 },
  { key: 'redundancy', label: 'Redundancy', get: (m) => m.strict ? (m.strict.recovery?.redundancy ?? m.strict.known?.redundancy ?? null) : null, digits: 2 },
  { key: 'extraneous', label: 'Extraneous', get: (m) => m.strict ? (m.strict.recovery?.extraneous ?? m.strict.known?.extraneous ?? null) : null, digits: 0 },
  { key: 'truthSimilarity', label: 'Similarity to truth', get: (m) => m.truthSimilarity, digits: 2, truthOnly: true },
  { key: 'p80', label: 'Precision at recall 0.8', get: (m) => inst(m, 'model')?.precisionAtRecall80 ?? null, digits: 2, truthOnly: true },
  { key: 'recallAtN', label: 'Top-k recall, k = planted sites', get: (m) => inst(m, 'model')?.recallAtN ?? null, digits: 2, truthOnly: true },
  { key: 'attP80', label: 'Attention calls: precision at recall 0.8', get: (m) => inst(m, 'attention')?.precisionAtRecall80 ?? null, digits: 2, truthOnly: true },
  { key: 'attRecallAtN', label: 'Attention calls: top-k recall', get: (m) => inst(m, 'attention')?.recallAtN ?? null, digits: 2, truthOnly: true },
  { key: 'fimoModelP80', label: 'FIMO, model motifs: precision at recall 0.8', get: (m) => inst(m, 'fimoModel')?.precisionAtRecall80 ?? null, digits: 2, truthOnly: true },
  { key: 'fimoModelRecallAtN', label: 'FIMO, model motifs: top-k recall', get: (m) => inst(m, 'fimoModel')?.recallAtN ?? null, digits: 2, truthOnly: true },
  { key: 'fimoTrueP80', label: 'FIMO, true motifs: precision at recall 0.8', get: (m) => inst(m, 'fimoTrue')?.precisionAtRecall80 ?? null, digits: 2, truthOnly: true },
  { key: 'fimoTrueRecallAtN', label: 'FIMO, true motifs: top-k recall', get: (m) => inst(m, 'fimoTrue')?.recallAtN ?? null, digits: 2, truthOnly: true },
  { key: 'ruleFound', label: 'Planted rule found (1 = yes)', get: ruleFound, digits: 2, truthOnly: true },
  // the importance-discovery baseline, computed on the standard CNN's rows (compare/discovery-figures.ts)
  { key: 'discRecovered', label: 'Importance discovery: motifs recovered', get: (m) => m.strict?.discovery?.recovery?.recovered ?? null, digits: 0, truthOnly: true },
  { key: 'discRedundancy', label: 'Importance discovery: redundancy', get: (m) => m.strict?.discovery?.recovery?.redundancy ?? null, digits: 2, truthOnly: true },
  { key: 'discExtraneous', label: 'Importance discovery: extraneous', get: (m) => m.strict?.discovery?.recovery?.extraneous ?? null, digits: 0, truthOnly: true },
  { key: 'discP80', label: 'Importance discovery seqlets: precision at recall 0.8', get: (m) => m.strict?.discovery?.instances?.precisionAtRecall80 ?? null, digits: 2, truthOnly: true },
  { key: 'highFreq', label: 'Attribution high-freq. share', get: (m) => m.attribution?.highFreqShare ?? null, digits: 3 },
  { key: 'entropy', label: 'Attribution entropy (bits)', get: (m) => m.attribution?.entropy ?? null, digits: 2 },
  { key: 'trainSeconds', label: 'Training time (s)', get: (m) => m.trainSeconds, digits: 0 },
  { key: 'params', label: 'Parameters', get: (m) => m.params, digits: 0 },
  { key: 'peakRssMb', label: 'Peak memory (MB)', get: (m) => m.peakRssMb, digits: 0 },
];

/** Accessor of a column by key. */
export const COLUMN_GET: Record<string, CompareColumnDef['get']> = Object.fromEntries(COLUMNS.map((c) => [c.key, c.get]));
