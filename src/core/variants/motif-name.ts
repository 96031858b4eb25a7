// The name a variant report gives a motif instance: the run's motif name as carried by its filter
// gate (the user's name, else the stored motif name), else "Filter k". One place, so that a richer
// name (e.g. a library family) can be switched in without touching the scoring.
import type { FilterGate } from '../grammar/instances';
import { motifDisplayName } from '../../shared/motif-name';

export function instanceName(gates: (FilterGate | null)[], c: { filter: number; motif: number }): string {
  return gates[c.filter]?.name ?? gates[c.motif]?.name ?? motifDisplayName({ filterIndex: c.motif });
}
