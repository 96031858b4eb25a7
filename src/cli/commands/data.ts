// Data commands: `import` (FASTA of positives, or peaks + genome; negatives; splits) and
// `simulate` (a shipped grammar recipe) start the same jobs as the Data screen; `datasets` lists.
import { basename, extname, resolve } from 'node:path';
import type { DatasetInfo, Input, TableColumns } from '../../shared/api';
import { flag, list, num, numList, str, UsageError } from '../args';
import type { Command, Context } from '../command';

function datasetLine(d: DatasetInfo): string {
  const counts = d.stats?.counts ?? [];
  const splits = counts.map((c) => `${c.split} ${c.total}`).join(', ');
  return `Dataset ${d.id} “${d.name}”: ${d.nSeqs} sequences${splits ? ` (${splits})` : ''}${d.seqLength ? `, ${d.seqLength} bp` : ''}.`;
}

async function reportDataset(ctx: Context, command: string, datasetId: number): Promise<void> {
  const d = await ctx.session.call('data.get', { id: datasetId });
  ctx.out.record({ type: 'result', command, value: d });
  ctx.out.text(datasetLine(d));
  const notes = d.stats?.notes ?? [];
  for (const n of notes) ctx.out.text(`  note: ${n}`);
}

/** A table's columns: those given on the command line over what the app proposes for the file. */
async function tableColumns(ctx: Context, file: string): Promise<TableColumns> {
  const v = ctx.values;
  const seq = str(v, 'sequence-column'), labels = list(v, 'label-columns'), name = str(v, 'name-column'), fold = str(v, 'fold-column');
  const proposed = seq ? null : (await ctx.session.call('data.inspect', { path: file })).proposed;
  const sequence = seq ?? proposed?.sequence;
  if (!sequence) throw new UsageError(`Cannot tell which column of ${file} holds the sequences; add --sequence-column COL.`);
  const pick = <T>(given: T | undefined, fallback: T | undefined) => (given !== undefined ? given : fallback);
  const nameCol = pick(name, proposed?.name), foldCol = pick(fold, proposed?.fold);
  return { sequence, labels: pick(labels, proposed?.labels) ?? [], ...(nameCol ? { name: nameCol } : {}), ...(foldCol ? { fold: foldCol } : {}) };
}

const stem = (path: string) => basename(path, extname(path)).replace(/\.(fa|fasta|bed|narrowPeak|seq|tsv|csv)$/i, '');

export const importCommand: Command = {
  name: 'import',
  summary: 'import a FASTA of positives, a sequence table, or peaks (BED/narrowPeak) + a genome, as a dataset',
  usage: 'cisgram import -p P.cisgram (--fasta POS.fa | --table SEQS.tsv | --peaks PEAKS.bed --genome GENOME.fa) [options]',
  options: {
    fasta: { type: 'string', value: 'FILE', help: 'FASTA of positive sequences (headers may carry labels)' },
    table: { type: 'string', value: 'FILE', help: 'sequence table (TSV/CSV, DeepBind .seq.gz); columns as the app proposes unless given below' },
    'sequence-column': { type: 'string', value: 'COL', help: 'table: the column of sequences' },
    'label-columns': { type: 'string', value: 'COL,…', help: 'table: label column(s), one task each' },
    'name-column': { type: 'string', value: 'COL', help: 'table: the column of sequence names' },
    'fold-column': { type: 'string', value: 'COL', help: 'table: a fold column for --split fold' },
    peaks: { type: 'string', value: 'FILE', help: 'BED or narrowPeak file of peaks' },
    genome: { type: 'string', value: 'FILE', help: 'genome FASTA (indexed or not) or .2bit, for --peaks' },
    name: { type: 'string', value: 'NAME', help: 'dataset name (default: the file name)' },
    negatives: { type: 'string', value: 'MODE|FILE', help: 'none (default), shuffle (dinucleotide-shuffled positives), genomic (GC-matched windows; peaks only) or a FASTA of negatives' },
    ratio: { type: 'string', value: 'R', help: 'negatives per positive (default 1)' },
    window: { type: 'string', value: 'BP', help: 'peaks: window length (default 500)' },
    centre: { type: 'string', value: 'summit|centre', help: 'peaks: window centre (default summit)' },
    jitter: { type: 'string', value: 'BP', help: 'peaks: random shift of windows (default 0)' },
    split: { type: 'string', value: 'random|chromosome|fold', help: 'how to split train/valid/test (default: the app’s choice for the source)' },
    fractions: { type: 'string', value: 'T,V,T', help: 'random split fractions (default 0.8,0.1,0.1)' },
    valid: { type: 'string', value: 'CHR,…', help: 'chromosome split: validation chromosomes (default chr8,chr10); fold split: validation folds' },
    test: { type: 'string', value: 'CHR,…', help: 'chromosome split: test chromosomes (default chr1); fold split: test folds' },
    'valid-fraction': { type: 'string', value: 'F', help: 'fold split without --valid: share of training rows that validates (default 0.1)' },
    seed: { type: 'string', value: 'N', help: 'random seed for negatives and splits (default 1)' },
    'max-n': { type: 'string', value: 'F', help: 'drop sequences with a larger share of N (default 0.1)' },
    preview: { type: 'boolean', help: 'only print the statistics the import would give; write nothing' },
  },
  examples: [
    'cisgram import -p ctcf.cisgram --create --fasta ctcf_peaks.fa --negatives shuffle',
    'cisgram import -p ctcf.cisgram --peaks ENCFF123.narrowPeak --genome hg38.2bit --negatives genomic --split chromosome',
  ],
  project: 'required',
  engine: true,
  async run(ctx) {
    const v = ctx.values;
    // Absolute paths, as the app's file dialogs give: the dataset records where it came from.
    const abs = (key: string) => { const p = str(v, key); return p === undefined ? undefined : resolve(p); };
    const fasta = abs('fasta'), table = abs('table'), peaks = abs('peaks'), genome = abs('genome');
    if ([fasta, table, peaks].filter(Boolean).length !== 1) throw new UsageError('import needs one of --fasta FILE, --table FILE or --peaks FILE --genome FILE (see cisgram import --help).');
    if (peaks && !genome) throw new UsageError('import --peaks also needs --genome FILE.');
    const length = num(v, 'window'), jitter = num(v, 'jitter');
    const centre = str(v, 'centre');
    let source: Input<'data.import'>['source'];
    if (fasta) source = { kind: 'fasta', positives: fasta };
    else if (peaks) source = { kind: 'peaks', peaks, genome: genome!, window: { length: length ?? 500, centre: (centre ?? 'summit') as 'summit', ...(jitter !== undefined ? { jitter } : {}) } };
    else source = { kind: 'table', file: table!, columns: await tableColumns(ctx, table!) };
    const negText = str(v, 'negatives') ?? 'none';
    const ratio = num(v, 'ratio');
    const negatives = ['none', 'shuffle', 'genomic'].includes(negText)
      ? { mode: negText as 'none', ...(ratio !== undefined ? { ratio } : {}) }
      : { mode: 'fasta' as const, fasta: resolve(negText), ...(ratio !== undefined ? { ratio } : {}) };
    const splitMode = str(v, 'split');
    let split: Input<'data.import'>['split'];
    if (splitMode === 'random') {
      const f = numList(v, 'fractions');
      split = { mode: 'random', ...(f ? { fractions: f as [number, number, number] } : {}) };
    } else if (splitMode === 'fold') {
      const vf = num(v, 'valid-fraction');
      split = { mode: 'fold', ...(list(v, 'valid') ? { valid: list(v, 'valid') } : {}), ...(list(v, 'test') ? { test: list(v, 'test') } : {}), ...(vf !== undefined ? { validFraction: vf } : {}) };
    } else if (splitMode === 'chromosome') {
      split = { mode: 'chromosome', ...(list(v, 'valid') ? { valid: list(v, 'valid') } : {}), ...(list(v, 'test') ? { test: list(v, 'test') } : {}) };
    } else if (splitMode !== undefined) {
      throw new UsageError(`--split is random, chromosome or fold, not “${splitMode}”.`);
    }
    const seed = num(v, 'seed'), maxN = num(v, 'max-n');
    const spec: Input<'data.import'> = {
      name: str(v, 'name') ?? stem(fasta ?? table ?? peaks!),
      source,
      negatives,
      ...(split ? { split } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(maxN !== undefined ? { maxNFraction: maxN } : {}),
    };
    if (flag(v, 'preview')) {
      const { end, result } = await ctx.session.runJobOf('data.preview', await ctx.session.call('data.preview', spec));
      ctx.out.record({ type: 'result', command: 'import', value: end.result });
      const s = result.stats;
      ctx.out.text(`Would import ${s.total} sequences (${s.positives} positive, ${s.negatives} negative). Nothing was written.`);
      for (const d of s.dropped ?? []) ctx.out.text(`  dropped ${d.count} ${d.what}: ${d.reason}`);
      for (const n of s.notes ?? []) ctx.out.text(`  note: ${n}`);
      return;
    }
    const { result } = await ctx.session.runJobOf('data.import', await ctx.session.call('data.import', spec));
    await reportDataset(ctx, 'import', result.datasetId);
  },
};

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'simulate a dataset with known grammar from a recipe (--list shows the recipes)',
  usage: 'cisgram simulate -p P.cisgram --recipe ID [options]   |   cisgram simulate --list',
  options: {
    recipe: { type: 'string', value: 'ID', help: 'a shipped recipe (see --list)' },
    list: { type: 'boolean', help: 'list the recipes and exit' },
    name: { type: 'string', value: 'NAME', help: 'dataset name (default: the recipe id)' },
    'motif-file': { type: 'string', value: 'FILE', help: 'motif file (MEME/JASPAR/TRANSFAC/HOMER) the recipe’s motifs come from (default: the bundled demo motifs)' },
    length: { type: 'string', value: 'BP', help: 'sequence length' },
    positives: { type: 'string', value: 'N', help: 'number of positive sequences' },
    negatives: { type: 'string', value: 'N', help: 'number of negative sequences' },
    gc: { type: 'string', value: 'F', help: 'background GC content' },
    decoys: { type: 'string', value: 'F', help: 'share of negatives carrying decoy motifs' },
    seed: { type: 'string', value: 'N', help: 'random seed' },
    fractions: { type: 'string', value: 'T,V,T', help: 'train/valid/test fractions (default 0.8,0.1,0.1)' },
  },
  examples: ['cisgram simulate -p demo.cisgram --create --recipe demo-gata-tal1-spacing --positives 2000 --negatives 2000'],
  project: 'optional',
  engine: true,
  async run(ctx) {
    const v = ctx.values;
    if (flag(v, 'list')) {
      const recipes = await ctx.session.call('data.recipes', {});
      ctx.out.table('simulate', recipes, [
        { label: 'recipe', get: (r) => r.id },
        { label: 'motifs', get: (r) => r.motifs.map((m) => m.key).join(', ') },
        { label: 'length', get: (r) => r.defaults.length },
        { label: 'pos', get: (r) => r.defaults.nPositives },
        { label: 'neg', get: (r) => r.defaults.nNegatives },
        { label: 'bundled motifs', get: (r) => r.demo },
        { label: 'title', get: (r) => r.title },
      ]);
      ctx.out.text('\nRecipes without bundled motifs need --motif-file (e.g. JASPAR CORE vertebrates in MEME or JASPAR format).');
      return;
    }
    if (!ctx.session.svc.project) throw new UsageError('simulate needs --project FILE.cisgram (see cisgram simulate --help).');
    const recipe = str(v, 'recipe');
    if (!recipe) throw new UsageError('simulate needs --recipe ID (cisgram simulate --list shows them).');
    const opt = (key: string, field: string) => { const n = num(v, key); return n === undefined ? {} : { [field]: n }; };
    const fractions = numList(v, 'fractions');
    const motifFile = str(v, 'motif-file') === undefined ? undefined : resolve(str(v, 'motif-file')!);
    const spec = {
      name: str(v, 'name') ?? recipe,
      recipe,
      ...(motifFile ? { motifFile } : {}),
      ...opt('length', 'length'), ...opt('positives', 'nPositives'), ...opt('negatives', 'nNegatives'),
      ...opt('gc', 'gc'), ...opt('decoys', 'decoyFraction'), ...opt('seed', 'seed'),
      ...(fractions ? { fractions: fractions as [number, number, number] } : {}),
    } as Input<'data.simulate'>;
    const { result } = await ctx.session.runJobOf('data.simulate', await ctx.session.call('data.simulate', spec));
    await reportDataset(ctx, 'simulate', result.datasetId);
  },
};

export const datasetsCommand: Command = {
  name: 'datasets',
  summary: 'list the datasets of a project',
  usage: 'cisgram datasets -p P.cisgram',
  options: {},
  examples: ['cisgram datasets -p demo.cisgram'],
  project: 'required',
  engine: false,
  async run(ctx) {
    const rows = await ctx.session.call('train.datasets', {});
    ctx.out.table('datasets', rows, [
      { label: 'id', get: (d) => d.id },
      { label: 'name', get: (d) => d.name },
      { label: 'kind', get: (d) => d.kind },
      { label: 'seqs', get: (d) => d.nSeqs },
      { label: 'train', get: (d) => d.splits.train },
      { label: 'valid', get: (d) => d.splits.valid },
      { label: 'test', get: (d) => d.splits.test },
      { label: 'length', get: (d) => (d.minLength === d.maxLength ? d.minLength : `${d.minLength}–${d.maxLength}`) },
      { label: 'tasks', get: (d) => d.taskNames.join(', ') },
      { label: 'problem', get: (d) => d.problem ?? '' },
    ], 'No datasets yet: add one with cisgram import or cisgram simulate.');
  },
};
