// The bad-input corpus (test/fixtures/bad, made by make.mjs: FASTA, sequence tables, BED, genomes,
// VCF, motif files, model files, project files) fed through the import commands the
// screens call, through dispatch: every file is refused with a sentence naming it (and its line
// where the fault sits on one line); never an internal error, a stack trace or a crash; the open
// project's content (every table but the job history) is unchanged, the motif library too, and
// nothing is written beside the user's files.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { CisgramService } from '../../../src/core/app/service';
import { dispatch } from '../../../src/core/app/dispatch';
import type { JobInfo } from '../../../src/shared/api';

process.env.CISGRAM_ENGINE = 'none';
const tmp = mkdtempSync(join(tmpdir(), 'cisgram-bad-'));
process.env.CISGRAM_CACHE_DIR = join(tmp, 'cache');
const corpus = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/bad');
const manifest = JSON.parse(readFileSync(join(corpus, 'manifest.json'), 'utf8')) as { kind: string; file: string; line?: number; says?: string }[];

let service: CisgramService;
let projectPath: string;
const goodGenome = join(tmp, 'genome.fa');
const goodPeaks = join(tmp, 'peaks.bed');

/** Every table of the project but the job history, row by row. */
function contentHash(): string {
  const db = new Database(projectPath, { readonly: true });
  try {
    const h = createHash('sha256');
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
    for (const t of tables.filter((n) => n !== 'jobs' && n !== 'job_metrics')) {
      h.update(`\u0000${t}\u0000`);
      const rows = (db.prepare(`SELECT * FROM "${t}"`).raw().all() as unknown[][]).map((row) =>
        JSON.stringify(row, (_k, v) => (Buffer.isBuffer(v) ? v.toString('hex') : typeof v === 'bigint' ? String(v) : v)),
      );
      for (const row of rows.sort()) h.update(row);
    }
    return h.digest('hex');
  } finally {
    db.close();
  }
}

async function waitJob(id: string): Promise<JobInfo> {
  for (const t0 = Date.now(); Date.now() - t0 < 30_000; ) {
    const r = await dispatch(service, 'jobs.get', { id });
    if (!r.ok) throw new Error(r.error.message);
    const j = r.value as JobInfo;
    if (['done', 'failed', 'cancelled', 'interrupted'].includes(j.state)) return j;
    await new Promise((res) => setTimeout(res, 10));
  }
  throw new Error(`job ${id} did not finish`);
}

/** The refusal of one file by the command its screen calls: { text } or a reason it was not refused. */
async function feed(kind: string, file: string): Promise<{ text: string } | { accepted: string }> {
  const asJob = async (input: unknown) => {
    const r = await dispatch(service, 'data.import', input);
    if (!r.ok) return r.error.code === 'internal' ? { accepted: `internal error: ${r.error.message}` } : { text: r.error.message };
    const job = await waitJob((r.value as JobInfo).id);
    return job.state === 'failed' ? { text: job.error ?? '' } : { accepted: `job ${job.state}` };
  };
  const sync = async (name: string, input: unknown) => {
    const r = await dispatch(service, name, input);
    if (r.ok) return { accepted: `${name} answered ok` };
    return r.error.code === 'internal' ? { accepted: `internal error: ${r.error.message}` } : { text: r.error.message };
  };
  const name = `bad ${basename(file)}`.slice(0, 100);
  switch (kind) {
    case 'fasta': return asJob({ name, source: { kind: 'fasta', positives: file }, negatives: { mode: 'shuffle' }, split: { mode: 'random', fractions: [0.6, 0.2, 0.2] }, seed: 1 });
    case 'table': return asJob({ name, source: { kind: 'table', file, columns: { sequence: 'sequence', labels: ['label'] } }, negatives: { mode: 'none' }, split: { mode: 'random', fractions: [0.6, 0.2, 0.2] }, seed: 1 });
    case 'bed': return asJob({ name, source: { kind: 'peaks', peaks: file, genome: goodGenome, window: { length: 100, centre: 'centre' } }, negatives: { mode: 'shuffle' }, split: { mode: 'random', fractions: [0.6, 0.2, 0.2] }, seed: 1 });
    case 'genome': return asJob({ name, source: { kind: 'peaks', peaks: goodPeaks, genome: file, window: { length: 100, centre: 'centre' } }, negatives: { mode: 'shuffle' }, split: { mode: 'random', fractions: [0.6, 0.2, 0.2] }, seed: 1 });
    case 'vcf': return sync('variants.fields', { vcfPath: file });
    case 'motif': return sync('motifs.library.import', { path: file });
    case 'model': return sync('train.import', { path: file });
    case 'project': return sync('projects.open', { path: file });
    default: throw new Error(`no command for ${kind}`);
  }
}

const listing = () => readdirSync(corpus, { recursive: true }).map(String).sort();

beforeAll(async () => {
  service = new CisgramService({ dataDir: join(tmp, 'data'), mode: 'browser' });
  const wrap = (s: string) => s.match(/.{1,60}/g)!.join('\n');
  const seq = (n: number, k: number) => Array.from({ length: n }, (_, i) => 'ACGT'[(i * 7 + k * 13 + ((i * i) >> 3)) % 4]).join('');
  writeFileSync(goodGenome, `>chr1\n${wrap(seq(3000, 1))}\n>chr2\n${wrap(seq(2400, 2))}\n`);
  writeFileSync(goodPeaks, Array.from({ length: 12 }, (_, i) => `chr${1 + (i % 2)}\t${200 + i * 150}\t${300 + i * 150}\n`).join(''));
  const r = await dispatch(service, 'projects.create', { name: 'Corpus' });
  if (!r.ok) throw new Error(r.error.message);
  projectPath = (r.value as { path: string }).path;
  // Real content to protect: one good dataset.
  const ok = await dispatch(service, 'data.import', { name: 'Good', source: { kind: 'peaks', peaks: goodPeaks, genome: goodGenome, window: { length: 100, centre: 'centre' } }, negatives: { mode: 'shuffle' }, split: { mode: 'random', fractions: [0.6, 0.2, 0.2] }, seed: 1 });
  if (!ok.ok) throw new Error(ok.error.message);
  const job = await waitJob((ok.value as JobInfo).id);
  if (job.state !== 'done') throw new Error(`good import: ${job.error}`);
});
afterAll(async () => service.dispose());

describe('bad-input corpus', () => {
  it('has at least 150 files over every imported format', () => {
    expect(manifest.length).toBeGreaterThanOrEqual(150);
    expect(new Set(manifest.map((m) => m.kind))).toEqual(new Set(['fasta', 'table', 'bed', 'genome', 'vcf', 'motif', 'model', 'project']));
  });

  it('refuses every file with a sentence naming it (and the line), changing nothing', async () => {
    let hash0 = contentHash();
    const before = listing();
    const library0 = JSON.stringify(await dispatch(service, 'motifs.library.list', {}));
    const problems: string[] = [];
    for (const m of manifest) {
      const file = join(corpus, m.file);
      const out = await feed(m.kind, file);
      const tag = `${m.kind} ${m.file}`;
      if ('accepted' in out) {
        problems.push(`${tag}: not refused (${out.accepted})`);
        hash0 = contentHash(); // report the rest too
        continue;
      }
      const { text } = out;
      if (process.env.BAD_DUMP) console.log(`MSG ${tag} => ${text}`);
      if (!text.includes(basename(file))) problems.push(`${tag}: message does not name the file: ${text}`);
      if (m.line !== undefined && !new RegExp(`(:${m.line}\\b|line ${m.line}\\b)`).test(text)) problems.push(`${tag}: message does not name line ${m.line}: ${text}`);
      if (m.says !== undefined && !text.includes(m.says)) problems.push(`${tag}: message does not say '${m.says}': ${text}`);
      if (/\n\s+at |TypeError|ReferenceError|DataView|Cannot read prop|undefined is not|\binternal\b/i.test(text)) problems.push(`${tag}: internal detail in the message: ${text}`);
      if (service.project?.path !== projectPath) problems.push(`${tag}: the open project changed to ${service.project?.path ?? 'none'}`);
      if (contentHash() !== hash0) {
        problems.push(`${tag}: the project's content changed`);
        hash0 = contentHash();
      }
    }
    if (problems.length) console.log(problems.join("\n"));
    expect(problems).toEqual([]);
    expect(JSON.stringify(await dispatch(service, 'motifs.library.list', {}))).toBe(library0);
    expect(listing()).toEqual(before); // no index or temp file beside the user's files
  });
});
