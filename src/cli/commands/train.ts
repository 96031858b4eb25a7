// Training commands: `train` (any model kind × any preset × a list of seeds, with overrides, one
// `train.start` per run exactly as the Train screen does), `runs` (list), `presets` (the settings
// that --set can change), `jobs` (list) and `resume` (continue a cancelled or interrupted job).
import type { RunSummary } from '../../shared/api';
import { ModelKind, PresetId } from '../../shared/api';
import { assignments, jsonObject, list, numList, str, UsageError, type Values } from '../args';
import { datasetRef, type Command } from '../command';
import type { Column } from '../print';
import { AppError, assertDone, formatSeconds } from '../session';

const runColumns: Column<RunSummary>[] = [
  { label: 'id', get: (r) => r.id },
  { label: 'name', get: (r) => r.name },
  { label: 'model', get: (r) => r.modelKind },
  { label: 'preset', get: (r) => r.preset },
  { label: 'seed', get: (r) => r.seed },
  { label: 'state', get: (r) => r.state },
  { label: 'epochs', get: (r) => `${r.epochsDone}/${r.epochs}` },
  { label: 'test auROC', get: (r) => r.test?.auroc ?? null, digits: 3 },
  { label: 'test auPRC', get: (r) => r.test?.auprc ?? null, digits: 3 },
  { label: 'time', get: (r) => (r.trainSeconds ? formatSeconds(r.trainSeconds) : '') },
  { label: 'job', get: (r) => r.jobId },
];

/** Validated enum values from the shared contract, with a usage message naming the flag. */
function enumList<T extends string>(values: Values, key: string, schema: { options: readonly T[] }, fallback: T[]): T[] {
  const items = list(values, key);
  if (!items || !items.length) return fallback;
  for (const x of items) if (!(schema.options as readonly string[]).includes(x)) throw new UsageError(`--${key}: “${x}” is not one of ${schema.options.join(', ')}.`);
  return items as T[];
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'train models (any kind, any preset, several seeds) on a dataset and wait for them',
  usage: 'cisgram train -p P.cisgram --dataset ID|NAME [--model KINDS] [--preset P] [--seed N,…] [--set key=value …]',
  details: [
    'One run is started per model kind and seed (they run one after another, as in the app).',
    'Settings are changed from the preset with --set, nested keys with dots; values are JSON where they parse:',
    '  --set epochs=5 --set model.F=4 --set lr=0.002 --set earlyStopping.enabled=false --set prior.kind=fourier',
    '`cisgram presets` lists every setting with its range and the preset defaults.',
  ].join('\n'),
  options: {
    dataset: { type: 'string', short: 'd', value: 'ID|NAME', help: 'the dataset to train on' },
    model: { type: 'string', multiple: true, value: 'KIND,…', help: `model kind(s): ${ModelKind.options.join(', ')} (default argminn)` },
    preset: { type: 'string', value: 'PRESET', help: `${PresetId.options.join(', ')} (default standard)` },
    seed: { type: 'string', multiple: true, value: 'N,…', help: 'random seed(s); one run per seed (default: the preset’s, 1)' },
    set: { type: 'string', multiple: true, value: 'KEY=VALUE', help: 'change a setting from the preset (repeatable)' },
    overrides: { type: 'string', value: 'JSON', help: 'settings as one JSON object, e.g. {"model":{"F":4}} (--set applies on top)' },
    name: { type: 'string', value: 'NAME', help: 'run name (with several runs: a prefix)' },
  },
  examples: [
    'cisgram train -p demo.cisgram -d 1 --preset quick --seed 1,2,3',
    'cisgram train -p demo.cisgram -d "my peaks" --model argminn,cnn,explainn --preset paper --set epochs=20',
  ],
  project: 'required',
  engine: true,
  async run(ctx) {
    const v = ctx.values;
    const dsText = str(v, 'dataset');
    if (!dsText) throw new UsageError('train needs --dataset ID|NAME (cisgram datasets lists them).');
    const datasetId = await datasetRef(ctx.session, dsText);
    const models = enumList(v, 'model', ModelKind, ['argminn']);
    const presetText = str(v, 'preset') ?? 'standard';
    if (!(PresetId.options as readonly string[]).includes(presetText)) throw new UsageError(`--preset is one of ${PresetId.options.join(', ')}, not “${presetText}”.`);
    const preset = presetText as (typeof PresetId.options)[number];
    const seeds = numList(v, 'seed');
    const base = assignments((v.set as string[] | undefined) ?? [], jsonObject(v, 'overrides') ?? {});
    const name = str(v, 'name');
    const plan = models.flatMap((model) => (seeds ?? [undefined]).map((seed) => ({ model, seed })));
    const started = [];
    for (const { model, seed } of plan) {
      const overrides = seed === undefined ? base : { ...base, seed };
      const runName = name && plan.length > 1 ? `${name} · ${model}${seed !== undefined ? ` · seed ${seed}` : ''}` : name;
      const r = await ctx.session.call('train.start', { datasetId, model, preset, overrides, ...(runName ? { name: runName } : {}) });
      ctx.out.text(`Started run ${r.run.id} “${r.run.name}” (job ${r.job.id}).`);
      ctx.out.record({ type: 'started', runId: r.run.id, jobId: r.job.id, name: r.run.name });
      started.push(r);
    }
    const ends = await ctx.session.follow(started.map((s) => s.job));
    const ids = new Set(started.map((s) => s.run.id));
    const runs = (await ctx.session.call('train.runs', {})).filter((r) => ids.has(r.id)).sort((a, b) => a.id - b.id);
    ctx.out.text('');
    ctx.out.table('train', runs, runColumns);
    const bad = ends.filter((j) => j.state !== 'done');
    if (bad.length === 1 && ends.length === 1) assertDone(bad[0]);
    if (bad.length) throw new AppError('jobs_failed', `${bad.length} of ${ends.length} runs did not finish: ${bad.map((j) => `${j.title} (${j.state}${j.error ? `: ${j.error}` : ''})`).join('; ')}`);
  },
};

export const runsCommand: Command = {
  name: 'runs',
  summary: 'list the training runs of a project',
  usage: 'cisgram runs -p P.cisgram [--dataset ID|NAME]',
  options: { dataset: { type: 'string', short: 'd', value: 'ID|NAME', help: 'only the runs of this dataset' } },
  examples: ['cisgram runs -p demo.cisgram'],
  project: 'required',
  engine: false,
  async run(ctx) {
    const ds = str(ctx.values, 'dataset');
    const datasetId = ds ? await datasetRef(ctx.session, ds) : null;
    const runs = (await ctx.session.call('train.runs', {})).filter((r) => datasetId === null || r.datasetId === datasetId);
    ctx.out.table('runs', runs, [...runColumns.slice(0, 2), { label: 'dataset', get: (r) => r.datasetName }, ...runColumns.slice(2)], 'No runs yet: start one with cisgram train.');
  },
};

export const presetsCommand: Command = {
  name: 'presets',
  summary: 'list model kinds, presets and every training setting (for train --set)',
  usage: 'cisgram presets',
  options: {},
  examples: ['cisgram presets'],
  project: 'none',
  engine: false,
  async run(ctx) {
    const p = await ctx.session.call('train.presets', {});
    if (ctx.out.json) {
      ctx.out.record({ type: 'result', command: 'presets', value: p });
      return;
    }
    ctx.out.text('Model kinds (--model):');
    for (const m of p.models) ctx.out.text(`  ${m.id.padEnd(9)} ${m.label}${m.available ? '' : ' (not available)'} — ${m.summary}`);
    ctx.out.text('\nPresets (--preset):');
    for (const s of p.presets) ctx.out.text(`  ${s.id.padEnd(9)} ${s.label}, ${s.epochs} epochs — ${s.summary}`);
    ctx.out.text('\nSettings (--set KEY=VALUE):');
    ctx.out.table('presets', p.fields, [
      { label: 'key', get: (f) => f.key },
      { label: 'type', get: (f) => f.type },
      { label: 'range', get: (f) => (f.min === null && f.max === null ? '' : `${f.min ?? ''}–${f.max ?? ''}`) },
      { label: 'standard', get: (f) => String(f.defaults.standard) },
      { label: 'quick', get: (f) => String(f.defaults.quick) },
      { label: 'paper', get: (f) => String(f.defaults.paper) },
      { label: 'meaning', get: (f) => f.help },
    ]);
  },
};

export const jobsCommand: Command = {
  name: 'jobs',
  summary: 'list the jobs of a project (cancelled and interrupted ones can be resumed)',
  usage: 'cisgram jobs -p P.cisgram',
  options: {},
  examples: ['cisgram jobs -p demo.cisgram'],
  project: 'required',
  engine: false,
  async run(ctx) {
    const jobs = await ctx.session.call('jobs.list', {});
    ctx.out.table('jobs', jobs, [
      { label: 'job', get: (j) => j.id },
      { label: 'kind', get: (j) => j.kind },
      { label: 'state', get: (j) => j.state },
      { label: 'done', get: (j) => `${Math.round(j.fraction * 100)}%` },
      { label: 'resumable', get: (j) => ['interrupted', 'cancelled', 'failed'].includes(j.state) },
      { label: 'title', get: (j) => j.title },
      { label: 'message', get: (j) => j.error ?? j.message },
    ], 'No jobs in this project.');
  },
};

export const resumeCommand: Command = {
  name: 'resume',
  summary: 'resume a cancelled, interrupted or failed job from its last checkpoint and wait for it',
  usage: 'cisgram resume -p P.cisgram JOB',
  options: {},
  examples: ['cisgram resume -p demo.cisgram 7f3c2a9e'],
  project: 'required',
  engine: true,
  async run(ctx) {
    const id = ctx.positionals[0];
    if (!id) throw new UsageError('resume needs a job id (cisgram jobs lists them).');
    const end = await ctx.session.runJob(await ctx.session.call('jobs.resume', { id }));
    ctx.out.record({ type: 'result', command: 'resume', value: end });
    ctx.out.text(`${end.title}: done.`);
  },
};
