// Handlers of the grammar commands: thin, validated entry points into src/core/grammar and
// src/core/variants. Long work (instance calling, syntax statistics, variant scoring) starts jobs;
// the track of one sequence is an engine call (model cached in the worker).
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { CisgramService, Handlers } from '../service';
import type { grammarCommands } from '../../../shared/api/grammar';
import { ApiError } from '../../../shared/api/errors';
import { listRuns } from '../../train/runs';
import { deleteInstanceSet, exportInstances, getAnalysis, getInstanceSet, listAnalyses, listInstanceSets, pageInstances } from '../../grammar/store';
import { getRule, listRules, setRuleSaved } from '../../grammar/rules-store';
import { cooccurrence } from '../../grammar/syntax';
import type { TrackData } from '../../grammar/jobs';
import { deleteVariantSet, exportVariants, getVariantSet, listVariantSets, pageVariants } from '../../variants/store';
import { parseVcf } from '../../variants/vcf';
import { readTextFile } from '../../io/text';
import { nameOfFilter } from '../../../shared/motif-name';
import { runMotifNames } from '../../motifs/current-names';

function outPath(p: string): string {
  const t = resolve(p);
  if (existsSync(t) && statSync(t).isDirectory()) throw new ApiError('invalid_input', `${t} is a folder: give a file name.`);
  if (!existsSync(dirname(t))) throw new ApiError('invalid_input', `The folder ${dirname(t)} does not exist.`);
  return t;
}

function wrapWrite<T>(fn: () => T): T {
  try { return fn(); } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError('invalid_input', `Cannot write the file: ${(e as Error).message}`);
  }
}

export function grammarHandlers(svc: CisgramService): Pick<Handlers, keyof typeof grammarCommands> {
  const db = () => svc.requireProject().db;
  const needSet = (id: number) => { const s = getInstanceSet(db(), id); if (!s) throw new ApiError('not_found', `No instance set ${id} in this project.`); return s; };
  const needRun = (id: number) => {
    const r = listRuns(db()).find((x) => x.id === id);
    if (!r) throw new ApiError('not_found', `No run ${id} in this project.`);
    if (!r.hasModel) throw new ApiError('conflict', `Run "${r.name}" has no trained model yet.`);
    if (r.modelKind !== 'argminn') throw new ApiError('invalid_input', `Run "${r.name}" is a ${r.modelKind} baseline: instances and syntax are read from ARGMINN's attention.`);
    return r;
  };
  return {
    'grammar.runs': () => {
      const d = db();
      const has = d.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name='motifs'").get();
      return listRuns(d).filter((r) => r.hasModel && r.modelKind === 'argminn').map((r) => ({
        id: r.id, name: r.name, datasetId: r.datasetId, datasetName: r.datasetName, seqLength: r.seqLength,
        hasMotifs: !!has && !!d.prepare('SELECT 1 FROM motifs WHERE run_id = ? LIMIT 1').get(r.id),
      }));
    },
    'grammar.instances.start': (p) => {
      const r = needRun(p.runId);
      const ds = db().prepare('SELECT name FROM datasets WHERE id = ?').get(p.datasetId) as { name: string } | undefined;
      if (!ds) throw new ApiError('not_found', `No dataset ${p.datasetId} in this project.`);
      return svc.requireProject().jobs.start('grammar.instances', `Motif instances: ${r.name} on ${ds.name}`, p);
    },
    'grammar.instances.sets': ({ runId }) => listInstanceSets(db(), runId),
    'grammar.instances.delete': ({ setId }) => { needSet(setId); deleteInstanceSet(db(), setId); return { ok: true as const }; },
    'grammar.instances.page': (p) => { needSet(p.setId); return pageInstances(db(), p.setId, p); },
    'grammar.instances.export': (p) => { needSet(p.setId); const t = outPath(p.path); return wrapWrite(() => exportInstances(db(), p.setId, t, p.format, p.motif)); },
    'grammar.track': async (p) => {
      needRun(p.runId);
      try {
        return await svc.engine.call<TrackData>('grammar.track', { projectPath: svc.requireProject().path, runId: p.runId, setId: p.setId, source: p.source }, 60_000);
      } catch (e) {
        const m = (e as Error).message;
        throw new ApiError(/not in|No run/.test(m) ? 'not_found' : /only contain|shorter|up to 20 kb|first/.test(m) ? 'invalid_input' : 'internal', m);
      }
    },
    'grammar.syntax.start': (p) => {
      const s = needSet(p.setId);
      return svc.requireProject().jobs.start('grammar.syntax', `Syntax: instance set ${s.id} (${s.datasetName}) vs ${p.control}`, p);
    },
    'grammar.syntax.list': ({ setId }) => listAnalyses(db(), setId).map((a) => ({ id: a.id, setId: a.setId, runId: a.runId, control: a.control, createdAt: a.createdAt })),
    'grammar.syntax.get': ({ analysisId }) => {
      const a = getAnalysis(db(), analysisId);
      if (!a) throw new ApiError('not_found', `No syntax analysis ${analysisId} in this project.`);
      const set = getInstanceSet(db(), a.setId);
      const names = runMotifNames(db(), a.runId, (set?.motifs ?? []).map((m) => [m.filter, m.name]));
      const name = (f: number) => nameOfFilter(names, f);
      const co = cooccurrence(a.result);
      return {
        id: a.id, runId: a.runId, setId: a.setId, control: a.control, params: a.params, createdAt: a.createdAt,
        nPos: a.result.nPos, nCtl: a.result.nCtl, minSpacing: a.result.minSpacing, maxSpacing: a.result.maxSpacing,
        motifs: a.result.motifs.map((f) => ({ filter: f, name: name(f) })),
        cooc: { pos: co.pos, ctl: co.ctl, log2Enrichment: co.log2Enrichment },
        pairs: a.result.pairs.map(({ hist: _h, ...p }) => ({ ...p, nameA: name(p.a), nameB: name(p.b), enrichment: p.enrichment })),
      };
    },
    'grammar.syntax.pair': ({ analysisId, a, b }) => {
      const an = getAnalysis(db(), analysisId);
      if (!an) throw new ApiError('not_found', `No syntax analysis ${analysisId} in this project.`);
      const [x, y] = a <= b ? [a, b] : [b, a];
      const p = an.result.pairs.find((q) => q.a === x && q.b === y);
      if (!p) return null;
      const set = getInstanceSet(db(), an.setId);
      const names = runMotifNames(db(), an.runId, (set?.motifs ?? []).map((m) => [m.filter, m.name]));
      return { ...p, nameA: nameOfFilter(names, p.a), nameB: nameOfFilter(names, p.b) };
    },
    'grammar.rules.list': ({ runId, analysisId, savedOnly }) => listRules(db(), { runId, analysisId, savedOnly }),
    'grammar.rules.save': ({ id, saved }) => {
      const r = setRuleSaved(db(), id, saved);
      if (!r) throw new ApiError('not_found', `No rule ${id} in this project.`);
      return r;
    },
    'grammar.rules.examples': async ({ id, limit }) => {
      const r = getRule(db(), id);
      if (!r) throw new ApiError('not_found', `No rule ${id} in this project.`);
      if (r.analysisId === null) return [];
      const { ruleExamples } = await import('../../grammar/jobs');
      return ruleExamples(db(), r.analysisId, { a: r.motifA.filter, b: r.motifB.filter, orientation: r.orientation, spacingMin: r.spacingMin, spacingMax: r.spacingMax }, limit);
    },
    'variants.start': (p) => {
      const r = needRun(p.runId);
      const files = p.source.kind === 'vcf' ? [p.source.vcfPath, p.source.genomePath] : [p.source.refPath, p.source.altPath, p.source.genomePath, p.source.labelPath].filter((f): f is string => !!f);
      for (const f of files) if (!existsSync(f)) throw new ApiError('bad_file', `${f} does not exist.`);
      return svc.requireProject().jobs.start('variants.score', `Variant effects: ${p.name} with ${r.name}`, p);
    },
    'variants.fields': ({ vcfPath }) => {
      if (!existsSync(vcfPath)) throw new ApiError('bad_file', `${vcfPath} does not exist.`);
      const { report } = parseVcf(readTextFile(vcfPath), vcfPath.split(/[\\/]/).pop());
      return { nSnv: report.nSnv, nIndel: report.nIndel, nOther: report.nOther, fields: report.fieldNames };
    },
    'variants.sets': ({ runId }) => listVariantSets(db(), runId),
    'variants.delete': ({ setId }) => { if (!getVariantSet(db(), setId)) throw new ApiError('not_found', `No variant set ${setId}.`); deleteVariantSet(db(), setId); return { ok: true as const }; },
    'variants.page': (p) => { if (!getVariantSet(db(), p.setId)) throw new ApiError('not_found', `No variant set ${p.setId}.`); return pageVariants(db(), p.setId, p); },
    'variants.export': ({ setId, path }) => { if (!getVariantSet(db(), setId)) throw new ApiError('not_found', `No variant set ${setId}.`); const t = outPath(path); return wrapWrite(() => exportVariants(db(), setId, t)); },
  };
}
