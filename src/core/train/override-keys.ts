// train.start's `overrides` must name settings that exist: the config schema alone would drop an
// unknown key silently (and the run would store it as if it had been applied). Walks the overrides
// against TrainConfigSchema's shape, nested objects included, and lists every unknown dotted path.
import type { z } from 'zod';
import { TrainConfigSchema } from './config';

type AnySchema = z.ZodType;

/** The object shape under defaults/optionals/nullables/pipes, or null for a leaf setting. */
function shapeOf(schema: AnySchema): Record<string, AnySchema> | null {
  let s: unknown = schema;
  for (let i = 0; i < 10 && s; i++) {
    const def = (s as { _zod?: { def?: { type?: string; shape?: Record<string, AnySchema>; innerType?: unknown; in?: unknown } } })._zod?.def;
    if (!def) return null;
    if (def.type === 'object' && def.shape) return def.shape;
    s = def.innerType ?? def.in;
  }
  return null;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Dotted paths of override keys that are not settings (e.g. ['model.Filters', 'learningRate']). */
export function unknownOverrideKeys(overrides: Record<string, unknown>, schema: AnySchema = TrainConfigSchema as AnySchema, prefix = ''): string[] {
  const shape = shapeOf(schema);
  if (!shape) return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(overrides)) {
    const sub = Object.prototype.hasOwnProperty.call(shape, key) ? shape[key] : undefined;
    if (!sub) {
      out.push(prefix + key);
      continue;
    }
    if (isPlainObject(value) && shapeOf(sub)) out.push(...unknownOverrideKeys(value, sub, `${prefix}${key}.`));
  }
  return out;
}

/** The sentence for unknown override keys, or null when every key is a setting. */
export function unknownOverridesMessage(overrides: Record<string, unknown>): string | null {
  const bad = unknownOverrideKeys(overrides);
  if (!bad.length) return null;
  return `Unknown training setting${bad.length > 1 ? 's' : ''}: ${bad.map((k) => `“${k}”`).join(', ')}. Settings are the fields of the Train form, named like model.F, epochs, lr or lambdaOverlap.log10End; nothing was started.`;
}
