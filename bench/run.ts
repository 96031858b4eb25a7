// `npm run bench [name-prefix…]`: runs every bench in bench/*.bench.ts whose name starts with a
// given prefix (all when none) and prints one JSON object per line.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join, dirname } from 'node:path';
import type { Bench, BenchResult } from './types';

const here = dirname(fileURLToPath(import.meta.url));
const prefixes = process.argv.slice(2);
const files = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort();
for (const f of files) {
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { benches: Bench[] };
  for (const b of mod.benches) {
    if (prefixes.length && !prefixes.some((p) => b.name.startsWith(p))) continue;
    try {
      const r = await b.run();
      for (const x of (Array.isArray(r) ? r : [r]) as BenchResult[]) console.log(JSON.stringify(x));
    } catch (e) {
      console.log(JSON.stringify({ bench: b.name, error: String((e as Error)?.message ?? e) }));
    }
  }
}
