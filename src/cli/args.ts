// Command-line arguments: option tables per command parsed with node:util parseArgs, the options
// every command shares, and small converters ("1,2,3" → numbers, key=value overrides → nested
// objects) whose failures read as usage errors naming the flag. Types and ranges are checked after
// conversion by the app's own zod schemas (in dispatch), never by a second schema here.
import { parseArgs } from 'node:util';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Shown in help, e.g. "ID|NAME". */
  value?: string;
  help: string;
}
export type OptionTable = Record<string, OptionSpec>;
export type Values = Record<string, string | boolean | string[] | boolean[] | undefined>;

/** A mistake in how the command was typed: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const GLOBAL_OPTIONS: OptionTable = {
  project: { type: 'string', short: 'p', value: 'FILE.cisgram', help: 'the project file to read and write (or set CISGRAM_PROJECT)' },
  create: { type: 'boolean', help: 'create the project file if it does not exist' },
  json: { type: 'boolean', help: 'machine-readable output: one JSON object per line' },
  'data-dir': { type: 'string', value: 'DIR', help: 'Cisgram’s own folder (motif library, recent list); default: the desktop app’s' },
  help: { type: 'boolean', short: 'h', help: 'show help' },
};

export function parse(argv: string[], options: OptionTable, command: string): { values: Values; positionals: string[] } {
  const all = { ...GLOBAL_OPTIONS, ...options };
  const config = Object.fromEntries(Object.entries(all).map(([k, o]) => [k, { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) }]));
  try {
    const r = parseArgs({ args: argv, options: config, allowPositionals: true, strict: true });
    return { values: r.values as Values, positionals: r.positionals };
  } catch (e) {
    const err = e as Error & { code?: string };
    const opt = /'(-[^' ]+)/.exec(err.message)?.[1];
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`${command}: unknown option ${opt ?? ''} (see cisgram ${command} --help).`);
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError(`${command}: ${opt ?? 'an option'} ${/argument missing/.test(err.message) ? 'needs a value' : 'takes no value'} (see cisgram ${command} --help).`);
    throw new UsageError(`${command}: ${err.message}`);
  }
}

export function str(values: Values, key: string): string | undefined {
  const v = values[key];
  return typeof v === 'string' ? v : undefined;
}

export function flag(values: Values, key: string): boolean {
  return values[key] === true;
}

export function required(values: Values, key: string, command: string): string {
  const v = str(values, key);
  if (v === undefined || v.trim() === '') throw new UsageError(`${command} needs --${key} (see cisgram ${command} --help).`);
  return v;
}

/** A number typed on the command line; range and integer checks are left to the schemas. */
export function num(values: Values, key: string): number | undefined {
  const v = str(values, key);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${key} needs a number, not “${v}”.`);
  return n;
}

/** "a,b, c" → ['a','b','c'] (repeated flags are joined too). */
export function list(values: Values, key: string): string[] | undefined {
  const v = values[key];
  if (v === undefined) return undefined;
  const parts = (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(','));
  return parts.map((s) => s.trim()).filter(Boolean);
}

export function numList(values: Values, key: string): number[] | undefined {
  const parts = list(values, key);
  if (!parts) return undefined;
  return parts.map((s) => {
    const n = Number(s);
    if (!Number.isFinite(n)) throw new UsageError(`--${key} needs numbers separated by commas, not “${s}”.`);
    return n;
  });
}

/** A value after `key=`: JSON when it parses (numbers, true/false, null, objects), else the text. */
function looseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * `--set model.F=4 --set lr=0.002 --set earlyStopping.enabled=false` →
 * { model: { F: 4 }, lr: 0.002, earlyStopping: { enabled: false } }, merged over `base`.
 */
export function assignments(items: string[], base: Record<string, unknown> = {}, key = 'set'): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(base);
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--${key} needs key=value (e.g. --${key} model.F=4), not “${item}”.`);
    const path = item.slice(0, eq).trim().split('.');
    if (path.some((p) => !p)) throw new UsageError(`--${key}: “${item.slice(0, eq)}” is not a setting name.`);
    let node = out;
    for (const p of path.slice(0, -1)) {
      const next = node[p];
      if (next === undefined || next === null || typeof next !== 'object' || Array.isArray(next)) node[p] = {};
      node = node[p] as Record<string, unknown>;
    }
    node[path[path.length - 1]] = looseValue(item.slice(eq + 1).trim());
  }
  return out;
}

export function jsonObject(values: Values, key: string): Record<string, unknown> | undefined {
  const v = str(values, key);
  if (v === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(v);
  } catch (e) {
    throw new UsageError(`--${key} needs a JSON object: ${(e as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new UsageError(`--${key} needs a JSON object like {"model":{"F":4}}.`);
  return parsed as Record<string, unknown>;
}
