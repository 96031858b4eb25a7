// Quick looks at a picked file before any import: what it is and how a table's columns map
// (data.inspect), and a genome's chromosomes with held-out chromosomes proposed from them and
// from the peaks (data.genomeChroms), and the one-click fix for mixed lengths (data.refit: the
// same files and settings imported again at one length).
import { existsSync, statSync } from 'node:fs';
import { ApiError } from '../../../shared/api/errors';
import type { dataCommands } from '../../../shared/api/data';
import type { CisgramService, Handlers } from '../service';
import { ImportSpec } from '../../../shared/api/data';
import { getDataset } from '../../data/store';
import { inspectFile } from '../../io/table';
import { genomeChromSizes } from '../../io/genome-chroms';
import { loadBed } from '../../io/bed';
import { chromAlias } from '../../io/chrom-alias';
import { proposeHoldout } from '../../data/holdout';

function requireFile(path: string): void {
  if (!existsSync(path)) throw new ApiError('not_found', `The file was not found: ${path}`);
  if (!statSync(path).isFile()) throw new ApiError('invalid_input', `This path is a folder, not a file: ${path}`);
}

export function inspectHandlers(svc: CisgramService): Pick<Handlers, 'data.inspect' | 'data.genomeChroms' | 'data.refit'> {
  return {
    'data.refit': ({ id, length, name }) => {
      const p = svc.requireProject();
      const ds = getDataset(p.db, id);
      if (!ds) throw new ApiError('not_found', `There is no dataset ${id} in this project.`);
      const parsed = ImportSpec.safeParse(ds.params);
      const src = parsed.success ? parsed.data.source : null;
      if (!parsed.success || !src || src.kind === 'peaks')
        throw new ApiError('conflict', `Dataset “${ds.name}” was not imported from FASTA or a table, so it cannot be rebuilt at one length here; import its files again with a length chosen.`);
      const spec = { ...parsed.data, name: name ?? `${ds.name} (${length} bp)`.slice(0, 120), fitLength: length };
      for (const f of [src.kind === 'table' ? src.file : src.positives, spec.testFile, spec.negatives.fasta]) {
        if (f && !existsSync(f)) throw new ApiError('not_found', `The file this dataset was imported from is gone: ${f}. Import it again with a length chosen.`);
      }
      return p.jobs.start('data.import', `Import “${spec.name}”`, spec);
    },
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
