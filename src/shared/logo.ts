// Sequence logos as deterministic SVG strings (for a Vue component via v-html and for .svg export).
// Pure math and strings (no node, no DOM): shared by the engine (SVG export) and the renderer.
// Letters are filled path glyphs defined in a unit box and placed with translate/scale, so each
// letter fills exactly its column width and its height p·IC (or p on the probability scale),
// stacked with the smallest at the bottom. Colours: A #CC0000, C #0000CC, G #FFB300, T #008000.
// The IC forms (MOTIFS.md "Matrices": KL Σ p·log₂(p/bg) with pseudocount 10⁻³, or Shannon 2 − (H + e_n))
// and the matrix reverse complement are defined here once; src/core/pwm/matrix.ts re-exports them.

/** The part of a motif a logo needs (structurally compatible with src/core/pwm/types Motif). */
export interface LogoMotif { probs: number[][]; nsites?: number }
export type Bg = readonly [number, number, number, number];
export const UNIFORM_BG: Bg = [0.25, 0.25, 0.25, 0.25];

/** IC_i = Σ_b p·log₂(p/bg_b) with pseudocount 10⁻³ (p ← (p+ε)/(1+4ε)). */
export function icKL(probs: number[][], bg: Bg = UNIFORM_BG, eps = 1e-3): number[] {
  return probs.map((r) => {
    let ic = 0;
    for (let b = 0; b < 4; b++) {
      const p = (r[b] + eps) / (1 + 4 * eps);
      ic += p * Math.log2(p / bg[b]);
    }
    return ic;
  });
}
/** Shannon form R_i = 2 − (H_i + e_n), e_n = 3/(2·ln2·n); e_n = 0 when n (nsites) is unknown. Not clamped. */
export function icShannon(probs: number[][], nsites?: number): number[] {
  const en = nsites && nsites > 0 ? 3 / (2 * Math.LN2 * nsites) : 0;
  return probs.map((r) => {
    let h = 0;
    for (const p of r) if (p > 0) h -= p * Math.log2(p);
    return 2 - (h + en);
  });
}
/** Reverse complement of a probability (or any A,C,G,T-column) matrix. */
export function revcompMatrix(m: number[][]): number[][] {
  return m.slice().reverse().map((r) => [r[3], r[2], r[1], r[0]]);
}

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
export function logoLayout(motif: LogoMotif | number[][], opts: Pick<LogoOptions, 'scale' | 'strand' | 'icForm' | 'bg'> = {}): LogoColumn[] {
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
export function logoSvg(motif: LogoMotif | number[][], opts: LogoOptions = {}): string {
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

/**
 * Logo of a weight matrix (e.g. a filter's mean-centred weights, W×4 A,C,G,T): positive weights
 * stack upwards from a zero line, negative ones downwards (largest magnitude furthest out), letter
 * height ∝ |weight|. The y range is symmetric, ±max column stack (or ±yMax).
 */
export function weightLogoSvg(weights: number[][], opts: { columnWidth?: number; height?: number; yMax?: number; title?: string; strand?: '+' | '-' } = {}): string {
  const w = opts.strand === '-' ? revcompMatrix(weights) : weights;
  const cw = opts.columnWidth ?? 20, ph = opts.height ?? 100;
  let mx = 0;
  for (const r of w) {
    let up = 0, dn = 0;
    for (const v of r) if (v > 0) up += v; else dn -= v;
    mx = Math.max(mx, up, dn);
  }
  const yMax = opts.yMax ?? (mx > 0 ? mx : 1);
  const top = opts.title ? 16 : 4, left = 4;
  const W = left + w.length * cw + 2, H = top + ph + 2;
  const mid = top + ph / 2;
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">`];
  if (opts.title) parts.push(`<text x="${left}" y="12" font-family="sans-serif" font-size="11">${esc(opts.title)}</text>`);
  parts.push(`<path d="M${left} ${f(mid)}H${W - 2}" stroke="#999" stroke-width="0.5"/>`);
  const unit = (ph / 2) / yMax;
  w.forEach((r, i) => {
    const x = left + i * cw;
    const pos = [0, 1, 2, 3].filter((b) => r[b] > 0).sort((a, b) => r[a] - r[b] || a - b);
    const neg = [0, 1, 2, 3].filter((b) => r[b] < 0).sort((a, b) => r[b] - r[a] || a - b);
    let y = mid;
    for (const b of pos) {
      const h = r[b] * unit;
      if (h < 0.01) continue;
      y -= h;
      parts.push(`<path d="${GLYPHS['ACGT'[b] as 'A']}" fill="${LOGO_COLOURS[b]}" transform="translate(${f(x)} ${f(y)}) scale(${f(cw)} ${f(h)})"/>`);
    }
    y = mid;
    for (const b of neg) {
      const h = -r[b] * unit;
      if (h < 0.01) continue;
      // upside-down letters below the line, as in logomaker's negative stacks
      parts.push(`<path d="${GLYPHS['ACGT'[b] as 'A']}" fill="${LOGO_COLOURS[b]}" fill-opacity="0.55" transform="translate(${f(x)} ${f(y + h)}) scale(${f(cw)} ${f(-h)})"/>`);
      y += h;
    }
  });
  parts.push('</svg>');
  return parts.join('');
}
