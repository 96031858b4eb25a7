// Where the engine worker's entry lives when running from TypeScript sources (tests, tsx): the
// worker-dev.mjs beside this file, which registers tsx and loads worker.ts. Built apps pass the
// bundled engine-worker.js instead (src/main/index.ts, src/server/cli.ts).
import { fileURLToPath } from 'node:url';

export function sourceWorkerPath(): string {
  return fileURLToPath(new URL('./worker-dev.mjs', import.meta.url));
}
