// A training preset described in plain words for the Train form: how long it takes here, how many
// rounds it learns for and how the motif-separating penalties come in — no "3 warm-up, 6 ramp".
import type { Output } from '@shared/api';

type Preset = Output<'train.presets'>['presets'][number];

const rounds = (n: number) => `${n} round${n === 1 ? '' : 's'}`;

export function presetInWords(p: Preset, time: string | null, o: { earlyStop: boolean; extendWarmup: boolean; fresh: boolean }): string {
  const { warmup, ramp, hold } = p.phases;
  const parts: string[] = [];
  parts.push(`${time ? `${time.charAt(0).toUpperCase()}${time.slice(1)} here; learns` : 'Learns'} from your data for ${o.earlyStop ? 'up to ' : ''}${rounds(p.epochs)} (epochs)`);
  parts.push(
    `first ${rounds(warmup)} on prediction alone, then ${rounds(ramp)} adding the motif-separating penalties gradually, then ${rounds(hold)} holding them so the motifs settle`,
  );
  let s = `${parts[0]}: ${parts[1]}.`;
  if (o.extendWarmup) s += ' If the model is still improving, it waits longer before adding the penalties.';
  if (o.fresh) s += ' Each round draws new simulated sequences.';
  if (o.earlyStop) s += ' It stops early once it no longer improves, and keeps its best round.';
  return s;
}
