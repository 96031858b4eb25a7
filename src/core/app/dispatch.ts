// The schema gate every command passes through, whichever transport carried it.
import { ApiError, commands, isCommandName, type Reply } from '../../shared/api';
import type { CisgramService } from './service';

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
    const value = await handler(parsed.data);
    return { ok: true, value: spec.output.parse(value) };
  } catch (e) {
    if (e instanceof ApiError) return { ok: false, error: e.toBody() };
    const err = e as Error & { code?: string };
    // Input errors from parsers carry their own message naming file and line.
    if (err?.name === 'InputError') return { ok: false, error: { code: 'bad_file', message: err.message } };
    return { ok: false, error: { code: 'internal', message: err?.message ?? String(e) } };
  }
}
