// Undo and redo: one project-wide history of edits (design canvas, renames, merges, stars, deletes
// of motifs, designs, rules, runs…). Every command listed in UNDOABLE is recorded as one step when
// it changes the project; `undo.undo` / `undo.redo` replay a step backwards / forwards. The history
// lives with the open project and is forgotten when the project closes (deleted items stay
// recoverable until then).
import { z } from 'zod';

/** Commands recorded as one undo step each, with the words the Undo button shows ("Undo move motif"). */
export const UNDOABLE = {
  'design.create': 'new design',
  'design.place': 'place motif',
  'design.move': 'move motif',
  'design.remove': 'remove motif',
  'design.applyRule': 'apply rule',
  'design.rename': 'rename design',
  'design.duplicate': 'duplicate design',
  'design.setStatus': 'change design status',
  'design.delete': 'delete design',
  'design.deleteBatch': 'delete design batch',
  'motifs.update': 'edit motif',
  'motifs.merge': 'merge motifs',
  'grammar.rules.save': 'star rule',
  'grammar.instances.delete': 'delete instance set',
  'variants.delete': 'delete variant set',
  'motifs.scan.delete': 'delete scan',
  'train.rename': 'rename run',
  'train.delete': 'delete run',
  'data.rename': 'rename dataset',
} as const satisfies Record<string, string>;
export type UndoableCommand = keyof typeof UNDOABLE;

export function isUndoable(name: string): name is UndoableCommand {
  return Object.prototype.hasOwnProperty.call(UNDOABLE, name);
}

/** Parts of the app a step touched, so the screens showing them reload. */
export const UndoArea = z.enum(['data', 'train', 'motifs', 'grammar', 'design', 'compare', 'other']);
export type UndoArea = z.infer<typeof UndoArea>;

export const UndoState = z.object({
  /** What Undo would take back (newest first is `undo[0]`), or empty. */
  undo: z.array(z.string()),
  redo: z.array(z.string()),
});
export type UndoState = z.infer<typeof UndoState>;

export const UndoResult = z.object({
  /** The step that was undone or redone ("move motif"). */
  label: z.string(),
  areas: z.array(UndoArea),
  state: UndoState,
});
export type UndoResult = z.infer<typeof UndoResult>;

const empty = z.object({}).strict();

export const undoCommands = {
  'undo.state': { input: empty, output: UndoState },
  'undo.undo': { input: empty, output: UndoResult },
  'undo.redo': { input: empty, output: UndoResult },
} as const;
