// `node scripts/fuses.mjs <path to packaged Electron binary> [--asar]`: flips Cisgram's fuses
// (./fuse-config.mjs) in a packaged app's Electron binary. Run after packaging, before signing.
import { FUSES, ASAR_FUSES, fuseMap } from './fuse-config.mjs';

const [binary, ...flags] = process.argv.slice(2);
if (!binary) {
  console.error('usage: node scripts/fuses.mjs <Electron binary of the packaged app> [--asar]');
  process.exit(2);
}
const asar = flags.includes('--asar');
let fuses;
try {
  fuses = await import('@electron/fuses');
} catch {
  console.error('@electron/fuses is not installed: run npm install (it is a devDependency).');
  process.exit(1);
}
await fuses.flipFuses(binary, fuseMap(fuses.FuseV1Options, { asar }));
console.log(`Fuses set on ${binary}:`, { ...FUSES, ...(asar ? ASAR_FUSES : {}) });
