// The whole comparison as one self-contained HTML file (no scripts, no external resources): what was
// compared and how (the strict definitions of MODEL.md §6), the mean ± sd table per (model, prior),
// the per-run table, and per run: planted-motif recovery, the top-k recall curves of the model's calls
// beside FIMO, the planted rule verdict, and the passing motifs as logos with their best matches.
// For reviewers and lab notebooks.
import { logoSvg } from '../../shared/logo';
import { APP_VERSION } from '../version';
import { modelKindLabel } from '../model/kinds';
import type { ProjectMotifRecord } from '../motifs/project-store';
import { COLUMNS, priorLabel, type CompareRow, type CompareGroup, type StrictMetrics, type StrictInstanceFigures } from './store';
import { motifDisplayName } from '../../shared/motif-name';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const num = (v: number | null | undefined, d: number) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : d === 0 ? String(Math.round(v)) : v.toFixed(d));

const pct = (v: number) => `${(100 * v).toFixed(1)} %`;

/** Per-run strict details: recovery per planted motif, top-k recall curves, planted rule. */
function strictSection(st: StrictMetrics): string {
  const parts: string[] = [];
  const u = st.usage;
  parts.push(`<p>Filters used: ${u.used} (${u.units} counting reverse-complement twins once); not used: ${u.silent} silent, ${u.rare} firing in &lt; 5 % of positives, ${u.notEnriched} not enriched over negatives${u.noNegatives ? `, ${u.noNegatives} untestable without negatives` : ''}.${st.collection ? ` Motifs judged against ${esc(st.collection)}.` : ''}</p>`);
  if (st.allInactive) parts.push('<p class="warn">All filters inactive: this run reports no motifs.</p>');
  else if (st.note) parts.push(`<p class="warn">${esc(st.note)}</p>`);
  if (st.recovery) {
    parts.push(`<table class="small"><thead><tr><th>Planted motif</th><th>Entry judged</th><th>Recovered</th><th>Filters (units)</th></tr></thead><tbody>${st.recovery.planted.map((p) =>
      `<tr><td>${esc(p.name)} (${esc(p.id)})</td><td>${esc(p.entryId)}</td><td>${p.recovered ? 'yes' : 'no'}</td><td>${p.filters.map((f) => motifDisplayName({ filterIndex: f })).join(', ') || '—'} (${p.units})</td></tr>`).join('')}</tbody></table>`);
  }
  const ins = st.instances;
  if (ins) {
    const series: [string, StrictInstanceFigures | null][] = [['Model calls (filter activation, merged)', ins.model], ['ARGMINN attention calls (merged)', ins.attention], ['FIMO, model motifs', ins.fimoModel], ['FIMO, true motifs', ins.fimoTrue]];
    const shown = series.filter((x): x is [string, StrictInstanceFigures] => x[1] !== null);
    const grid = ins.model.topK.map((k) => k.kRel);
    parts.push(`<table class="small"><thead><tr><th>Top-k recall (k × planted sites = ${ins.model.nTruth})</th>${grid.map((g) => `<th>${g}×</th>`).join('')}<th>Precision at recall 0.8</th><th>Calls</th></tr></thead><tbody>${shown.map(([name, f]) =>
      `<tr><td>${esc(name)}</td>${f.topK.map((k) => `<td>${num(k.recall, 2)}</td>`).join('')}<td>${f.precisionAtRecall80 === null ? 'not reached' : num(f.precisionAtRecall80, 2)}</td><td>${f.nCalls}</td></tr>`).join('')}</tbody></table>`);
  }
  if (st.rule) {
    const r = st.rule;
    parts.push(`<p>Planted rule: ${r.found === null ? `not judged${r.note ? ` (${esc(r.note)})` : ''}` : r.found ? 'found' : `not found${r.note ? ` (${esc(r.note)})` : ''}`}${r.arrangements.length ? '. ' + r.arrangements.map((a) =>
      `${esc(a.a)} then ${esc(a.b)} on ${a.orientation === 'same' ? 'the same strand' : a.orientation === 'opposite' ? 'the opposite strand' : 'either strand'}, gap ${a.gap[0]}–${a.gap[1]} bp: ${a.found ? `found (rank ${a.rank} of the pair's ${a.pairRules} rules, ${a.globalRank} overall)` : `not among the 3 best of the pair's ${a.pairRules} rules`}`).join('; ') : ''}.</p>`);
  }
  return parts.join('\n');
}

export function comparisonHtml(
  t: { datasetName: string; hasTruth: boolean; rows: CompareRow[]; groups: CompareGroup[] },
  motifsByRun: Map<number, ProjectMotifRecord[]>,
): string {
  const ref = t.rows.find((r) => r.reference)?.reference;
  const cols = COLUMNS.filter((c) => t.hasTruth || !c.truthOnly);
  const head = cols.map((c) => `<th>${esc(c.label)}</th>`).join('');
  const groupRows = t.groups.map((g) => `<tr><td>${esc(g.group)}</td><td>${g.seeds.join(', ')}</td>${cols.map((c) => {
    const s = g.stats[c.key];
    return `<td>${num(s.mean, c.digits)}${s.sd !== null ? ` ± ${num(s.sd, Math.max(c.digits, 2))}` : ''}</td>`;
  }).join('')}</tr>`).join('\n');
  const runRows = t.rows.map((r) => `<tr><td>${esc(r.name)}</td><td>${esc(modelKindLabel(r.modelKind))}</td><td>${esc(priorLabel(r.prior))}</td><td>${r.seed}</td>${
    cols.map((c) => `<td>${r.metrics ? num(c.get(r.metrics), c.digits) : '—'}</td>`).join('')}<td class="status">${esc(r.status ?? '')}</td></tr>`).join('\n');
  const motifSections = t.rows.filter((r) => r.metrics).map((r) => {
    const ms = motifsByRun.get(r.runId) ?? [];
    const st = r.metrics!.strict;
    const byFilter = new Map((st?.filters ?? []).map((f) => [f.filter, f]));
    const matches = new Map((r.metrics?.matches ?? []).map((m) => [m.motif, m]));
    const cards = ms.map((m) => {
      const probs = m.trimEnd > m.trimStart ? m.probs.slice(m.trimStart, m.trimEnd) : m.probs;
      const f = m.filterIndex !== null ? byFilter.get(m.filterIndex) : undefined;
      let cap: string;
      if (st && f) {
        cap = f.verdict !== 'used' ? `<br><span class="muted">not used (${esc(f.verdict)}, fires in ${pct(f.fracPos)} of positives)</span>`
          : f.best ? `${f.role === 'repressing' ? `<br>repressing: fires in ${pct(f.fracNeg ?? 0)} of negatives, ${pct(f.fracPos)} of positives` : ''}<br>best: ${esc(f.best.name)} ${esc(f.best.id)} (q = ${f.best.q.toExponential(1)})${f.planted ? `<br>recovers ${esc(f.planted)}` : '<br><span class="muted">no planted motif: extraneous</span>'}`
          : '<br><span class="muted">used; not judged</span>';
      } else {
        const mt = matches.get(m.name.replace(/\s+/g, '_'));
        cap = mt ? `<br>≈ ${esc(mt.target)} (q = ${mt.q.toExponential(1)})` : '<br><span class="muted">no reference match</span>';
      }
      return `<figure>${logoSvg({ probs, nsites: m.nSites || undefined }, { height: 70, columnWidth: 14 })}<figcaption>${esc(m.name)} · ${m.consensus}${cap}</figcaption></figure>`;
    }).join('');
    const details = st ? strictSection(st) : '<p class="warn">Evaluated with the old, lenient definitions: re-evaluate for the strict figures.</p>';
    return `<h3>${esc(r.name)}</h3>${details}\n${cards || '<p class="muted">No passing motifs.</p>'}`;
  }).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Model comparison · ${esc(t.datasetName)}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;color:#222;margin:2rem auto;max-width:1200px;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}h3{font-size:1rem;margin:1.2rem 0 .4rem}
table{border-collapse:collapse;font-size:12px;width:100%}th,td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:right}
th:first-child,td:first-child,td:nth-child(2),td:nth-child(3){text-align:left}th{background:#f4f5f7;vertical-align:bottom}
figure{display:inline-block;margin:4px 12px 8px 0;vertical-align:top}figcaption{font-size:11px;color:#444}.muted{color:#888}
.warn{color:#8a4b00}table.small{width:auto;margin:6px 0}td.status{text-align:left;color:#8a4b00}
</style></head><body>
<h1>Model comparison · ${esc(t.datasetName)}</h1>
<p>Made with Cisgram ${esc(APP_VERSION)} on ${new Date().toISOString().slice(0, 10)}. Reference motifs: ${esc(ref ? ref.name : 'none')}.
Motifs are read from each model's first-layer filters (threshold 0.5 × maximum activation on the training positives; a motif passes when its
IC-trimmed length is ≥ 5 and its mean IC ≥ 1 bit). The figures follow the strict definitions of the ARGMINN paper's evaluation:
a filter is <em>used</em> when it fires (activation above half its maximum) in at least 5 % of the positives and more often than in the
negatives (one-sided Fisher exact test, p &lt; 0.01); silent or rare filters are neither motifs nor extraneous.
${t.hasTruth ? `A planted motif is <em>recovered</em> when a used filter's trimmed PFM, compared by TomTom with a whole JASPAR collection, has as its best
match the planted motif's entry or one of the same TF family (JASPAR tf_family), and the planted entry itself matches with q &lt; 0.05;
a half-site is judged against the sliced matrix, with its parent's family; a custom planted motif against itself.` : 'A used filter is <em>known</em> when its best TomTom match in the chosen collection has q &lt; 0.05.'}
A filter and its reverse-complement twin count once: <em>redundancy</em> is the number of such units per recovered motif, <em>extraneous</em>
the number of used units that match no ${t.hasTruth ? 'planted motif (nor its family)' : 'known motif'}.${t.hasTruth ? ` Instances are called on held-out positives by filter activation for every model
(and by attention for ARGMINN); calls of filters that learned the same motif are merged (one site, one call), a call matches a planted site when
they overlap by at least half the shorter length, and each site is matched once. <em>Top-k recall</em> = fraction of planted sites covered by the k
best calls, k = multiples of the number of planted sites (the table shows k = that number); <em>precision at recall 0.8</em> = best precision of
any cut-off reaching recall 0.8 (blank when none does). FIMO (p &lt; 10⁻³, ranked by p) is scanned with the model's own passing motifs and with the
true planted motifs on the same sequences. The planted rule is <em>found</em> when it is among the 3 best rules of its motif pair in the syntax
explorer (ARGMINN), in the right order and orientation, with a spacing window inside the planted range ± 2 bp.` : ''}
Attribution figures: input × gradient on up to 100 held-out positives; high-frequency share of the attribution spectrum above T = L/7 and the entropy (bits) of the normalised attribution profile (lower = smoother / more concentrated).</p>
<h2>Mean ± sd over seeds</h2>
<table><thead><tr><th>Model · prior</th><th>Seeds</th>${head}</tr></thead><tbody>
${groupRows}
</tbody></table>
<h2>Every run</h2>
<table><thead><tr><th>Run</th><th>Model</th><th>Prior</th><th>Seed</th>${head}<th>Status</th></tr></thead><tbody>
${runRows}
</tbody></table>
<h2>Motifs of each run</h2>
${motifSections}
</body></html>
`;
}
