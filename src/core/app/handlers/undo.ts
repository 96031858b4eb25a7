// Undo and redo commands over the open project's UndoLog (store/undo-log.ts): the one history of
// edits shared by every screen. The areas a step touched tell the renderer which screens reload.
import { ApiError } from '../../../shared/api/errors';
import type { UndoArea, undoCommands } from '../../../shared/api/undo';
import type { CisgramService, Handlers } from '../service';
import { UndoError } from '../../store/undo-log';

const AREA_OF: [RegExp, UndoArea][] = [
  [/^(designs|design_batches|vendor_profiles)$/, 'design'],
  [/^(motifs|motif_matches|motif_scans|scan_hits)$/, 'motifs'],
  [/^(instance_sets|instances|syntax_analyses|grammar_rules|variant_sets|variants)$/, 'grammar'],
  [/^runs$/, 'train'],
  [/^(datasets|dataset_seqs|dataset_truth)$/, 'data'],
  [/^(compare_evals|attributions)$/, 'compare'],
];

export function areasOf(tables: string[]): UndoArea[] {
  const out = new Set<UndoArea>();
  for (const t of tables) out.add(AREA_OF.find(([re]) => re.test(t))?.[1] ?? 'other');
  // A run's deletion takes its motifs, rules and designs' link with it: those screens reload too.
  if (out.has('train')) for (const a of ['motifs', 'grammar', 'design', 'compare'] as const) out.add(a);
  return [...out];
}

export function undoHandlers(svc: CisgramService): Pick<Handlers, keyof typeof undoCommands> {
  const replay = async (what: 'undo' | 'redo') => {
    const log = svc.requireProject().undo;
    try {
      const r = what === 'undo' ? await log.undo() : await log.redo();
      return { label: r.label, areas: areasOf(r.tables), state: log.state() };
    } catch (e) {
      if (e instanceof UndoError) throw new ApiError('conflict', e.message);
      throw e;
    }
  };
  return {
    'undo.state': () => (svc.project ? svc.project.undo.state() : { undo: [], redo: [] }),
    'undo.undo': () => replay('undo'),
    'undo.redo': () => replay('redo'),
  };
}
