// Evaluation of one run for the comparison table (runs in the engine worker; loads tfjs lazily),
// with the strict definitions of MODEL.md §6 (compare/strict.ts): the run's first-layer motifs
// (extracted with the motif library's procedure if not stored yet, and saved to the project's motifs
// so they appear on the Motifs screen); which filters are used; planted motifs recovered against the
// whole JASPAR collection + TF family (real data: known motifs of the chosen collection), redundancy
// and extraneous motifs with RC twins counted once; on planted sites, the top-k recall curve and
// precision at recall 0.8 of merged filter-activation calls (every model kind called the same way),
// of ARGMINN's attention calls, and of FIMO with the model's motifs and with the true ones; whether
// the syntax explorer finds the planted rule (ARGMINN); and the interpretability figures of
// input×gradient attributions on held-out positives (high-frequency share, entropy).
import type Database from 'better-sqlite3';
import { revcomp } from '../seq/alphabet';
import { isPalindromic } from '../pwm/palindrome';
import { loadSplit, getDataset } from '../data/store';
import { listMotifs, asMotif, saveFilterMotifs, type ProjectMotifRecord } from '../motifs/project-store';
import { extractFilterMotifs } from '../motifs/extract';
import { getTruth } from '../data/store';
import { groupFilterMotifs, type Site } from '../grammar/instances';
import { highFrequencyShare, attributionEntropy } from '../model/priors';
import { truthSimilarity } from './quality';
import {
  motifFigures, motifIdentity, mergeCalls, instanceFigures, fimoFigures, matchFilter, plantedRules, plantedRuleFound, spanInset, parsePlantedId,
  type FilterCall, type MotifOrigin, type FilterMatch, type InstanceFigures,
} from './strict';
import type { CompareMetrics, StrictMetrics } from './store';
import type { Motif } from '../pwm/types';
import type { GrammarRule } from '../data/simulator';
import type { SeqCalls } from '../grammar/syntax';
import type { SeqModel } from '../model/registry';
import type { PoolLike } from '../jobs/pool';
import { runModelBytes } from '../train/runs';

export interface EvalLimits { motifSeqs: number; attributionSeqs: number }
export const EVAL_LIMITS: EvalLimits = { motifSeqs: 2000, attributionSeqs: 100 };

interface RunRow { id: number; model_kind: string; dataset_id: number | null; test_metrics: string | null; train_seconds: number; param_count: number | null; peak_rss_mb: number | null; model: Buffer | null }

export class EvalError extends Error {}

/** Loads a run's model of any kind (caller disposes it). */
export async function loadAnyModel(db: Database.Database, runId: number): Promise<{ model: SeqModel; kind: string; datasetId: number | null }> {
  const r = db.prepare('SELECT id, model_kind, dataset_id, model FROM runs WHERE id = ?').get(runId) as RunRow | undefined;
  if (!r) throw new EvalError(`Run ${runId} no longer exists.`);
  if (!r.model) throw new EvalError(`Run ${runId} has no trained model yet.`);
  const { deserializeAny } = await import('../model/registry');
  const { model } = deserializeAny(new Uint8Array(r.model.buffer, r.model.byteOffset, r.model.byteLength));
  return { model, kind: r.model_kind, datasetId: r.dataset_id };
}

function positives(split: { codes: Uint8Array[]; labels: Float32Array; idx: number[] }, T: number, limit: number, want = true) {
  const codes: Uint8Array[] = [], idx: number[] = [];
  for (let i = 0; i < split.codes.length && codes.length < limit; i++) {
    let pos = false;
    for (let t = 0; t < T; t++) if (split.labels[i * T + t] >= 0.5) pos = true;
    if (pos === want) { codes.push(split.codes[i]); idx.push(split.idx[i]); }
  }
  return { codes, idx };
}

/** The known-motif collection of an evaluation: on simulated data the whole JASPAR collection planted motifs are recovered against. */
export interface EvalCollection { name: string; motifs: Motif[] }

export async function evaluateRun(
  db: Database.Database, runId: number, datasetId: number, reference: Motif[], hasTruth: boolean,
  opts: {
    signal?: AbortSignal; limits?: EvalLimits; onStage?: (msg: string) => void;
    /** Simulated data: the JASPAR collection with TF families (null: recovery is not judged, the result says why). Real data: the reference collection. */
    collection?: EvalCollection | null;
    /** Engine workers for the importance-discovery baseline's scores (jobs/pool.ts): `workers` in all, the calling thread included. */
    pool?: { pool: PoolLike | null; workers: number } | null;
  } = {},
): Promise<CompareMetrics> {
  const t0 = performance.now();
  const lim = opts.limits ?? EVAL_LIMITS;
  const row = db.prepare('SELECT id, model_kind, dataset_id, test_metrics, train_seconds, param_count, peak_rss_mb, model FROM runs WHERE id = ?').get(runId) as RunRow | undefined;
  if (!row) throw new EvalError(`Run ${runId} no longer exists.`);
  if (row.dataset_id !== datasetId) throw new EvalError(`Run ${runId} was trained on another dataset; a comparison holds runs of one dataset only.`);
  const { model } = await loadAnyModel(db, runId);
  try {
    const T = model.config.T, F = model.config.F, W = model.config.W;
    // ---- motifs (stored or extracted now)
    let recs = listMotifs(db, { runId }).filter((m) => m.source.startsWith('filter:') && m.filterIndex !== null);
    let tr: ReturnType<typeof loadSplit> | null = null;
    if (!recs.length) {
      opts.onStage?.('reading motifs from the first-layer filters');
      tr = loadSplit(db, datasetId, 'train');
      const pos = positives(tr, T, lim.motifSeqs).codes, neg = positives(tr, T, lim.motifSeqs, false).codes;
      const fm = await extractFilterMotifs(model, pos, neg, { signal: opts.signal });
      saveFilterMotifs(db, runId, datasetId, fm);
      recs = listMotifs(db, { runId }).filter((m) => m.source.startsWith('filter:') && m.filterIndex !== null);
    }
    const passingRecs = recs.filter((m) => m.passes && !m.unused && m.mergedInto === null);

    // ---- strict motif figures: usage, recovery (whole collection + family), twins once
    opts.onStage?.('judging the motifs against the known-motif collection');
    const collection = opts.collection ?? null;
    const fig = motifFigures(
      recs.map((m) => ({ filter: m.filterIndex!, firesPos: m.firesPos, firesNeg: m.firesNeg, nPos: m.nPos, nNeg: m.nNeg, unused: m.unused, maxActivation: m.maxActivation, probs: m.probs, trimStart: m.trimStart, trimEnd: m.trimEnd })),
      collection?.motifs ?? null, hasTruth ? reference.map((m) => ({ id: m.id, name: m.name, probs: m.probs })) : [],
    );
    const usedSet = new Set(fig.usage.filter((u) => u.used).map((u) => u.filter));
    const matchOf = new Map<number, FilterMatch>(fig.matches.map((m) => [m.filter, m]));
    const plantedOf = (f: number) => matchOf.get(f)?.planted ?? null;
    const recOf = new Map<number, ProjectMotifRecord>(recs.map((m) => [m.filterIndex!, m]));
    const count = (v: string) => fig.usage.filter((u) => u.verdict === v).length;
    const strict: StrictMetrics = {
      version: 1,
      usage: { used: fig.nUsed, units: fig.units.length, silent: count('silent'), rare: count('rare'), notEnriched: count('not enriched'), noNegatives: count('no negatives') },
      allInactive: fig.allInactive, note: fig.note, collection: collection?.name ?? null,
      recovery: fig.planted ? {
        recovered: fig.planted.recovered, total: fig.planted.total, redundancy: fig.planted.redundancy, extraneous: fig.planted.extraneous,
        planted: fig.planted.perPlanted.map((p) => ({ id: p.id, name: p.name, entryId: p.entryId, recovered: p.recovered, filters: p.filters, units: p.units })),
      } : null,
      known: fig.known ? { distinct: fig.known.distinct, redundancy: fig.known.redundancy, extraneous: fig.known.extraneous } : null,
      filters: fig.usage.map((u) => {
        const m = matchOf.get(u.filter);
        return { filter: u.filter, verdict: u.verdict, role: u.role, fracPos: u.fracPos, fracNeg: u.fracNeg, p: u.p, best: m?.best ? { id: m.best.id, name: m.best.name, q: m.best.q } : null, planted: m?.planted ?? null };
      }),
      instances: null, rule: null,
    };
    const used = recs.filter((m) => usedSet.has(m.filterIndex!)).map((m) => asMotif(m));

    // ---- held-out positives: instance calls and attribution figures
    const test = loadSplit(db, datasetId, 'test');
    const tp = positives(test, T, Math.max(lim.attributionSeqs, hasTruth ? 500 : 0));
    let legacyInstances: CompareMetrics['instances'] = null;
    if (hasTruth && tp.codes.length) {
      opts.onStage?.('calling motif instances on held-out positives');
      const truth = getTruth(db, datasetId);
      const wanted = new Set(tp.idx);
      const sites: Site[] = truth.filter((t) => wanted.has(t.seqIdx)).map((t) => ({ seq: t.seqIdx, start: t.start, end: t.end }));
      // callers: used filters that pass as motifs; motif identity = explorer group ∪ same planted motif
      const callers = passingRecs.filter((m) => usedSet.has(m.filterIndex!) && m.threshold > 0);
      const groups = groupFilterMotifs(callers.map((m) => ({ filter: m.filterIndex!, passes: true, rcTwin: m.rcTwin, trimStart: m.trimStart, trimEnd: m.trimEnd, probs: m.probs })), W);
      const identity = motifIdentity(callers.map((m) => m.filterIndex!), (f) => groups.get(f)?.rep ?? null, plantedOf);
      const raw: FilterCall[] = [];
      const { predictBatches } = await import('../model/infer');
      // both strands: the model also reads each reverse complement; a call there maps back to forward
      // coordinates (a filter kept for one strand only still finds the sites on the other)
      for (const rc of [false, true]) {
        const seqs = rc ? tp.codes.map((q) => revcomp(q)) : tp.codes;
        for await (const b of predictBatches(model, seqs, { withR: true, signal: opts.signal })) {
          const Lp = b.L - W + 1, r = b.r!;
          for (let k = 0; k < b.count; k++) {
            const seq = tp.idx[b.start + k];
            for (const m of callers) {
              const f = m.filterIndex!;
              for (let i = 0; i < Lp; i++) {
                const a = r[k * Lp * F + i * F + f];
                if (!(a > m.threshold)) continue;
                const start = i + m.trimStart, end = i + (m.trimEnd > m.trimStart ? m.trimEnd : W);
                raw.push({ seq, filter: f, start: rc ? b.L - end : start, end: rc ? b.L - start : end, score: a / m.threshold });
              }
            }
          }
        }
      }
      const modelFig = instanceFigures(mergeCalls(raw, identity), sites);
      legacyInstances = { precision: modelFig.precision, recall: modelFig.recall, averagePrecision: modelFig.averagePrecision, nCalls: modelFig.nCalls, nTruth: modelFig.nTruth };
      opts.onStage?.('scanning the held-out positives with FIMO (model motifs and true motifs)');
      const reps = callers.filter((m) => groups.get(m.filterIndex!)?.rep === m.filterIndex);
      const fimoModel = reps.length
        ? fimoFigures(reps.map((m) => asMotif(m)), tp.codes, tp.idx, sites, { identity: reps.map((m) => identity.get(m.filterIndex!)!) })
        : null;
      const fimoTrue = reference.length ? fimoFigures(reference, tp.codes, tp.idx, sites) : null;
      let attention: InstanceFigures | null = null;
      // ---- ARGMINN: attention calls (the model's own instance caller) and the syntax explorer's rules
      const ds = getDataset(db, datasetId);
      const rule = (ds?.params as { rule?: GrammarRule } | undefined)?.rule ?? null;
      const keyIds = ((ds?.params as { motifs?: Record<string, { id: string }> } | undefined)?.motifs) ?? {};
      const planted = rule ? plantedRules(rule, (k) => keyIds[k]?.id ?? k) : [];
      const ruleNote = (note: string): StrictMetrics['rule'] => ({ found: null, arrangements: [], note });
      const noRule = !planted.length ? (rule ? `no pair arrangement is planted (rule: ${rule.kind})` : 'the dataset records no planted rule') : null;
      if (row.model_kind === 'argminn') {
        opts.onStage?.('calling instances with attention and extracting syntax rules');
        const { meanActivation, gatesOf, callAll } = await import('../grammar/call-model');
        const { analyseSyntax } = await import('../grammar/syntax');
        const am = model;
        tr ??= loadSplit(db, datasetId, 'train');
        const mean = await meanActivation(am, positives(tr, T, 1000).codes, opts.signal);
        const gm = recs.map((m) => ({ filter: m.filterIndex!, name: m.name, passes: m.passes && !m.unused, rcTwin: m.rcTwin, trimStart: m.trimStart, trimEnd: m.trimEnd, probs: m.probs, meanPos: mean[m.filterIndex!] }));
        const gates = gatesOf(gm, F, W);
        const gated = gm.filter((m) => gates[m.filter]).map((m) => m.filter);
        if (!gated.length) {
          strict.rule = noRule ? ruleNote(noRule) : { found: false, arrangements: [], note: 'no filter passes as a motif, so the syntax explorer has nothing to call' };
        } else {
          const attIdentity = motifIdentity(gated, (f) => gates[f]?.motif ?? null, plantedOf);
          const attCalls: FilterCall[] = [];
          const posCalls: SeqCalls[] = [], ctlCalls: SeqCalls[] = [];
          await callAll(am, tp.codes, gates, { signal: opts.signal, bothStrands: true }, (res) => {
            for (const s of res) {
              const seq = tp.idx[s.index];
              for (const c of s.calls) attCalls.push({ seq, filter: c.filter, start: c.start, end: c.end, score: c.score });
              posCalls.push({ seq, calls: s.calls.map((c) => ({ motif: c.motif, start: c.start, end: c.end, strand: c.strand })) });
            }
          });
          attention = instanceFigures(mergeCalls(attCalls, attIdentity), sites);
          if (noRule) strict.rule = ruleNote(noRule);
          else if (fig.allInactive) strict.rule = { found: false, arrangements: [], note: 'all filters inactive' };
          else if (!fig.rdb) strict.rule = ruleNote(`the planted rule is judged on recovered motifs: ${fig.note ?? 'no recovery'}`);
          else {
            const tn = positives(test, T, tp.codes.length, false);
            await callAll(am, tn.codes, gates, { signal: opts.signal, bothStrands: true }, (res) => {
              for (const s of res) ctlCalls.push({ seq: tn.idx[s.index], calls: s.calls.map((c) => ({ motif: c.motif, start: c.start, end: c.end, strand: c.strand })) });
            });
            const syn = analyseSyntax(posCalls, ctlCalls, tp.codes.length, tn.codes.length);
            // where each explorer motif (a representative filter) comes from: its planted assignment and strand
            // (an explorer motif is a group of filters — RC twins, shifted copies — named by one representative,
            // which may be a near-silent member: its origin is that of the member credited to a planted motif,
            // the strand flipped when that member is the representative's reverse complement)
            const plantedProbs = new Map(reference.map((m) => [m.id, m.probs]));
            const origin = new Map<number, MotifOrigin>();
            for (const mi of syn.motifs) {
              const members = [mi, ...gated.filter((f) => f !== mi && gates[f]?.motif === mi)];
              for (const f of members) {
                let m = matchOf.get(f) ?? null;
                const rec = recOf.get(f);
                if (!m && rec && f === mi) m = matchFilter({ filter: f, probs: rec.probs, trimStart: rec.trimStart, trimEnd: rec.trimEnd }, fig.rdb);
                const pm = m?.planted ? m.plantedMatches.find((x) => x.id === m!.planted) : undefined;
                if (!m?.planted || !pm) continue;
                const strand = gates[f]?.strand === '-' && f !== mi ? (pm.strand === '+' ? '-' : '+') : pm.strand;
                const pp = plantedProbs.get(m.planted);
                // the explorer calls the representative's trimmed span: its inset in the planted matrix
                // comes from the representative's own alignment to that matrix
                const repRec = recOf.get(mi);
                const repMatch = f === mi ? m : repRec ? matchFilter({ filter: mi, probs: repRec.probs, trimStart: repRec.trimStart, trimEnd: repRec.trimEnd }, fig.rdb) : null;
                const rpm = repMatch?.plantedMatches.find((x) => x.id === m!.planted);
                const q = repRec ? (repRec.trimEnd > repRec.trimStart ? repRec.trimEnd - repRec.trimStart : repRec.probs.length) : 0;
                const inset = rpm && pp && q ? spanInset(q, pp.length, rpm.offset, rpm.strand) : undefined;
                origin.set(mi, { planted: m.planted, strand, palindromic: pp ? isPalindromic(pp) : false, inset });
                break;
              }
            }
            const verdicts = planted.map((p) => plantedRuleFound(p, syn.rules, origin));
            // a missing rule's likely cause: a used filter that learned the pair as one composite motif
            const { compositeFilters } = await import('./composite');
            const usedPfms = recs.filter((m) => usedSet.has(m.filterIndex!)).map((m) => ({ filter: m.filterIndex!, probs: m.probs, trimStart: m.trimStart, trimEnd: m.trimEnd }));
            const comps = collection ? compositeFilters(planted, (id) => plantedProbs.get(id), usedPfms, collection.motifs) : planted.map(() => []);
            const nameOf = (id: string) => {
              const cols = parsePlantedId(id).columns, name = reference.find((m) => m.id === id)?.name ?? id;
              return cols ? `${name} (columns ${cols[0] + 1}–${cols[1]})` : name;
            };
            const why = verdicts.flatMap((v, i) => (!v.found && comps[i].length
              ? [`${nameOf(v.rule.a)}, ${v.rule.gap[0] === v.rule.gap[1] ? v.rule.gap[0] : v.rule.gap.join('–')} bp, ${nameOf(v.rule.b)}: not among the explorer's rules — ${comps[i].length === 1 ? 'filter' : 'filters'} ${comps[i].map((c) => c.filter + 1).join(', ')} learned the pair as one motif spanning the gap, so the attention has no pair of calls to relate`]
              : []));
            strict.rule = {
              found: verdicts.every((v) => v.found),
              arrangements: verdicts.map((v, i) => ({
                a: v.rule.a, b: v.rule.b, gap: v.rule.gap, orientation: v.rule.orientation, found: v.found, rank: v.rank, globalRank: v.globalRank, pairRules: v.pairRules,
                composite: comps[i].map((c) => ({ filter: c.filter, gap: c.gap, q: c.q })),
              })),
              note: why.length ? why.join('; ') : null,
            };
          }
        }
      } else strict.rule = ruleNote(noRule ?? 'the syntax explorer reads ARGMINN\'s attention; not available for this model');
      strict.instances = { model: modelFig, attention, fimoModel, fimoTrue };
      if (row.model_kind === 'cnn') {
        // the paper's importance-discovery baseline reads the standard CNN's importance scores
        opts.onStage?.('discovering motifs from importance scores (the importance-discovery baseline)');
        const { discoveryFigures } = await import('./discovery-figures');
        strict.discovery = await discoveryFigures(model, tp.codes, tp.idx, sites, collection?.motifs ?? null,
          reference.map((m) => ({ id: m.id, name: m.name, probs: m.probs })), {
            signal: opts.signal,
            parallel: opts.pool && opts.pool.workers > 1 ? { ...opts.pool, modelBytes: runModelBytes(db, runId), key: `eval:${runId}` } : null,
          });
      }
    }
    let attribution: CompareMetrics['attribution'] = null;
    const aSeqs = tp.codes.slice(0, lim.attributionSeqs);
    if (aSeqs.length) {
      opts.onStage?.('scoring attributions on held-out positives');
      const { inputXGradient, magnitudes } = await import('../interpret/attribution');
      const res = await inputXGradient(model, aSeqs, { signal: opts.signal });
      let hf = 0, ent = 0;
      for (const r of res) { const a = magnitudes(r.scores); hf += highFrequencyShare(a); ent += attributionEntropy(a); }
      attribution = { method: 'input_x_gradient', n: res.length, highFreqShare: hf / res.length, entropy: ent / res.length };
    }
    const tm = row.test_metrics ? (JSON.parse(row.test_metrics) as { accuracy: number | null; auroc: number | null; auprc: number | null }) : null;
    const rcv = strict.recovery, kn = strict.known;
    return {
      test: tm ? { accuracy: tm.accuracy, auroc: tm.auroc, auprc: tm.auprc } : null,
      motifs: { total: recs.length, passing: passingRecs.length, unused: recs.filter((m) => m.unused).length },
      // the legacy fields repeat the strict figures (store.ts CompareMetrics)
      relevant: rcv ? rcv.recovered : kn ? kn.distinct : null,
      referenceSize: hasTruth ? reference.length : collection?.motifs.length ?? reference.length,
      redundancy: rcv ? rcv.redundancy : kn ? kn.redundancy : null,
      extraneous: rcv ? rcv.extraneous : kn ? kn.extraneous : null,
      // similarity to the truth over every used filter (a weak model may have no passing motif yet)
      truthSimilarity: hasTruth ? truthSimilarity(used, reference) : null,
      instances: legacyInstances, attribution,
      trainSeconds: row.train_seconds, params: row.param_count, peakRssMb: row.peak_rss_mb,
      matches: recs.filter((m) => matchOf.get(m.filterIndex!)?.best).map((m) => {
        const b = matchOf.get(m.filterIndex!)!.best!;
        return { motif: asMotif(m).name, target: b.name || b.id, q: b.q };
      }),
      evalSeconds: (performance.now() - t0) / 1000, strict,
    };
  } finally {
    model.dispose();
  }
}
