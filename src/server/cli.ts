// `node out/main/server.js [--port N] [--data-dir DIR]`: starts Cisgram in browser mode and prints
// the address to open (with its access token).
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { CisgramService } from '../core/app/service';
import { defaultDataDir } from '../core/app/data-dir';
import { startServer } from './server';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = arg('data-dir') ?? process.env.CISGRAM_DATA_DIR ?? defaultDataDir();
mkdirSync(dataDir, { recursive: true });
const service = new CisgramService({ dataDir, mode: 'browser', workerPath: join(here, 'engine-worker.js') });
const running = await startServer({
  service,
  staticDir: arg('static') ?? join(here, '../renderer'),
  port: Number(arg('port') ?? process.env.CISGRAM_PORT ?? 0),
  token: process.env.CISGRAM_TOKEN || undefined,
});
console.log(`Cisgram is running in browser mode. Open this address in your browser:\n  ${running.url}`);
console.log(`CISGRAM_URL=${running.url}`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await running.close();
  await service.dispose();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
