// The paired-FASTA source of the variants job: read both files, labels (header token or side
// table), the genome for padding when given, and fit every pair to the model's window (./pairs.ts).
import { ApiError } from '../../shared/api/errors';
import { pairWindows, type PairReport, type Change } from './pairs';
import { headerLabels, tableLabels, type LabelSource } from './pair-labels';
import type { VariantWindow } from './score';

export interface PairedSource { refPath: string; altPath: string; genomePath?: string | null; labelPath?: string | null; fitWindow?: boolean }

export async function readPairedSource(
  src: PairedSource, opts: { window: number | null; W: number; labelField: string | null; signal?: AbortSignal },
): Promise<{ windows: VariantWindow[]; changes: Change[][]; report: PairReport & { labelNotes: string[] } }> {
  const { loadFasta } = await import('../io/fasta');
  const read = (p: string) => loadFasta(p, { parseLabels: false, checkDuplicates: false, signal: opts.signal });
  const [refs, alts] = [await read(src.refPath), await read(src.altPath)];
  let labels: LabelSource | null = null;
  if (src.labelPath) {
    if (!opts.labelField) throw new ApiError('invalid_input', 'Name the label column of the side table (e.g. bound or effect).');
    labels = tableLabels(src.labelPath, opts.labelField);
  } else if (opts.labelField) labels = headerLabels(opts.labelField);
  let flanks = null;
  if (src.genomePath) {
    const { openGenome } = await import('../io/genome');
    flanks = { genome: await openGenome(src.genomePath, { signal: opts.signal }) };
  }
  const res = await pairWindows(refs, alts, {
    window: src.fitWindow === false ? null : opts.window, W: opts.W, flanks,
    labels: labels ? (name, header) => labels!.get(name, header) : undefined,
  });
  const labelNotes: string[] = [];
  if (labels && !res.report.nLabelled) labelNotes.push(`No pair carries a readable '${opts.labelField}' label${src.labelPath ? ' in the side table (first column = the pair\'s name)' : ' (expected a header token like ' + opts.labelField + '=alt, =ref or a number)'}.`);
  if (labels?.nUnreadable) labelNotes.push(`${labels.nUnreadable} labels could not be read (expected ref, alt or a number) — e.g. ${labels.unreadableExamples.join('; ')}.`);
  const report = { ...res.report, labelNotes, notes: [...res.report.notes, ...labelNotes] };
  return { windows: res.windows, changes: res.changes, report };
}
