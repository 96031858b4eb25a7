// Sequence logos as deterministic SVG strings (for a Vue component via v-html and for .svg export).
// Letters are filled path glyphs defined in a unit box and placed with translate/scale, so each
// letter fills exactly its column width and its height p·IC (or p on the probability scale),
// stacked with the smallest at the bottom. Colours: A #CC0000, C #0000CC, G #FFB300, T #008000.
import type { Motif } from './types';
import { icKL, icShannon, revcompMatrix, type Bg, UNIFORM_BG } from './matrix';

export const LOGO_COLOURS = ['#CC0000', '#0000CC', '#FFB300', '#008000'] as const;

const f = (x: number) => (Math.round(x * 1000) / 1000).toString();

function arcPoints(cx: number, cy: number, rx: number, ry: number, a0: number, a1: number, n: number): [number, number][] {
  const pts: [number, number][] = [];
  for (let i = 0; i <= n; i++) {
    const a = a0 + ((a1 - a0) * i) / n;
    pts.push([cx + rx * Math.cos(a), cy + ry * Math.sin(a)]);
  }
  return pts;
}
const poly = (pts: [number, number][]) => 'M' + pts.map(([x, y]) => `${f(x)} ${f(y)}`).join('L') + 'Z';

/** Glyph paths in the unit box [0,1]×[0,1] (y down; the glyph touches all four edges). */
export const GLYPHS: Readonly<Record<'A' | 'C' | 'G' | 'T', string>> = (() => {
  const deg = Math.PI / 180;
  // C: a thick ring open on the right (from 40° to 320°, measured clockwise on screen from +x).
  const outer = arcPoints(0.5, 0.5, 0.5, 0.5, 40 * deg, 320 * deg, 28);
  const innerBack = arcPoints(0.5, 0.5, 0.3, 0.32, 320 * deg, 40 * deg, 28); // back through 180°
  const C = poly([...outer, ...innerBack]);
  // G: like C with a shorter opening, plus a horizontal bar and a stem.
  const gOuter = arcPoints(0.5, 0.5, 0.5, 0.5, 25 * deg, 330 * deg, 30);
  const gInner = arcPoints(0.5, 0.5, 0.3, 0.32, 330 * deg, 25 * deg, 30);
  const G = poly([...gOuter, ...gInner]) + poly([[0.55, 0.52], [1, 0.52], [1, 0.8], [0.82, 0.8], [0.82, 0.66], [0.55, 0.66]]);
  const A = poly([[0, 1], [0.38, 0], [0.62, 0], [1, 1], [0.78, 1], [0.68, 0.72], [0.32, 0.72], [0.22, 1]]) +
    poly([[0.38, 0.56], [0.62, 0.56], [0.5, 0.2]]);
  const T = poly([[0, 0], [1, 0], [1, 0.16], [0.59, 0.16], [0.59, 1], [0.41, 1], [0.41, 0.16], [0, 0.16]]);
  return { A, C, G, T };
})();

export interface LogoOptions {
  /** 'ic' (bits, default) or 'prob' (letter heights = probabilities). */
  scale?: 'ic' | 'prob';
  /** '+' as given, '-' reverse complement. */
  strand?: '+' | '-';
  /** IC form: 'kl' (Σ p·log₂(p/bg), default) or 'shannon' (2 − (H + e_n)). */
  icForm?: 'kl' | 'shannon';
  bg?: Bg;
  /** Pixel width of one column (default 20) and height of the plot area (default 100). */
  columnWidth?: number;
  height?: number;
  /** Max of the y axis (default 2 bits, or 1 for 'prob'). */
  yMax?: number;
  /** Draw a left axis with ticks (default true) and position numbers below (default false). */
  axis?: boolean;
  positions?: boolean;
  /** Optional title text (XML-escaped). */
  title?: string;
}

export interface LogoLetter { base: 'A' | 'C' | 'G' | 'T'; /** bottom and height in data units (bits or probability). */ y0: number; h: number }
export interface LogoColumn { index: number; ic: number; letters: LogoLetter[] }

/** Stacks per position (letters bottom → top, smallest first). */
export function logoLayout(motif: Motif | number[][], opts: Pick<LogoOptions, 'scale' | 'strand' | 'icForm' | 'bg'> = {}): LogoColumn[] {
  const probs0 = Array.isArray(motif) ? motif : motif.probs;
  const nsites = Array.isArray(motif) ? undefined : motif.nsites;
  const probs = opts.strand === '-' ? revcompMatrix(probs0) : probs0;
  const ic = (opts.icForm ?? 'kl') === 'kl' ? icKL(probs, opts.bg ?? UNIFORM_BG) : icShannon(probs, nsites);
  return probs.map((r, i) => {
    const tot = Math.max(0, ic[i]);
    const order = [0, 1, 2, 3].sort((a, b) => r[a] - r[b] || a - b);
    let y = 0;
    const letters: LogoLetter[] = [];
    for (const b of order) {
      const h = (opts.scale ?? 'ic') === 'ic' ? r[b] * tot : r[b];
      if (h <= 0) continue;
      letters.push({ base: 'ACGT'[b] as LogoLetter['base'], y0: y, h });
      y += h;
    }
    return { index: i, ic: ic[i], letters };
  });
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Complete standalone SVG document string for the logo. Deterministic for equal inputs. */
export function logoSvg(motif: Motif | number[][], opts: LogoOptions = {}): string {
  const cols = logoLayout(motif, opts);
  const cw = opts.columnWidth ?? 20, ph = opts.height ?? 100;
  const scaleKind = opts.scale ?? 'ic';
  const yMax = opts.yMax ?? (scaleKind === 'ic' ? 2 : 1);
  const axis = opts.axis ?? true;
  const left = axis ? 30 : 0, top = opts.title ? 16 : 4, bottom = opts.positions ? 14 : 2;
  const W = left + cols.length * cw + 2, H = top + ph + bottom;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">`);
  if (opts.title) parts.push(`<text x="${left}" y="12" font-family="sans-serif" font-size="11">${esc(opts.title)}</text>`);
  const py = (v: number) => top + ph - (v / yMax) * ph;
  if (axis) {
    parts.push(`<path d="M${left - 2} ${f(top)}V${f(top + ph)}" stroke="#000" stroke-width="1" fill="none"/>`);
    const step = scaleKind === 'ic' ? 1 : 0.5;
    for (let v = 0; v <= yMax + 1e-9; v += step) {
      parts.push(`<path d="M${left - 5} ${f(py(v))}H${left - 2}" stroke="#000" stroke-width="1"/>`);
      parts.push(`<text x="${left - 7}" y="${f(py(v) + 3)}" font-family="sans-serif" font-size="9" text-anchor="end">${v}</text>`);
    }
    parts.push(`<text transform="translate(9 ${f(top + ph / 2)}) rotate(-90)" font-family="sans-serif" font-size="9" text-anchor="middle">${scaleKind === 'ic' ? 'bits' : 'probability'}</text>`);
  }
  for (const c of cols) {
    const x = left + c.index * cw;
    for (const l of c.letters) {
      const hpx = (l.h / yMax) * ph;
      if (hpx < 0.01) continue;
      const y = py(l.y0 + l.h);
      parts.push(`<path d="${GLYPHS[l.base]}" fill="${LOGO_COLOURS['ACGT'.indexOf(l.base)]}" transform="translate(${f(x)} ${f(y)}) scale(${f(cw)} ${f(hpx)})"/>`);
    }
    if (opts.positions) parts.push(`<text x="${f(x + cw / 2)}" y="${H - 3}" font-family="sans-serif" font-size="9" text-anchor="middle">${c.index + 1}</text>`);
  }
  parts.push('</svg>');
  return parts.join('');
}
