// The whole comparison as one self-contained HTML file (no scripts, no external resources): what was
// compared and how, the mean ± sd table per (model, prior), the per-run table, and each run's passing
// motifs as logos with their best reference matches. For reviewers and lab notebooks.
import { logoSvg } from '../../shared/logo';
import { APP_VERSION } from '../version';
import type { ProjectMotifRecord } from '../motifs/project-store';
import { COLUMNS, MODEL_LABEL, priorLabel, type CompareRow, type CompareGroup } from './store';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const num = (v: number | null | undefined, d: number) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : d === 0 ? String(Math.round(v)) : v.toFixed(d));

export function comparisonHtml(
  t: { datasetName: string; hasTruth: boolean; rows: CompareRow[]; groups: CompareGroup[] },
  motifsByRun: Map<number, ProjectMotifRecord[]>,
): string {
  const ref = t.rows.find((r) => r.reference)?.reference;
  const head = COLUMNS.map((c) => `<th>${esc(c.label)}</th>`).join('');
  const groupRows = t.groups.map((g) => `<tr><td>${esc(g.group)}</td><td>${g.seeds.join(', ')}</td>${COLUMNS.map((c) => {
    const s = g.stats[c.key];
    return `<td>${num(s.mean, c.digits)}${s.sd !== null ? ` ± ${num(s.sd, Math.max(c.digits, 2))}` : ''}</td>`;
  }).join('')}</tr>`).join('\n');
  const runRows = t.rows.map((r) => `<tr><td>${esc(r.name)}</td><td>${esc(MODEL_LABEL[r.modelKind] ?? r.modelKind)}</td><td>${esc(priorLabel(r.prior))}</td><td>${r.seed}</td>${
    COLUMNS.map((c) => `<td>${r.metrics ? num(c.get(r.metrics), c.digits) : '—'}</td>`).join('')}</tr>`).join('\n');
  const motifSections = t.rows.filter((r) => r.metrics).map((r) => {
    const ms = motifsByRun.get(r.runId) ?? [];
    const matches = new Map((r.metrics?.matches ?? []).map((m) => [m.motif, m]));
    const cards = ms.map((m) => {
      const probs = m.trimEnd > m.trimStart ? m.probs.slice(m.trimStart, m.trimEnd) : m.probs;
      const mt = matches.get(m.name.replace(/\s+/g, '_'));
      return `<figure>${logoSvg({ probs, nsites: m.nSites || undefined }, { height: 70, columnWidth: 14 })}<figcaption>${esc(m.name)} · ${m.consensus}${mt ? `<br>≈ ${esc(mt.target)} (q = ${mt.q.toExponential(1)})` : '<br><span class="muted">no reference match</span>'}</figcaption></figure>`;
    }).join('');
    return `<h3>${esc(r.name)}</h3>${cards || '<p class="muted">No passing motifs.</p>'}`;
  }).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Model comparison · ${esc(t.datasetName)}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;color:#222;margin:2rem auto;max-width:1200px;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}h3{font-size:1rem;margin:1.2rem 0 .4rem}
table{border-collapse:collapse;font-size:12px;width:100%}th,td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:right}
th:first-child,td:first-child,td:nth-child(2),td:nth-child(3){text-align:left}th{background:#f4f5f7;vertical-align:bottom}
figure{display:inline-block;margin:4px 12px 8px 0;vertical-align:top}figcaption{font-size:11px;color:#444}.muted{color:#888}
</style></head><body>
<h1>Model comparison · ${esc(t.datasetName)}</h1>
<p>Made with Cisgram ${esc(APP_VERSION)} on ${new Date().toISOString().slice(0, 10)}. Reference motifs: ${esc(ref ? ref.name : 'none')}.
Motifs are read from each model's first-layer filters (threshold 0.5 × maximum activation on the training positives; a motif passes when its
IC-trimmed length is ≥ 5 and its mean IC ≥ 1 bit). A reference motif is recovered when it is the best TomTom match (q &lt; 0.05) of one of the run's filters that fire (passing or not);
redundancy is the number of matched filters per recovered reference motif; extraneous filters fire but match nothing.${t.hasTruth ? ' Instance precision and recall compare filter-activation calls on held-out positives with the planted sites (a call matches a site when they overlap by at least half the shorter length).' : ''}
Attribution figures: input × gradient on up to 100 held-out positives; high-frequency share of the attribution spectrum above T = L/7 and the entropy (bits) of the normalised attribution profile (lower = smoother / more concentrated).</p>
<h2>Mean ± sd over seeds</h2>
<table><thead><tr><th>Model · prior</th><th>Seeds</th>${head}</tr></thead><tbody>
${groupRows}
</tbody></table>
<h2>Every run</h2>
<table><thead><tr><th>Run</th><th>Model</th><th>Prior</th><th>Seed</th>${head}</tr></thead><tbody>
${runRows}
</tbody></table>
<h2>Motifs of each run</h2>
${motifSections}
</body></html>
`;
}
