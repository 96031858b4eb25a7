// Handlers of the design commands: thin, validated entry points into src/core/design services.
// Canvas edits are applied to the stored design, re-scored in the engine worker (Engine.call
// 'design.score', model cached there) and written only once scoring succeeded, so a failed edit
// never half-writes. Exports are written server-side, atomically, never replacing a file unless
// the user confirmed it.
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ApiError } from '../../../shared/api/errors';
import { drawModelClean, contributions } from '../../design/model-clean';
import type { CisgramService, Handlers } from '../service';
import type { designCommands, DesignRecord, DesignSummary, DesignExportReport } from '../../../shared/api/design';
import { APP_VERSION } from '../../version';
import { listRuns, getRun, RunError } from '../../train/runs';
import { listDatasets } from '../../data/store';
import { listMotifs } from '../../motifs/project-store';
import { listRules } from '../../grammar/rules-store';
import { BackgroundError, type Background } from '../../design/background';
import { createDesign, deleteInsertion, DesignError, insertionFromMotif, moveInsertion, placeInsertion, type Design } from '../../design/design';
import { productOf } from '../../design/constraints';
import { ProfileError } from '../../design/profiles';
import { drawBackground, strongMatchCheck, checkBatchSize } from '../../design/batch';
import type { ScoredSequence } from '../../design/scoring';
import {
  asDesign, deleteBatch, deleteDesigns, DesignStoreError, getDesign, getDesigns, getProfile, guidesFor, insertDesign, listBatches,
  listProfiles, naturalIndices, naturalSequence, pageDesigns, paletteMotif, paletteMotifs, recheckDesign, renameDesign, resetProfile,
  saveProfile, setStatus, uniqueName, updateDesign, type DesignRow, type Scoring,
} from '../../design/store';
import { designsToFasta } from '../../export/fasta';
import { designsToGenBank } from '../../export/genbank';
import { buildOrder, orderCsv, orderXlsx } from '../../export/order';
import { ExportError } from '../../export/errors';

/** Known error types become user-facing API errors. */
function userErrors(e: unknown): never {
  if (e instanceof ApiError) throw e;
  if (e instanceof DesignStoreError) throw new ApiError(e.code, e.message);
  if (e instanceof DesignError || e instanceof BackgroundError || e instanceof ExportError) throw new ApiError('invalid_input', e.message);
  if (e instanceof ProfileError) throw new ApiError('invalid_input', e.message, { problems: e.problems });
  if (e instanceof RunError) throw new ApiError(e.code, e.message);
  throw e;
}

async function guard<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    userErrors(e);
  }
}

function runW(db: Parameters<typeof getRun>[0], runId: number): number {
  const r = getRun(db, runId);
  const W = (r?.config as { model?: { W?: number } } | undefined)?.model?.W;
  return typeof W === 'number' ? W : 15;
}

function toRecord(row: DesignRow, profileInsertOffset: number, scoreMs?: number): DesignRecord {
  const { ...r } = row;
  return { ...r, insertOffset: profileInsertOffset, ...(scoreMs !== undefined ? { scoreMs } : {}) } as DesignRecord;
}

function summary(row: DesignRow, runNames: Map<number, string>): DesignSummary {
  const bg = row.background;
  const bgText = bg.source === 'sampled' ? `sampled, GC ${Math.round((bg.gc ?? 0) * 100)}%, seed ${bg.seed}`
    : (bg.source as string) === 'pasted' ? `pasted${bg.fromSequence ? ` (${bg.fromSequence})` : ''}`
      : `${bg.source === 'shuffled-negative' ? 'shuffled negative' : 'shuffled positive'} ${bg.fromSequence ?? ''}, seed ${bg.seed}`;
  return {
    id: row.id, name: row.name, length: row.length, prediction: row.prediction,
    insertions: row.insertions.map((i) => ({ motifName: i.motifName, start: i.start, strand: i.strand, source: i.source, scrambled: !!i.scrambled })),
    nCalls: row.calls.length, nViolations: row.violations.length, background: bgText, batchId: row.batchId, role: row.role,
    spacing: row.batchInfo?.spacing ?? null, orientation: row.batchInfo?.orientation ?? null, status: row.status,
    runName: row.scoredBy?.runName ?? (row.runId !== null ? runNames.get(row.runId) ?? null : null), createdAt: row.createdAt,
  };
}

const EXT = { fasta: 'fasta', genbank: 'gb', csv: 'csv', xlsx: 'xlsx' } as const;

export function designHandlers(svc: CisgramService): Pick<Handlers, keyof typeof designCommands> {
  const db = () => svc.requireProject().db;

  async function score(runId: number, sequence: string): Promise<{ scoring: Scoring; ms: number }> {
    const run = getRun(db(), runId);
    if (!run) throw new ApiError('not_found', `The run that scores this design (${runId}) no longer exists; create a new design with another run.`);
    if (!run.hasModel) throw new ApiError('conflict', `Run “${run.name}” has no trained model yet; wait for it to finish or choose another run.`);
    const t0 = performance.now();
    let res: ScoredSequence[];
    try {
      res = await svc.engine.call<ScoredSequence[]>('design.score', { projectPath: svc.requireProject().path, runId, sequences: [sequence] }, 120_000);
    } catch (e) {
      throw new ApiError('internal', `The model could not score this design: ${(e as Error).message}`);
    }
    const ms = performance.now() - t0;
    return { ms, scoring: { predictions: res[0].probs, calls: res[0].calls, scoredBy: { runId, runName: run.name, backend: svc.engine.info.backend, appVersion: APP_VERSION, at: new Date().toISOString() } } };
  }

  function record(row: DesignRow, profileId: string, ms?: number): DesignRecord {
    const profile = getProfile(db(), profileId);
    const r = recheckDesign(db(), row, profile);
    return toRecord(r, productOf('', profile).insertOffset, ms);
  }

  /** Several sequences scored by a run's model in one engine call (model-clean draws, contributions). */
  async function scoreMany(runId: number, sequences: string[]): Promise<ScoredSequence[]> {
    try {
      return await svc.engine.call<ScoredSequence[]>('design.score', { projectPath: svc.requireProject().path, runId, sequences }, 120_000);
    } catch (e) {
      throw new ApiError('internal', `The model could not score these sequences: ${(e as Error).message}`);
    }
  }

  /** Apply a pure edit, score, then write: nothing is written when the edit or the scoring fails. */
  async function edit(id: number, profileId: string, fn: (d: Design, row: DesignRow) => Design): Promise<DesignRecord> {
    const row = getDesign(db(), id);
    if (row.runId === null) throw new ApiError('conflict', `The run that scored design ${row.name} was deleted; duplicate it under another run to keep editing.`);
    let next = fn(asDesign(row), row);
    const { scoring, ms } = await score(row.runId, next.sequence);
    // Δ on insertion: a motif new here (placed, or moved) carries the change it made.
    const key = (i: { motifId: string; start: number; strand: string; bases: string }) => `${i.motifId}|${i.start}|${i.strand}|${i.bases}`;
    const had = new Set(row.insertions.map(key));
    const now = scoring.predictions?.[0], before = row.prediction;
    if (now != null && before != null) next = { ...next, insertions: next.insertions.map((i) => (had.has(key(i)) ? i : { ...i, deltaOnInsert: now - before })) };
    const profile = getProfile(db(), profileId);
    updateDesign(db(), id, next, scoring, profile);
    return toRecord(getDesign(db(), id), productOf('', profile).insertOffset, ms);
  }

  return {
    'design.context': ({ runId }) => guard(() => {
      const d = db();
      const runs = listRuns(d).filter((r) => r.modelKind === 'argminn');
      const out = runs.map((r) => {
        const motifs = listMotifs(d, { runId: r.id });
        return {
          id: r.id, name: r.name, datasetId: r.datasetId, datasetName: r.datasetName, seqLength: r.seqLength, hasModel: r.hasModel,
          nMotifs: motifs.length, nPassing: motifs.filter((m) => m.passes).length, nRules: listRules(d, { runId: r.id }).length,
          W: r.hasModel ? runW(d, r.id) : null,
        };
      });
      const chosen = runId ?? out.find((r) => r.hasModel)?.id ?? null;
      if (runId !== undefined && !out.some((r) => r.id === runId)) throw new ApiError('not_found', `No run ${runId} in this project.`);
      const motifs = chosen === null ? [] : paletteMotifs(d, chosen).map(({ trimStart: _s, trimEnd: _e, rcTwin: _t, ...m }) => m);
      const datasets = listDatasets(d).map((x) => ({ id: x.id, name: x.name, nSeqs: x.nSeqs, seqLength: x.seqLength }));
      return { runs: out, runId: chosen, motifs, datasets };
    }),

    'design.naturals': ({ datasetId, kind, offset, limit }) => guard(() => {
      const idx = naturalIndices(db(), datasetId, kind);
      const page = idx.slice(offset, offset + limit);
      const names = db().prepare('SELECT name FROM dataset_seqs WHERE dataset_id = ? AND idx = ?');
      return { total: idx.length, rows: page.map((i) => ({ idx: i, name: (names.get(datasetId, i) as { name: string }).name })) };
    }),

    'design.create': ({ runId, name, background, seed, profileId, cleanBelow }) => guard(async () => {
      const d = db();
      const run = getRun(d, runId);
      if (!run) throw new ApiError('not_found', `No run ${runId} in this project.`);
      let bg: Background;
      if (background.source === 'pasted') {
        const seq = background.sequence.replace(/\s+/g, '');
        const up = seq.toUpperCase();
        const bad = [...up].map((c, i) => ({ c, i })).filter((x) => !'ACGT'.includes(x.c));
        if (bad.length) {
          const iupac = bad.filter((x) => 'NRYSWKMBDHV'.includes(x.c));
          const first = bad.slice(0, 5).map((x) => `${x.c} at ${x.i + 1}`).join(', ');
          throw new ApiError('invalid_input', iupac.length
            ? `The sequence has ${bad.length} letter${bad.length > 1 ? 's' : ''} that cannot be synthesized as a defined sequence (${first}${bad.length > 5 ? ', …' : ''}). Replace ambiguity letters (N, R, Y, …) with A, C, G or T.`
            : `The sequence has ${bad.length} character${bad.length > 1 ? 's' : ''} that are not nucleotides (${first}${bad.length > 5 ? ', …' : ''}). Only A, C, G, T are accepted (lowercase is fine).`);
        }
        if (up.length < runW(d, runId)) throw new ApiError('invalid_input', `The sequence is ${up.length} bp; the model needs at least ${runW(d, runId)} bp.`);
        bg = { source: 'pasted' as Background['source'], seed: 0, ...(background.label ? { fromSequence: background.label } : {}), bases: up, rejected: 0 };
      } else {
        const { check } = strongMatchCheck(d, runId);
        // Clean for the model too: below the threshold and no instance call; redrawn otherwise.
        const clean = await drawModelClean((s) => drawBackground(d, background, s, check), seed, (seqs) => scoreMany(runId, seqs), { threshold: cleanBelow });
        bg = { ...clean.background, requestedSeed: seed, modelRedraws: clean.redraws, cleanBelow, modelClean: clean.clean, startPrediction: clean.scored.probs[0] ?? null } as Background;
        if (bg.bases.length < runW(d, runId)) throw new ApiError('invalid_input', `The background is ${bg.bases.length} bp; the model needs at least ${runW(d, runId)} bp.`);
      }
      const finalName = name ? name : uniqueName(d, `design_${(d.prepare('SELECT COUNT(*) AS n FROM designs').get() as { n: number }).n + 1}`);
      const design = createDesign('new', finalName, bg);
      const { scoring, ms } = await score(runId, design.sequence);
      const id = insertDesign(d, { name: finalName, runId, design, scoring, profile: getProfile(d, profileId) });
      return record(getDesign(d, id), profileId, ms);
    }),

    'design.get': ({ id, profileId }) => guard(() => record(getDesign(db(), id), profileId)),

    'design.contributions': ({ id }) => guard(async () => {
      const d = db();
      const row = getDesign(d, id);
      if (row.runId === null) throw new ApiError('conflict', `The run that scored design ${row.name} was deleted.`);
      const runId = row.runId;
      const motifs = listMotifs(d, { runId });
      const filterOf = new Map(motifs.map((m) => [String(m.id), m.filterIndex] as const));
      const pairs: { a: number; b: number; rule: string }[] = [];
      for (const r of listRules(d, { runId })) {
        row.insertions.forEach((x, a) => row.insertions.forEach((y, b) => {
          if (a !== b && !x.scrambled && !y.scrambled && filterOf.get(x.motifId) === r.motifA.filter && filterOf.get(y.motifId) === r.motifB.filter && !pairs.some((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a)))
            pairs.push({ a, b, rule: `${r.motifA.name} ${r.orientation} ${r.motifB.name}, ${r.spacingMin}–${r.spacingMax} bp` });
        }));
      }
      return contributions(row.background, row.insertions, pairs, (seqs) => scoreMany(runId, seqs));
    }),

    'design.list': ({ offset, limit, batchId, status, sort, desc }) => guard(() => {
      const runNames = new Map(listRuns(db()).map((r) => [r.id, r.name] as const));
      const page = pageDesigns(db(), { offset, limit, batchId, status, sort, desc });
      return { total: page.total, rows: page.rows.map((r) => summary(r, runNames)) };
    }),

    'design.place': ({ id, motifId, start, strand, source, seed, profileId }) => guard(() =>
      edit(id, profileId, (d, row) => {
        const { motif } = paletteMotif(db(), row.runId!, motifId);
        const s = source === 'sampled' ? (seed ?? (Date.now() % 100000)) : undefined;
        return placeInsertion(d, insertionFromMotif(motif, start, strand, source, s));
      })),

    'design.move': ({ id, index, start, strand, profileId }) => guard(() => edit(id, profileId, (d) => moveInsertion(d, index, start, strand))),

    'design.remove': ({ id, index, profileId }) => guard(() => edit(id, profileId, (d) => deleteInsertion(d, index))),

    'design.score': ({ id, profileId }) => guard(() => edit(id, profileId, (d) => d)),

    'design.guides': ({ id, index }) => guard(() => {
      const row = getDesign(db(), id);
      if (row.runId === null) return [];
      return guidesFor(db(), row, index, runW(db(), row.runId)).map((g) => ({
        ruleId: g.rule.id,
        label: `${g.rule.motifA.name} ${g.rule.orientation[0]} · ${g.rule.spacingMode} bp · ${g.rule.motifB.name} ${g.rule.orientation[1]} (enrichment ${g.rule.enrichment.toFixed(1)}×)`,
        partnerMotifId: g.partnerMotifId, partnerName: g.partnerName, start: g.start, strand: g.strand, side: g.side, partnerIndex: g.partnerIndex,
        spacing: g.rule.spacingMode, orientation: g.rule.orientation, enrichment: g.rule.enrichment,
      }));
    }),

    'design.applyRule': ({ id, index, ruleId, partnerIndex, profileId }) => guard(() =>
      edit(id, profileId, (d, row) => {
        const guides = guidesFor(db(), row, index, runW(db(), row.runId!)).filter((g) => g.rule.id === ruleId);
        if (!guides.length) throw new ApiError('not_found', `Rule ${ruleId} does not involve the motif at insertion #${index + 1}.`);
        const fitting = guides.filter((g) => g.start !== null);
        if (!fitting.length) throw new DesignError(`the partner motif would fall outside the ${row.length}-bp design at this rule's spacing; move ${row.insertions[index].motifName} further from the edge`);
        const g = (partnerIndex !== undefined && partnerIndex !== null ? fitting.find((x) => x.partnerIndex === partnerIndex) : undefined) ?? fitting[0];
        const target = partnerIndex ?? g.partnerIndex;
        if (target !== null && target !== undefined) {
          if (!row.insertions[target]) throw new DesignError(`design ${row.name} has no insertion #${target + 1}`);
          return moveInsertion(d, target, g.start!, g.strand);
        }
        if (g.partnerMotifId === null) throw new DesignError('the rule’s partner motif is not in this run’s motif list');
        const { motif } = paletteMotif(db(), row.runId!, g.partnerMotifId);
        return placeInsertion(d, insertionFromMotif(motif, g.start!, g.strand, 'consensus'));
      })),

    'design.rules': ({ runId }) => guard(() => {
      const motifs = listMotifs(db(), { runId });
      const byFilter = new Map(motifs.filter((m) => m.filterIndex !== null).map((m) => [m.filterIndex!, m.id] as const));
      return listRules(db(), { runId }).map((r) => ({
        id: r.id, motifA: { ...r.motifA, motifId: byFilter.get(r.motifA.filter) ?? null }, motifB: { ...r.motifB, motifId: byFilter.get(r.motifB.filter) ?? null },
        orientation: r.orientation, spacingMin: r.spacingMin, spacingMax: r.spacingMax, spacingMode: r.spacingMode, enrichment: r.enrichment, support: r.support, saved: r.saved,
      }));
    }),

    'design.rename': ({ id, name }) => guard(() => { renameDesign(db(), id, name); return null; }),

    'design.duplicate': ({ id, name, profileId }) => guard(() => {
      const d = db();
      const row = getDesign(d, id);
      const finalName = name ?? uniqueName(d, `${row.name}_copy`);
      const design = asDesign(row);
      const newId = insertDesign(d, {
        name: finalName, runId: row.runId, design: { ...design, batch: undefined }, profile: getProfile(d, profileId),
        scoring: { predictions: row.predictions, calls: row.calls, scoredBy: row.scoredBy },
      });
      return record(getDesign(d, newId), profileId);
    }),

    'design.setStatus': ({ ids, status }) => guard(() => ({ changed: setStatus(db(), ids, status) })),
    'design.delete': ({ ids }) => guard(() => ({ deleted: deleteDesigns(db(), ids) })),

    'design.batch': (input) => guard(() => {
      const p = svc.requireProject();
      const run = getRun(p.db, input.runId);
      if (!run) throw new ApiError('not_found', `No run ${input.runId} in this project.`);
      if (!run.hasModel) throw new ApiError('conflict', `Run “${run.name}” has no trained model yet.`);
      const background = input.background;
      if (background.source === 'pasted') throw new ApiError('invalid_input', 'A batch needs drawn backgrounds (sampled or shuffled), not a pasted sequence.');
      if (input.spacingMin > input.spacingMax) throw new ApiError('invalid_input', `The smallest spacing (${input.spacingMin}) is larger than the largest (${input.spacingMax}).`);
      const a = paletteMotif(p.db, input.runId, input.motifA), b = paletteMotif(p.db, input.runId, input.motifB);
      getProfile(p.db, input.profileId);
      const expected = checkBatchSize(input);
      if (input.background.source === 'sampled') {
        const span = a.palette.width + input.spacingMax + b.palette.width;
        if (span > input.background.length) throw new ApiError('invalid_input', `${a.palette.name} (${a.palette.width} bp) + ${input.spacingMax} bp + ${b.palette.width} bp does not fit in a ${input.background.length}-bp background.`);
      }
      const base = input.name ?? `${a.palette.name}_${b.palette.name}`.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^([^A-Za-z])/, 'd$1');
      const name = base;
      const job = p.jobs.start('design.batch', `Design batch ${name}: ${expected} designs`, { ...input, background, name });
      return { job, expected };
    }),

    'design.batches': () => guard(() => listBatches(db()).map((b) => {
      const q = b.params as { spacingMin?: number; spacingMax?: number; orientations?: string[]; k?: number; rejected?: number };
      return {
        id: b.id, name: b.name, runId: b.runId, nDesigns: b.nDesigns, createdAt: b.createdAt, rejected: typeof q.rejected === 'number' ? q.rejected : null,
        summary: `spacings ${q.spacingMin}–${q.spacingMax}, ${(q.orientations ?? []).join(' ')}, ${q.k} background${q.k === 1 ? '' : 's'}`,
      };
    })),
    'design.deleteBatch': ({ id }) => guard(() => { deleteBatch(db(), id); return null; }),

    'design.profiles': () => guard(() => listProfiles(db())),
    'design.saveProfile': ({ profile }) => guard(() => saveProfile(db(), profile)),
    'design.resetProfile': ({ id }) => guard(() => { resetProfile(db(), id); return null; }),

    'design.checkOrder': ({ ids, profileId }) => guard(() => {
      if (!ids.length) throw new ApiError('invalid_input', 'No designs selected: tick the designs to order first.');
      const rows = getDesigns(db(), ids);
      const profile = getProfile(db(), profileId);
      try {
        const sheet = buildOrder(rows.map((r) => ({ name: r.name, sequence: r.sequence })), profile);
        const byName = new Map(rows.map((r) => [r.name, r.id] as const));
        return { included: sheet.report.included, excluded: sheet.report.excluded.map((e) => ({ id: byName.get(e.name) ?? 0, ...e })), renamed: sheet.report.renamed };
      } catch (e) {
        const rep = (e as { report?: { excluded: { name: string; reasons: string[] }[]; renamed: { from: string; to: string }[] } }).report;
        if (rep) {
          const byName = new Map(rows.map((r) => [r.name, r.id] as const));
          return { included: 0, excluded: rep.excluded.map((x) => ({ id: byName.get(x.name) ?? 0, ...x })), renamed: rep.renamed };
        }
        throw e;
      }
    }),

    'design.export': ({ ids, format, path, overwrite, includeAdapters, profileId }) => guard(async () => {
      if (!ids.length) throw new ApiError('invalid_input', 'Nothing to export: select at least one design first.');
      const target = resolve(path);
      if (existsSync(target)) {
        if (statSync(target).isDirectory()) throw new ApiError('invalid_input', `${target} is a folder: give a file name.`);
        if (!overwrite) throw new ApiError('conflict', `${basename(target)} already exists in ${dirname(target)}. Choose another name, or confirm replacing it.`);
      }
      const rows = getDesigns(db(), ids);
      const profile = getProfile(db(), profileId);
      const designs = rows.map((r) => asDesign(r));
      let data: string | Uint8Array;
      let report: Omit<DesignExportReport, 'path' | 'bytes'>;
      const notes: string[] = [];
      if (format === 'fasta' || format === 'genbank') {
        const adapters = includeAdapters ? { adaptersFrom: profile } : {};
        if (includeAdapters) notes.push(`sequences include the ${profile.name} adapters`);
        data = format === 'fasta' ? designsToFasta(designs, adapters) : designsToGenBank(designs, adapters);
        report = { format, written: designs.length, profile: includeAdapters ? profile.name : null, excluded: [], renamed: [], notes };
      } else {
        const items = rows.map((r) => ({ name: r.name, sequence: r.sequence }));
        if (format === 'csv') {
          const o = orderCsv(items, profile);
          data = o.csv;
          report = { format, written: o.report.included, profile: profile.name, excluded: o.report.excluded, renamed: o.report.renamed, notes };
        } else {
          const o = await orderXlsx(items, profile);
          data = new Uint8Array(o.buffer);
          report = { format, written: o.report.included, profile: profile.name, excluded: o.report.excluded, renamed: o.report.renamed, notes };
        }
      }
      mkdirSync(dirname(target), { recursive: true });
      const tmp = `${target}.part-${process.pid}`;
      writeFileSync(tmp, data);
      renameSync(tmp, target);
      return { ...report, path: target, bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength };
    }),

    'design.suggestPath': ({ format, base }) => {
      const dir = svc.project ? join(dirname(svc.project.path), 'exports') : join(svc.opts.dataDir, 'exports');
      const stem = (base ?? `designs-${new Date().toISOString().slice(0, 10)}`).replace(/[^A-Za-z0-9_.-]+/g, '_');
      let p = join(dir, `${stem}.${EXT[format]}`);
      for (let k = 2; existsSync(p); k++) p = join(dir, `${stem}-${k}.${EXT[format]}`);
      return { path: p };
    },
  };
}
