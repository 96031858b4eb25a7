// The one error type of the export modules: its message is shown to the user as is.

export class ExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportError';
  }
}
