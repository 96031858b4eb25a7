// Errors that cross the API boundary: a stable code a UI can branch on, and a sentence a person can read.
import { z } from 'zod';

export const ErrorCode = z.enum([
  'invalid_input', // payload failed the schema
  'unknown_command',
  'not_found',
  'bad_project', // not a Cisgram project, corrupt, or from a newer schema
  'no_project', // command needs an open project
  'conflict', // name or file already exists, job already running…
  'bad_file', // a user file failed to parse (names file/line)
  'storage', // the disk refused a write (full, I/O error): names the file and the free space
  'locked', // the project is open in another Cisgram window or process
  'read_only', // the open project was opened read-only: changes are refused
  'cancelled',
  'unauthorized',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ApiErrorBody = z.object({
  code: ErrorCode,
  message: z.string(),
  /** Machine-readable detail for the caller (e.g. the zod issues of a refused input): free-form by nature. */
  details: z.unknown().optional(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

export class ApiError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
  toBody(): ApiErrorBody {
    return { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) };
  }
}

/** The wire envelope of every command reply (IPC and HTTP alike). */
export const Reply = z.union([
  // value: the command's output, parsed with that command's own output schema by dispatch() and the clients.
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ApiErrorBody }),
]);
export type Reply = z.infer<typeof Reply>;
