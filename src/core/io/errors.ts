// Typed error for bad user input: names the file, the line, what was expected and what was found,
// so the UI can show an actionable message without parsing strings.

export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: expected ${expected}, found ${found}`);
  }
}

export function isInputError(e: unknown): e is InputError {
  return e instanceof InputError;
}

/** Throws the signal's reason (an AbortError by default) when aborted. */
export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw signal.reason ?? new DOMException('Aborted', 'AbortError');
}
