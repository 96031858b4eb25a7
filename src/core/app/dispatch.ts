// The schema gate every command passes through, whichever transport carried it.
import { ApiError, commands, isCommandName, isUndoable, UNDOABLE, type Reply } from '../../shared/api';
import type { CisgramService } from './service';
import { describeStorageError, isStorageError } from '../store/storage-errors';
import { isReadOnlyError, readOnlyRefusal } from '../store/read-only';

function describeIssues(issues: { path: PropertyKey[]; message: string }[]): string {
  return issues.map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message)).join('; ');
}

export async function dispatch(service: CisgramService, name: string, rawInput: unknown): Promise<Reply> {
  try {
    if (!isCommandName(name)) throw new ApiError('unknown_command', `Unknown command “${name}”.`);
    const spec = commands[name];
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      throw new ApiError('invalid_input', `Invalid input for ${name}: ${describeIssues(parsed.error.issues)}`, parsed.error.issues);
    }
    const handler = service.handlers[name] as (input: unknown) => unknown;
    // Edits are recorded as one undo step each (store/undo-log.ts).
    const value = isUndoable(name) && service.project ? await service.project.undo.record(UNDOABLE[name], () => handler(parsed.data)) : await handler(parsed.data);
    return { ok: true, value: spec.output.parse(value) };
  } catch (e) {
    if (e instanceof ApiError) return { ok: false, error: e.toBody() };
    const err = e as Error & { code?: string };
    // Input errors from parsers carry their own message naming file and line.
    if (err?.name === 'InputError') return { ok: false, error: { code: 'bad_file', message: err.message } };
    // A change attempted in a project opened read-only: SQLite refused it; say why, not "internal".
    if (isReadOnlyError(err) && service.project?.readOnly) return { ok: false, error: readOnlyRefusal(service.project.path).toBody() };
    // A damaged page of the open project met by a command: say which file, not "internal".
    if ((err.code?.startsWith('SQLITE_CORRUPT') || err.code === 'SQLITE_NOTADB') && service.project) {
      return { ok: false, error: { code: 'bad_project', message: `The project file ${service.project.path} is damaged (SQLite: ${err.message}). Open a copy of the project if you have one.` } };
    }
    // The disk refused a write of the open project (full, I/O error): a sentence, not an internal error.
    if (isStorageError(err)) {
      // SQLite errors are about the open project; an OS error names its own file when it can.
      const fsPath = (err as { path?: unknown }).path;
      const file = err.code?.startsWith('SQLITE_') ? service.project?.path : typeof fsPath === 'string' ? fsPath : undefined;
      const message = file ? describeStorageError(err, file) : `Could not write a file: ${/ENOSPC|EDQUOT/.test(err.code ?? '') ? 'the disk is full' : 'the disk reported an error'} (${err.message}).`;
      return { ok: false, error: { code: 'storage', message } };
    }
    return { ok: false, error: { code: 'internal', message: err?.message ?? String(e) } };
  }
}
