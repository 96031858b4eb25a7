// Handlers of the motifs commands: thin, validated entry points into src/core/motifs services.
// The known-motif library lives in the app's data folder (one per installation, shared by all
// projects); project motifs, match caches and scans live in the project file.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ApiError } from '../../../shared/api/errors';
import type { CisgramService, Handlers } from '../service';
import { MotifMatchInfo, type motifsCommands, type LibraryMotif, type ProjectMotif } from '../../../shared/api/motifs';
import { MotifLibrary, MotifFileError, LIBRARY_FILE, type LibraryMotifRow } from '../../motifs/library';
import { MotifFormatError, writeMotifs } from '../../pwm/formats';
import { consensus } from '../../pwm/matrix';
import { logoSvg, weightLogoSvg } from '../../../shared/logo';
import { matchMotif } from '../../pwm/match';
import {
  listMotifs, getMotif, updateMotif, mergeMotifs, asMotif, getCachedMatches, putCachedMatches,
  listScans, getScan, deleteScan, pageHits, scanToTsv, scanToBed, type ProjectMotifRecord,
} from '../../motifs/project-store';
import { parsePastedSequences } from '../../motifs/scan';
import { parseBackgroundFile, BackgroundFileError } from '../../pwm/background';

const MAX_BG_FILE_BYTES = 16 * 1024 * 1024;
import { listRuns, getRun } from '../../train/runs';
import { withCardInfo } from '../../motifs/card';
import { trustVerdict } from '../../motifs/trust';
import { rankingOf, findTf } from '../../motifs/ranking';
import { identifyRunMotifs } from '../../motifs/identity';
import type { Motif } from '../../pwm/types';

const libraries = new WeakMap<CisgramService, MotifLibrary>();

function library(svc: CisgramService): MotifLibrary {
  let lib = libraries.get(svc);
  if (!lib) {
    mkdirSync(svc.opts.dataDir, { recursive: true });
    lib = new MotifLibrary(join(svc.opts.dataDir, LIBRARY_FILE));
    libraries.set(svc, lib);
  }
  return lib;
}

/** Motif-file problems become bad_file errors that name file, motif and line. */
function fileErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof MotifFormatError || e instanceof MotifFileError) throw new ApiError('bad_file', e.message);
    throw e;
  }
}

const libOut = (r: LibraryMotifRow): LibraryMotif => ({
  id: r.id, collectionId: r.collectionId, motifId: r.motifId, name: r.name, width: r.width, nsites: r.nsites, probs: r.probs, consensus: consensus(r.probs),
});

function requireMotif(svc: CisgramService, id: number): ProjectMotifRecord {
  const m = getMotif(svc.requireProject().db, id);
  if (!m) throw new ApiError('not_found', `No motif ${id} in this project.`);
  return m;
}

/** Write a file atomically (temp file + rename); refuse to replace an existing file unless asked. */
function writeOut(path: string, data: string | Uint8Array, overwrite: boolean): string {
  const target = resolve(path);
  if (existsSync(target)) {
    if (statSync(target).isDirectory()) throw new ApiError('invalid_input', `${target} is a folder: give a file name.`);
    if (!overwrite) throw new ApiError('conflict', `${basename(target)} already exists in ${dirname(target)}. Choose another name, or allow replacing it.`);
  }
  try {
    mkdirSync(dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, data);
    renameSync(tmp, target);
  } catch (e) {
    throw new ApiError('invalid_input', `Cannot write ${target}: ${(e as Error).message}`);
  }
  return target;
}

const safeName = (s: string) => s.replace(/[^\w.+-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 80) || 'motifs';

export function motifsHandlers(svc: CisgramService): Pick<Handlers, keyof typeof motifsCommands> {
  const projOut = (m: ProjectMotifRecord): ProjectMotif => withCardInfo(svc.requireProject().db, [m])[0];
  const libMotif = (id: number) => {
    const r = library(svc).motif(id);
    if (!r) throw new ApiError('not_found', `No motif ${id} in the motif library.`);
    return r;
  };
  const collection = (id: number) => {
    const c = library(svc).collection(id);
    if (!c) throw new ApiError('not_found', `No collection ${id} in the motif library.`);
    return c;
  };

  return {
    // ---- library ----
    'motifs.library.list': () => ({ path: library(svc).path, collections: library(svc).collections() }),
    'motifs.library.import': ({ path, name, format }) => fileErrors(() => library(svc).importFile(resolve(path), { name, format })),
    'motifs.library.rename': ({ id, name }) => {
      collection(id);
      library(svc).renameCollection(id, name);
      return collection(id);
    },
    'motifs.library.delete': ({ id }) => {
      collection(id);
      library(svc).deleteCollection(id);
      return null;
    },
    'motifs.library.browse': ({ collectionId, offset, limit, search }) => {
      collection(collectionId);
      const r = library(svc).browse(collectionId, { offset, limit, search });
      return { total: r.total, rows: r.rows.map(libOut) };
    },
    'motifs.library.get': ({ id }) => libOut(libMotif(id)),

    // ---- project motifs ----
    'motifs.runs': () => {
      const db = svc.requireProject().db;
      const counts = new Map<number, { n: number; pass: number }>();
      // "pass" = the trust verdict (informative, used, enriched), as on the cards
      for (const m of listMotifs(db)) {
        if (m.runId === null || m.mergedInto !== null) continue;
        const c = counts.get(m.runId) ?? { n: 0, pass: 0 };
        c.n++;
        if (trustVerdict(m).passes) c.pass++;
        counts.set(m.runId, c);
      }
      return listRuns(db).map((r) => ({
        runId: r.id, name: r.name, datasetId: r.datasetId, datasetName: r.datasetName || null, status: r.hasModel ? 'trained' : r.state,
        createdAt: r.createdAt, nMotifs: counts.get(r.id)?.n ?? 0, nPassing: counts.get(r.id)?.pass ?? 0,
      }));
    },
    'motifs.list': ({ runId, includeMerged }) => {
      const all = listMotifs(svc.requireProject().db, { runId });
      return withCardInfo(svc.requireProject().db, includeMerged ? all : all.filter((m) => m.mergedInto === null));
    },
    'motifs.get': ({ id }) => projOut(requireMotif(svc, id)),
    'motifs.update': ({ id, userName, annotation, starred }) => {
      requireMotif(svc, id);
      updateMotif(svc.requireProject().db, id, { userName, annotation, starred });
      return projOut(requireMotif(svc, id));
    },
    'motifs.merge': ({ into, from }) => {
      const target = requireMotif(svc, into);
      for (const id of from) {
        const m = requireMotif(svc, id);
        if (m.mergedInto !== null) throw new ApiError('conflict', `${m.name} is already merged into another motif.`);
      }
      if (from.includes(into)) throw new ApiError('invalid_input', 'A motif cannot be merged into itself.');
      if (target.mergedInto !== null) throw new ApiError('conflict', `${target.name} is itself merged into another motif.`);
      try {
        const merged = mergeMotifs(svc.requireProject().db, into, from);
        return { motif: projOut(requireMotif(svc, into)), merged };
      } catch (e) {
        throw new ApiError('invalid_input', (e as Error).message);
      }
    },
    'motifs.extract': ({ runId, datasetId, maxSequences, collectionId, metric }) => {
      const p = svc.requireProject();
      const run = getRun(p.db, runId);
      if (!run) throw new ApiError('not_found', `No run ${runId} in this project.`);
      if (!run.hasModel) throw new ApiError('conflict', `Run “${run.name}” has no trained model yet (it is ${run.state}).`);
      const ds = datasetId ?? run.datasetId;
      if (ds === null || ds === undefined) throw new ApiError('invalid_input', `Run “${run.name}” is not linked to a dataset of this project: choose one to read its filters on.`);
      if (!p.db.prepare('SELECT 1 FROM datasets WHERE id = ?').get(ds)) throw new ApiError('not_found', `No dataset ${ds} in this project.`);
      if (collectionId !== undefined) collection(collectionId);
      return p.jobs.start('motifs.extract', `Read motifs from “${run.name}”`, {
        runId, datasetId: ds, maxSequences, collectionId: collectionId ?? null, metric, libraryPath: library(svc).path,
      });
    },
    'motifs.match': ({ id, collectionId, metric, qMethod, maxResults }) => {
      const m = requireMotif(svc, id);
      collection(collectionId);
      const db = svc.requireProject().db;
      const q = asMotif(m);
      const queryStart = m.trimEnd > m.trimStart ? m.trimStart : 0, queryEnd = m.trimEnd > m.trimStart ? m.trimEnd : m.probs.length;
      // The cache holds the default (Storey) results; entries from before MEME's statistic (no
      // qMethod) or without logos fail the contract and are recomputed.
      const cached = qMethod === 'storey' && maxResults <= 10 ? getCachedMatches(db, id, collectionId, metric) : null;
      const valid = cached?.map((c) => MotifMatchInfo.safeParse(c));
      if (valid && valid.every((v) => v.success && v.data.qMethod === 'storey')) {
        return { matches: valid.map((v) => v.data!).slice(0, maxResults), cached: true, queryStart, queryEnd };
      }
      const { db: tdb, rows } = library(svc).tomtom(collectionId);
      const res: MotifMatchInfo[] = matchMotif(q, tdb, rows.map((r) => r.id), metric, Math.max(10, maxResults), qMethod).map((x) => ({
        libraryMotifId: x.libraryMotifId, targetId: x.targetId, targetName: x.targetName, p: x.p, E: x.E, q: x.q, qMethod: x.qMethod, offset: x.offset,
        orientation: x.orientation, overlap: x.overlap, score: x.score, metric: x.metric, targetProbs: rows[x.targetIndex].probs,
      }));
      if (qMethod === 'storey') putCachedMatches(db, id, collectionId, metric, res.slice(0, 10));
      return { matches: res.slice(0, maxResults), cached: false, queryStart, queryEnd };
    },

    'motifs.ranking': ({ id, collectionId, metric, offset, limit }) => {
      const m = requireMotif(svc, id);
      const c = collection(collectionId);
      const lib = library(svc).tomtom(collectionId);
      const all = rankingOf(svc.requireProject().db, id, asMotif(m), collectionId, metric, lib);
      const has = m.trimEnd > m.trimStart;
      return {
        total: all.length, collectionName: c.name, metric, qMethod: 'storey' as const,
        rows: all.slice(offset, offset + limit).map((r) => ({ rank: r.rank, libraryMotifId: r.libraryMotifId, targetId: r.targetId, targetName: r.targetName, family: r.family, tfClass: r.tfClass, p: r.p, E: r.E, q: r.q, offset: r.offset, orientation: r.orientation, overlap: r.overlap })),
        queryStart: has ? m.trimStart : 0, queryEnd: has ? m.trimEnd : m.probs.length,
      };
    },
    'motifs.findTf': ({ runId, collectionId, metric, query }) => {
      const c = collection(collectionId);
      const db = svc.requireProject().db;
      const lib = library(svc).tomtom(collectionId);
      const cards = withCardInfo(db, listMotifs(db, { runId }).filter((m) => m.mergedInto === null));
      if (!cards.length) throw new ApiError('not_found', 'Read the motifs of this run first (Read motifs from this run).');
      const byId = new Map(cards.map((m) => [m.id, m]));
      const r = findTf(query, lib, cards.map((m) => ({ motifId: m.id, ranking: rankingOf(db, m.id, asMotif(m), collectionId, metric, lib) })));
      return {
        query, collectionName: c.name,
        entries: r.entries.map((e) => ({ libraryMotifId: e.id, motifId: e.motifId, name: e.name, family: e.meta?.tf_family ?? '', tfClass: e.meta?.tf_class ?? '' })),
        hits: r.hits.map((h) => {
          const m = byId.get(h.motifId)!;
          return { ...h, displayName: m.displayName, filterIndex: m.filterIndex, repId: m.group.repId, trusted: m.trust.passes };
        }),
      };
    },
    'motifs.identify': ({ runId, collectionId, metric }) => {
      const c = collection(collectionId);
      const db = svc.requireProject().db;
      if (!listMotifs(db, { runId }).length) throw new ApiError('not_found', 'Read the motifs of this run first (Read motifs from this run).');
      return { named: identifyRunMotifs(db, runId, library(svc).tomtom(collectionId), c, metric) };
    },

    // ---- exports ----
    'motifs.export': ({ motifIds, libraryMotifIds, format, path, trimmed, overwrite }) => {
      const motifs: Motif[] = [];
      if (motifIds.length) for (const id of motifIds) motifs.push(asMotif(requireMotif(svc, id), trimmed));
      for (const id of libraryMotifIds) {
        const r = libMotif(id);
        motifs.push({ id: r.motifId, name: r.name, probs: r.probs, ...(r.nsites !== null ? { nsites: r.nsites } : {}), meta: r.meta });
      }
      if (!motifs.length) throw new ApiError('invalid_input', 'Choose at least one motif to export.');
      const text = writeMotifs(motifs, format);
      return { path: writeOut(path, text, overwrite), count: motifs.length };
    },
    'motifs.logoSvg': ({ motifId, libraryMotifId, kind, scale, strand, trimmed, path, overwrite }) => {
      if ((motifId === undefined) === (libraryMotifId === undefined)) throw new ApiError('invalid_input', 'Give either a project motif or a library motif.');
      let title: string, probs: number[][], weights: number[][] | null = null, nsites: number | undefined;
      if (motifId !== undefined) {
        const m = requireMotif(svc, motifId);
        const s = trimmed && m.trimEnd > m.trimStart ? m.trimStart : 0, e = trimmed && m.trimEnd > m.trimStart ? m.trimEnd : m.probs.length;
        title = m.name; probs = m.probs.slice(s, e); weights = m.weights ? m.weights.slice(s, e) : null; nsites = m.nSites || undefined;
      } else {
        const r = libMotif(libraryMotifId!);
        title = `${r.motifId} ${r.name}`; probs = r.probs; nsites = r.nsites ?? undefined;
      }
      let svg: string;
      if (kind === 'weights') {
        if (!weights) throw new ApiError('invalid_input', 'Only motifs read from a trained model have filter weights.');
        svg = weightLogoSvg(weights, { title: `${title} (filter weights)`, strand });
      } else svg = logoSvg({ probs, nsites }, { scale, strand, title: `${title}${strand === '-' ? ' (reverse complement)' : ''}`, positions: true });
      return { svg, path: path ? writeOut(path, svg, overwrite) : null };
    },
    'motifs.savePng': ({ path, base64, overwrite }) => {
      const bytes = Buffer.from(base64, 'base64');
      if (bytes.length < 8 || bytes.readUInt32BE(0) !== 0x89504e47) throw new ApiError('invalid_input', 'The picture is not a PNG image.');
      if (!/\.png$/i.test(path)) throw new ApiError('invalid_input', 'A PNG picture needs a file name ending in .png.');
      return { path: writeOut(path, bytes, overwrite), count: 1 };
    },
    'motifs.suggestPath': ({ name, ext }) => {
      const base = svc.project ? join(dirname(svc.project.path), 'exports') : join(svc.opts.dataDir, 'exports');
      return { path: join(base, `${safeName(name)}.${ext.replace(/^\./, '')}`) };
    },

    // ---- scans ----
    'motifs.scan.start': ({ name, source, motifIds, libraryMotifIds, collectionId, pThreshold, bg, bgFile, maxHits }) => {
      const p = svc.requireProject();
      if (!motifIds.length && !libraryMotifIds.length && collectionId === undefined) throw new ApiError('invalid_input', 'Choose at least one motif to scan with.');
      let bgValues: [number, number, number, number] | null = null, bgPath: string | null = null;
      if (bg === 'file') {
        if (!bgFile) throw new ApiError('invalid_input', 'Choose the background file (MEME background format, e.g. from fasta-get-markov).');
        bgPath = resolve(bgFile);
        if (!existsSync(bgPath) || statSync(bgPath).isDirectory()) throw new ApiError('not_found', `No background file at ${bgPath}.`);
        if (statSync(bgPath).size > MAX_BG_FILE_BYTES) throw new ApiError('bad_file', `${basename(bgPath)} is too large for a background file (over 16 MB).`);
        try {
          bgValues = [...parseBackgroundFile(readFileSync(bgPath, 'utf8'), basename(bgPath))] as [number, number, number, number];
        } catch (e) {
          if (e instanceof BackgroundFileError) throw new ApiError('bad_file', e.message);
          throw e;
        }
      } else if (bgFile) throw new ApiError('invalid_input', `A background file is only read with bg "file" (got "${bg}").`);
      for (const id of motifIds) requireMotif(svc, id);
      for (const id of libraryMotifIds) libMotif(id);
      if (collectionId !== undefined) collection(collectionId);
      let src;
      if (source.kind === 'dataset') {
        if (!p.db.prepare('SELECT 1 FROM datasets WHERE id = ?').get(source.datasetId)) throw new ApiError('not_found', `No dataset ${source.datasetId} in this project.`);
        src = source;
      } else if (source.kind === 'fasta') {
        const f = resolve(source.path);
        if (!existsSync(f) || statSync(f).isDirectory()) throw new ApiError('not_found', `No FASTA file at ${f}.`);
        src = { kind: 'fasta' as const, path: f };
      } else {
        try {
          src = { kind: 'sequences' as const, seqs: parsePastedSequences(source.text) };
        } catch (e) {
          throw new ApiError('invalid_input', (e as Error).message);
        }
      }
      const n = motifIds.length + libraryMotifIds.length + (collectionId !== undefined ? collection(collectionId).count : 0);
      return p.jobs.start('motifs.scan', name?.trim() || `Scan with ${n} motif${n === 1 ? '' : 's'}`, {
        name: name?.trim() ?? '', source: src, motifIds, libraryMotifIds, collectionId: collectionId ?? null, libraryPath: library(svc).path, pThreshold, bg,
        bgFile: bgPath, bgValues, maxHits,
      });
    },
    'motifs.scan.list': () => listScans(svc.requireProject().db),
    'motifs.scan.page': ({ scanId, offset, limit, motifIdx }) => {
      const db = svc.requireProject().db;
      if (!getScan(db, scanId)) throw new ApiError('not_found', `No scan ${scanId} in this project.`);
      return pageHits(db, scanId, { offset, limit, motifIdx });
    },
    'motifs.scan.export': ({ scanId, format, path, overwrite }) => {
      const db = svc.requireProject().db;
      const scan = getScan(db, scanId);
      if (!scan) throw new ApiError('not_found', `No scan ${scanId} in this project.`);
      if (!scan.nHits) throw new ApiError('invalid_input', 'This scan found no hits: there is nothing to export.');
      const text = format === 'tsv' ? scanToTsv(db, scan) : scanToBed(db, scan);
      return { path: writeOut(path, text, overwrite), count: scan.nHits };
    },
    'motifs.scan.delete': ({ scanId }) => {
      if (!deleteScan(svc.requireProject().db, scanId)) throw new ApiError('not_found', `No scan ${scanId} in this project.`);
      return null;
    },
  };
}
