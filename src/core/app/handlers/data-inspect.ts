// Quick looks at a picked file before any import: what it is and how a table's columns map
// (data.inspect), and a genome's chromosomes with held-out chromosomes proposed from them and
// from the peaks (data.genomeChroms). Read-only; errors name the file.
import { existsSync, statSync } from 'node:fs';
import { ApiError } from '../../../shared/api/errors';
import type { dataCommands } from '../../../shared/api/data';
import type { Handlers } from '../service';
import { inspectFile } from '../../io/table';
import { genomeChromSizes } from '../../io/genome-chroms';
import { loadBed } from '../../io/bed';
import { chromAlias } from '../../io/chrom-alias';
import { proposeHoldout } from '../../data/holdout';

function requireFile(path: string): void {
  if (!existsSync(path)) throw new ApiError('not_found', `The file was not found: ${path}`);
  if (!statSync(path).isFile()) throw new ApiError('invalid_input', `This path is a folder, not a file: ${path}`);
}

export function inspectHandlers(): Pick<Handlers, 'data.inspect' | 'data.genomeChroms'> {
  return {
    'data.inspect': async ({ path }) => {
      requireFile(path);
      return inspectFile(path, { fileName: path });
    },
    'data.genomeChroms': async ({ genome, peaks }) => {
      requireFile(genome);
      const sizes = await genomeChromSizes(genome, { fileName: genome });
      let per: Map<string, number> | undefined;
      if (peaks) {
        requireFile(peaks);
        per = new Map();
        for (const p of await loadBed(peaks, { fileName: peaks })) {
          const c = sizes.has(p.chrom) ? p.chrom : chromAlias(sizes, p.chrom) ?? p.chrom;
          per.set(c, (per.get(c) ?? 0) + 1);
        }
      }
      return {
        chroms: [...sizes].map(([name, length]) => ({ name, length, peaks: per ? per.get(name) ?? 0 : null })),
        proposal: proposeHoldout(sizes, per),
      };
    },
  };
}
