// Per-project memory of what each screen had selected — run, dataset, instance set, design, vendor
// profile — kept in the browser's localStorage under the project's path, so coming back to a screen
// after navigating away or reloading finds the same selection (and Design's profile reaches Export).
import { useAppStore } from './app';

type Value = string | number;
const PREFIX = 'cisgram.remember:';

function storageKey(project: string, key: string): string {
  return `${PREFIX}${project}::${key}`;
}

/** The remembered value of `key` (e.g. 'motifs.run') in the open project, or null. */
export function recall<T extends Value>(key: string): T | null {
  const project = useAppStore().project?.path;
  if (!project) return null;
  try {
    const raw = localStorage.getItem(storageKey(project, key));
    return raw === null ? null : (JSON.parse(raw) as T);
  } catch {
    return null;
  }
}

/** Remembers `value` for `key` in the open project (null forgets it). */
export function remember(key: string, value: Value | null | undefined): void {
  const project = useAppStore().project?.path;
  if (!project) return;
  try {
    if (value === null || value === undefined) localStorage.removeItem(storageKey(project, key));
    else localStorage.setItem(storageKey(project, key), JSON.stringify(value));
  } catch {
    // storage full or disabled: the screen simply forgets, as before
  }
}

/** The remembered id if it is still among `ids`, else `fallback`. */
export function recallAmong<T extends Value>(key: string, ids: readonly T[], fallback: T | null): T | null {
  const v = recall<T>(key);
  return v !== null && ids.includes(v) ? v : fallback;
}
