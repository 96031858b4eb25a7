// Analysis commands: `evaluate` (the Compare screen's evaluation against a motif collection, then
// its table), `motifs` (extract a run's filter motifs and print them, optionally export a motif
// file), `paper` (the paper benchmark job) and `library` (the app-wide known-motif library).
import { extname, resolve } from 'node:path';
import type { CompareTable, ProjectMotif } from '../../shared/api';
import { MotifFileFormat } from '../../shared/api';
import { flag, list, num, numList, str, UsageError } from '../args';
import { collectionRef, datasetRef, idArg, type Command } from '../command';
import type { Column } from '../print';

/** Columns printed per model group (the full set is in --json and in --export). */
const SHOWN = ['auroc', 'auprc', 'passing', 'used', 'relevant', 'redundancy', 'extraneous', 'p80', 'ruleFound'];

function printTable(t: CompareTable, out: import('../print').Printer): void {
  if (out.json) {
    out.record({ type: 'result', command: 'evaluate', value: t });
    return;
  }
  const cols = t.columns.filter((c) => SHOWN.includes(c.key) && (t.hasTruth || !c.truthOnly));
  out.text(`Comparison on “${t.datasetName}” (mean ± sd over seeds):`);
  out.table('evaluate', t.groups, [
    { label: 'model', get: (g) => g.group },
    { label: 'seeds', get: (g) => g.seeds.join(',') },
    ...cols.map((c): Column<CompareTable['groups'][number]> => ({
      label: c.label,
      get: (g) => {
        const s = g.stats[c.key];
        if (!s || s.mean === null) return null;
        return s.n > 1 && s.sd !== null ? `${s.mean.toFixed(c.digits)} ± ${s.sd.toFixed(Math.max(c.digits, 2))}` : s.mean.toFixed(c.digits);
      },
    })),
  ], 'No evaluated runs on this dataset.');
  const notes = t.rows.filter((r) => r.status).map((r) => `  run ${r.runId} “${r.name}”: ${r.status}`);
  if (notes.length) out.text(['', 'Notes:', ...notes].join('\n'));
}

export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: 'evaluate runs of a dataset (metrics, motif recovery against a collection) and print the comparison',
  usage: 'cisgram evaluate -p P.cisgram --dataset ID|NAME [--runs ID,…] [--collection ID|NAME] [--force] [--export FILE.csv|html]',
  options: {
    dataset: { type: 'string', short: 'd', value: 'ID|NAME', help: 'the dataset whose runs are compared' },
    runs: { type: 'string', multiple: true, value: 'ID,…', help: 'runs to (re)evaluate (default: finished runs not evaluated yet)' },
    collection: { type: 'string', short: 'c', value: 'ID|NAME', help: 'known-motif collection of the library (default: the library’s collection with TF families)' },
    force: { type: 'boolean', help: 're-evaluate runs already evaluated' },
    export: { type: 'string', value: 'FILE', help: 'also write the comparison as CSV or HTML (by extension)' },
    overwrite: { type: 'boolean', help: 'replace an existing --export file' },
  },
  examples: ['cisgram evaluate -p demo.cisgram -d 1 --collection "JASPAR 2024 CORE vertebrates"'],
  project: 'required',
  engine: true,
  async run(ctx) {
    const v = ctx.values;
    const ds = str(v, 'dataset');
    if (!ds) throw new UsageError('evaluate needs --dataset ID|NAME.');
    const datasetId = await datasetRef(ctx.session, ds);
    const col = str(v, 'collection');
    const collectionId = col ? await collectionRef(ctx.session, col) : null;
    const runIds = numList(v, 'runs');
    await ctx.session.runJob(await ctx.session.call('compare.evaluate', { datasetId, collectionId, force: flag(v, 'force'), ...(runIds ? { runIds } : {}) }));
    printTable(await ctx.session.call('compare.table', { datasetId }), ctx.out);
    const file = str(v, 'export');
    if (file) {
      const format = extname(file).slice(1).toLowerCase();
      if (format !== 'csv' && format !== 'html') throw new UsageError('--export needs a file ending in .csv or .html.');
      const w = await ctx.session.call('compare.export', { datasetId, format, path: resolve(file), overwrite: flag(v, 'overwrite') });
      ctx.out.note(`Wrote ${w.path}`);
    }
  },
};

const motifColumns: Column<ProjectMotif>[] = [
  { label: 'id', get: (m) => m.id },
  { label: 'filter', get: (m) => m.filterIndex },
  { label: 'name', get: (m) => m.name },
  { label: 'consensus', get: (m) => m.consensus },
  { label: 'sites', get: (m) => m.nSites },
  { label: 'mean IC', get: (m) => m.meanIC, digits: 2 },
  { label: 'pos', get: (m) => (m.nPos ? `${Math.round((100 * m.firesPos) / m.nPos)}%` : '') },
  { label: 'neg', get: (m) => (m.nNeg ? `${Math.round((100 * m.firesNeg) / m.nNeg)}%` : '') },
  { label: 'passes', get: (m) => m.passes },
  { label: 'unused', get: (m) => m.unused },
  { label: 'rc twin', get: (m) => m.rcTwinMotifId },
];

export const motifsCommand: Command = {
  name: 'motifs',
  summary: 'extract the motifs a run learned (one per filter) and print them; --export writes a motif file',
  usage: 'cisgram motifs -p P.cisgram --run ID [--collection ID|NAME] [--list] [--export FILE]',
  options: {
    run: { type: 'string', short: 'r', value: 'ID', help: 'the run' },
    dataset: { type: 'string', short: 'd', value: 'ID|NAME', help: 'sequences to read activations on (default: the run’s dataset)' },
    collection: { type: 'string', short: 'c', value: 'ID|NAME', help: 'also match the motifs to this library collection (TomTom)' },
    'max-sequences': { type: 'string', value: 'N', help: 'sequences scanned for sites (default 5000)' },
    list: { type: 'boolean', help: 'only print the motifs already extracted' },
    all: { type: 'boolean', help: 'include motifs that fail the quality checks' },
    export: { type: 'string', value: 'FILE', help: `write the passing motifs to a motif file (${MotifFileFormat.options.join(', ')}; by extension or --format)` },
    format: { type: 'string', value: 'FORMAT', help: 'format of --export' },
    overwrite: { type: 'boolean', help: 'replace an existing --export file' },
  },
  examples: ['cisgram motifs -p demo.cisgram --run 3', 'cisgram motifs -p demo.cisgram --run 3 --list --export run3.meme'],
  project: 'required',
  engine: true,
  async run(ctx) {
    const v = ctx.values;
    const runId = idArg(str(v, 'run'), 'a run id (--run ID)', 'motifs');
    if (!flag(v, 'list')) {
      const ds = str(v, 'dataset'), col = str(v, 'collection'), max = num(v, 'max-sequences');
      const input = {
        runId,
        ...(ds ? { datasetId: await datasetRef(ctx.session, ds) } : {}),
        ...(col ? { collectionId: await collectionRef(ctx.session, col) } : {}),
        ...(max !== undefined ? { maxSequences: max } : {}),
      };
      await ctx.session.runJob(await ctx.session.call('motifs.extract', input));
    }
    const all = await ctx.session.call('motifs.list', { runId });
    const shown = flag(v, 'all') ? all : all.filter((m) => m.passes && !m.unused);
    ctx.out.table('motifs', shown, motifColumns, all.length ? `None of the ${all.length} motifs of run ${runId} passes the quality checks (--all shows them).` : `Run ${runId} has no extracted motifs yet (run without --list).`);
    if (!ctx.out.json && shown.length < all.length) ctx.out.text(`(${all.length - shown.length} more fail the quality checks or are unused: --all shows them)`);
    const file = str(v, 'export');
    if (file) {
      const fmt = str(v, 'format') ?? extname(file).slice(1).toLowerCase();
      const parsed = MotifFileFormat.safeParse(fmt === 'txt' ? 'meme' : fmt);
      if (!parsed.success) throw new UsageError(`--export: cannot tell the format of “${file}”; add --format (${MotifFileFormat.options.join(', ')}).`);
      const w = await ctx.session.call('motifs.export', { motifIds: shown.map((m) => m.id), format: parsed.data, path: resolve(file), overwrite: flag(v, 'overwrite') });
      ctx.out.note(`Wrote ${w.count} motifs to ${w.path}`);
    }
  },
};

export const paperCommand: Command = {
  name: 'paper',
  summary: 'reproduce the paper’s benchmark: grammars × models × seeds, evaluated, one HTML report',
  usage: 'cisgram paper -p P.cisgram --collection ID|NAME [--seeds N] [--quick] [--recipes ID,…] [--models KIND,…]',
  details: 'Needs JASPAR CORE vertebrates (2020 or later) in the motif library: cisgram library import JASPAR2024_CORE_vertebrates_non-redundant_pfms_transfac.txt\nThe job is resumable: after Ctrl+C, `cisgram resume -p P.cisgram JOB` continues where it stopped.',
  options: {
    collection: { type: 'string', short: 'c', value: 'ID|NAME', help: 'the JASPAR collection of the library' },
    seeds: { type: 'string', value: 'N', help: 'seeds per model (default 3)' },
    quick: { type: 'boolean', help: 'a short version (fewer epochs and sequences) to check the set-up' },
    recipes: { type: 'string', multiple: true, value: 'ID,…', help: 'only these grammars (default: all six)' },
    models: { type: 'string', multiple: true, value: 'KIND,…', help: 'only these model kinds (default: all)' },
  },
  examples: ['cisgram paper -p paper.cisgram --create --collection 1 --quick --seeds 1'],
  project: 'required',
  engine: true,
  async run(ctx) {
    const v = ctx.values;
    const col = str(v, 'collection');
    if (!col) throw new UsageError('paper needs --collection ID|NAME (cisgram library lists them).');
    const seeds = num(v, 'seeds');
    const recipes = list(v, 'recipes'), models = list(v, 'models');
    const input = {
      collectionId: await collectionRef(ctx.session, col),
      quick: flag(v, 'quick'),
      ...(seeds !== undefined ? { seeds } : {}),
      ...(recipes ? { recipes } : {}),
      ...(models ? { models: models as ('argminn' | 'cnn' | 'cnn_reg' | 'explainn')[] } : {}),
    };
    const { end, result: r } = await ctx.session.runJobOf('compare.paper', await ctx.session.call('compare.paper', input));
    ctx.out.record({ type: 'result', command: 'paper', value: end.result });
    ctx.out.text(`Paper benchmark done: ${r.runs} runs. Report: ${r.reportPath}`);
  },
};

export const libraryCommand: Command = {
  name: 'library',
  summary: 'the app-wide known-motif library: list collections, or import a motif file',
  usage: 'cisgram library [list]   |   cisgram library import FILE [--name NAME] [--format FORMAT]',
  options: {
    name: { type: 'string', value: 'NAME', help: 'collection name (import; default: the file name)' },
    format: { type: 'string', value: 'FORMAT', help: `${MotifFileFormat.options.join(', ')} (import; default: detected)` },
  },
  examples: ['cisgram library import JASPAR2024_CORE_vertebrates_non-redundant_pfms_transfac.txt', 'cisgram library'],
  project: 'none',
  engine: false,
  async run(ctx) {
    const [action = 'list', file] = ctx.positionals;
    if (action === 'import') {
      if (!file) throw new UsageError('library import needs a motif file.');
      const fmt = str(ctx.values, 'format');
      const parsed = fmt === undefined ? undefined : MotifFileFormat.safeParse(fmt);
      if (parsed && !parsed.success) throw new UsageError(`--format is one of ${MotifFileFormat.options.join(', ')}.`);
      const name = str(ctx.values, 'name');
      const c = await ctx.session.call('motifs.library.import', { path: resolve(file), ...(name ? { name } : {}), ...(parsed ? { format: parsed.data } : {}) });
      ctx.out.record({ type: 'result', command: 'library', value: c });
      ctx.out.text(`Imported collection ${c.id} “${c.name}”: ${c.count} motifs (${c.format}).`);
      return;
    }
    if (action !== 'list') throw new UsageError(`library: “${action}” is not list or import.`);
    const lib = await ctx.session.call('motifs.library.list', {});
    ctx.out.table('library', lib.collections, [
      { label: 'id', get: (c) => c.id },
      { label: 'name', get: (c) => c.name },
      { label: 'motifs', get: (c) => c.count },
      { label: 'format', get: (c) => c.format },
      { label: 'file', get: (c) => c.file },
    ], `The motif library (${lib.path}) is empty: add a collection with cisgram library import FILE.`);
  },
};
