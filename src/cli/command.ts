// What one CLI command is (name, help, options, whether it needs a project or the compute engine,
// and what it runs), plus look-ups commands share: a dataset or motif collection by id or name.
import type { OptionTable, Values } from './args';
import { UsageError } from './args';
import type { Printer } from './print';
import { AppError, type Session } from './session';

export interface Context {
  session: Session;
  out: Printer;
  values: Values;
  positionals: string[];
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Extra paragraphs of help after the options. */
  details?: string;
  options: OptionTable;
  examples: string[];
  /** Whether --project is opened before running: needed, used when given, or not used. */
  project: 'required' | 'optional' | 'none';
  /** Starts jobs in the compute engine (otherwise the engine is not loaded, for speed). */
  engine: boolean;
  run(ctx: Context): Promise<void>;
}

const asId = (ref: string): number | null => (/^\d+$/.test(ref.trim()) ? Number(ref) : null);

/** A dataset of the open project by id or by exact name (case-insensitive). */
export async function datasetRef(session: Session, ref: string): Promise<number> {
  const id = asId(ref);
  if (id !== null) return id;
  const all = await session.call('data.list', {});
  const hits = all.filter((d) => d.name.toLowerCase() === ref.trim().toLowerCase());
  if (hits.length === 1) return hits[0].id;
  if (hits.length > 1) throw new AppError('not_found', `Several datasets are named “${ref}” (ids ${hits.map((d) => d.id).join(', ')}); give the id.`);
  throw new AppError('not_found', `No dataset named “${ref}” in this project${all.length ? ` (there are: ${all.map((d) => `${d.id} “${d.name}”`).join(', ')})` : ''}.`);
}

/** A collection of the motif library by id or by exact name (case-insensitive). */
export async function collectionRef(session: Session, ref: string): Promise<number> {
  // Listing also creates an empty library in a fresh data folder (the jobs open it read-only).
  const { collections, path } = await session.call('motifs.library.list', {});
  const id = asId(ref);
  const hits = id !== null ? collections.filter((c) => c.id === id) : collections.filter((c) => c.name.toLowerCase() === ref.trim().toLowerCase());
  if (hits.length === 1) return hits[0].id;
  if (hits.length > 1) throw new AppError('not_found', `Several motif collections are named “${ref}” (ids ${hits.map((c) => c.id).join(', ')}); give the id.`);
  const known = collections.length ? ` (there are: ${collections.map((c) => `${c.id} “${c.name}”`).join(', ')})` : ` (${path} is empty; add a collection with cisgram library import FILE)`;
  throw new AppError('not_found', `No motif collection ${id !== null ? id : `named “${ref}”`} in the library${known}.`);
}

/** An id typed as a positional or an option value. */
export function idArg(text: string | undefined, what: string, command: string): number {
  if (text === undefined) throw new UsageError(`${command} needs ${what} (see cisgram ${command} --help).`);
  const id = asId(text);
  if (id === null || id < 1) throw new UsageError(`${what} is a number, not “${text}”.`);
  return id;
}
