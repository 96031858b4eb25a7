// The design as a picture for a slide or a lab notebook: a standalone SVG (inline attributes only,
// no page CSS) of the design canvas — title with the prediction, ruler, the sequence with the placed
// motifs (arrow = strand) and their names, the model's own calls, the vendor lane with the broken
// rules, and a legend naming every motif in full (names by TF family can be long). Pure strings (no
// Node, no DOM), like logo.ts: the Design screen saves it as .svg or draws it on a canvas for .png
// (renderer chart-save.ts).
import type { DesignRecord } from './api';

export interface DesignPicture { svg: string; width: number; height: number }

const W = 1000, PAD = 64, INNER = W - 2 * PAD;
const FONT = 'system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif';
const INK = '#1f2328', MUTED = '#62666d';

/** Text for XML: &, <, >, quotes escaped. */
export function xmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/**
 * The name a placed motif is shown by: the motif's current name in the project (`names`, by motif
 * id: a renamed or family-named motif shows its new name), else the name stored with the insertion
 * (stored with underscores for spaces, as in the exported files).
 */
export function insertionName(ins: { motifId?: string; motifName: string }, names?: Record<string, string>): string {
  return (ins.motifId !== undefined ? names?.[ins.motifId] : undefined) ?? ins.motifName.replace(/_/g, ' ');
}

/** A family name without its member list: "GATA-type zinc fingers (GATA1, GATA2)" → "GATA-type zinc fingers". */
export function shortName(name: string): string {
  return name.replace(/\s*\([^()]*\)\s*$/, '') || name;
}

const f1 = (v: number) => Math.round(v * 10) / 10;

/** Leave-one-out contribution of a placed motif (design.contributions items): prediction change when it is removed. */
export interface InsertionContribution { index: number; delta: number }

/**
 * "+12.3 placed · −10.1 if removed" for placed motif i, in percentage points: the change when it was
 * placed and the change if it were removed now (empty when neither is known).
 */
export function contributionText(d: Pick<DesignRecord, 'insertions'>, i: number, contrib?: InsertionContribution[] | null): string {
  const pts = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}`;
  const parts: string[] = [];
  const onInsert = d.insertions[i]?.deltaOnInsert;
  if (onInsert !== undefined) parts.push(`${pts(onInsert)} placed`);
  const c = contrib?.find((x) => x.index === i);
  if (c) parts.push(`${pts(-c.delta)} if removed`);
  return parts.join(' · ');
}

/** A box with an arrow tip pointing along the strand. */
function arrow(x: number, w: number, y: number, h: number, strand: string): string {
  const tip = Math.min(8, w / 3);
  const p = strand === '+'
    ? [[x, y], [x + w - tip, y], [x + w, y + h / 2], [x + w - tip, y + h], [x, y + h]]
    : [[x + tip, y], [x + w, y], [x + w, y + h], [x + tip, y + h], [x, y + h / 2]];
  return `M${p.map(([a, b]) => `${f1(a)},${f1(b)}`).join(' L')} Z`;
}

/** The vendor rule a violation breaks, in a few words. */
export function violationWords(rule: string): string {
  return rule.startsWith('gc.overall') ? 'GC overall' : rule.startsWith('gc') ? 'GC window' : rule.startsWith('homopolymer') ? 'base run'
    : rule.startsWith('tandem') ? 'tandem repeat' : rule.startsWith('length') ? 'length' : rule.startsWith('forbidden') ? 'forbidden site' : rule === 'alphabet' ? 'not A/C/G/T' : rule;
}

/**
 * The design drawn to scale. `colors` maps a motif name (spaces as underscores) to its palette
 * colour, as on the canvas; `names` the motifs' current names by id; `profileName` names the
 * vendor profile checked; `contrib` the leave-one-out contributions, written under each motif as on
 * the canvas.
 */
export function designPicture(
  d: DesignRecord, colors: Record<string, string>, profileName?: string, names?: Record<string, string>, contrib?: InsertionContribution[] | null,
): DesignPicture {
  const L = Math.max(1, d.length);
  const x = (pos: number) => PAD + (pos / L) * INNER;
  const w = (n: number) => (n / L) * INNER;
  const colour = (name: string) => colors[name.replace(/\s+/g, '_')] ?? '#5b7f95';
  const out: string[] = [];
  const text = (tx: number, ty: number, s: string, attrs = '') => out.push(`<text x="${f1(tx)}" y="${f1(ty)}" font-family="${FONT}" ${attrs}>${xmlText(s)}</text>`);

  // title
  const pred = d.prediction === null ? 'not scored' : `prediction ${(d.prediction * 100).toFixed(1)}%`;
  text(PAD, 24, d.name, `font-size="16" font-weight="600" fill="${INK}"`);
  text(PAD, 42, `${d.length} bp · ${pred}${d.scoredBy ? ` (model “${d.scoredBy.runName}”)` : ''} · ${d.insertions.length} motif${d.insertions.length === 1 ? '' : 's'} placed`, `font-size="12" fill="${MUTED}"`);

  // ruler
  const R = 70;
  const step = L <= 200 ? 20 : L <= 600 ? 50 : L <= 1500 ? 100 : 500;
  out.push(`<line x1="${x(0)}" x2="${x(L)}" y1="${R}" y2="${R}" stroke="#b8b4a7" stroke-width="1"/>`);
  for (let p = 0; p <= L; p += step) {
    out.push(`<line x1="${f1(x(p))}" x2="${f1(x(p))}" y1="${R - 4}" y2="${R + 4}" stroke="#b8b4a7" stroke-width="1"/>`);
    text(x(p), R - 9, String(p === 0 ? 1 : p), `font-size="11" fill="${MUTED}" text-anchor="middle"`);
  }

  // sequence lane with the placed motifs and their names (two rows of names when neighbours crowd)
  const T = 100;
  text(PAD - 8, T + 18, 'seq', `font-size="11" fill="${MUTED}" text-anchor="end"`);
  out.push(`<rect x="${x(0)}" y="${T + 8}" width="${f1(w(L))}" height="12" rx="3" fill="#e7e4da"/>`);
  const ends = [-Infinity, -Infinity];
  const order = d.insertions.map((ins, i) => ({ ins, name: insertionName(ins, names), note: contributionText(d, i, contrib), c: x(ins.start) + w(ins.bases.length) / 2 })).sort((a, b) => a.c - b.c);
  // with contributions each label is two lines (name, points), so a row is taller
  const rowH = order.some((o) => o.note) ? 26 : 13;
  for (const { ins, name, note, c } of order) {
    const half = Math.max(name.length * 6.2, note.length * 5.2) / 2;
    const row = c - half > ends[0] + 6 ? 0 : c - half > ends[1] + 6 ? 1 : 0;
    ends[row] = c + half;
    out.push(`<path d="${arrow(x(ins.start), Math.max(4, w(ins.bases.length)), T, 28, ins.strand)}" fill="${ins.scrambled ? '#b9b5a8' : colour(ins.motifName)}" stroke="rgba(0,0,0,0.25)" stroke-width="1"/>`);
    text(c, T + 45 + rowH * row, name, `font-size="11" fill="${INK}" text-anchor="middle"`);
    if (note) text(c, T + 57 + rowH * row, note, `font-size="10" fill="${MUTED}" text-anchor="middle"`);
  }
  const shift = rowH - 13;

  // the model's own calls
  const M = 178 + shift;
  text(PAD - 8, M + 10, 'model', `font-size="11" fill="${MUTED}" text-anchor="end"`);
  out.push(`<line x1="${x(0)}" x2="${x(L)}" y1="${M + 6}" y2="${M + 6}" stroke="#ece9e0" stroke-width="1"/>`);
  for (const c of d.calls) out.push(`<path d="${arrow(x(c.start), Math.max(4, w(c.end - c.start)), M, 12, c.strand)}" fill="${colour(c.motifName)}" opacity="${f1(0.35 + 0.65 * c.attention)}"/>`);
  if (!d.calls.length) text(x(0) + 4, M + 19, 'no motif called by the model', `font-size="10" fill="${MUTED}"`);

  // vendor lane
  const V = 212 + shift;
  text(PAD - 8, V + 10, 'vendor', `font-size="11" fill="${MUTED}" text-anchor="end"`);
  out.push(`<line x1="${x(0)}" x2="${x(L)}" y1="${V + 6}" y2="${V + 6}" stroke="#ece9e0" stroke-width="1"/>`);
  const viols = d.violations.filter((v) => v.target === 'sequence')
    .map((v) => ({ ...v, s: Math.max(0, v.start - d.insertOffset), e: Math.min(L, v.end - d.insertOffset) }))
    .filter((v) => v.e > v.s);
  for (const v of viols) {
    out.push(`<rect x="${f1(x(v.s))}" y="${V}" width="${f1(Math.max(3, w(v.e - v.s)))}" height="12" rx="2" fill="#c0392b" opacity="0.75"/>`);
    if (w(v.e - v.s) >= 50) text(x(v.s) + 4, V + 9.5, violationWords(v.rule), `font-size="9.5" fill="#ffffff"`);
  }
  const other = d.violations.length - viols.length;
  if (!d.violations.length) text(x(0) + 4, V + 19, `passes the vendor profile${profileName ? ` “${profileName}”` : ''}`, `font-size="10" fill="#2f6f5e"`);
  else if (other) text(x(0) + 4, V + 26, `${other} more problem${other === 1 ? '' : 's'} not tied to a position`, `font-size="10" fill="#c0392b"`);

  // legend: every motif on the picture, with its colour and full name
  const placed = d.insertions.map((i) => insertionName(i, names));
  const called = d.calls.map((c) => names?.[String(c.motifId)] ?? c.motifName);
  const legend = [...new Set([...placed, ...called])];
  let y = V + 48;
  if (legend.length) text(PAD, y, 'Motifs', `font-size="11" font-weight="600" fill="${INK}"`);
  for (const n of legend) {
    y += 17;
    out.push(`<rect x="${PAD}" y="${y - 9}" width="11" height="11" rx="2" fill="${colour(n)}"/>`);
    const nPlaced = placed.filter((x) => x === n).length, nCalled = called.filter((x) => x === n).length;
    text(PAD + 17, y, `${n} — ${nPlaced} placed, ${nCalled} called by the model`, `font-size="11" fill="${INK}"`);
  }
  const height = Math.round(y + 18);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}">`
    + `<title>${xmlText(d.name)}</title><rect width="100%" height="100%" fill="#ffffff"/>${out.join('')}</svg>`;
  return { svg, width: W, height };
}
