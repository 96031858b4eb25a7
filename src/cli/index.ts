// `cisgram` (bin/cisgram.mjs runs the built out/main/cli.js; tests may run this file with tsx):
// the engine without a window. Finds the engine worker built next to it, runs main, exits.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from './main';

const builtWorker = join(dirname(fileURLToPath(import.meta.url)), 'engine-worker.js');
const code = await main(process.argv.slice(2), { workerPath: existsSync(builtWorker) ? builtWorker : undefined });
process.exit(code);
