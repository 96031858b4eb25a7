// Shipped simulation recipes (equivalents of the ARGMINN paper's synthetic benchmarks plus a small
// first-launch demo). Recipes name motifs by JASPAR name (case-insensitive) with a preferred
// matrix ID; the caller supplies the Motif[] library they are resolved against.

import type { Motif } from '../pwm/types';
import { simulate, type GrammarRule, type SimConfig, type SimMotif, type SimulatedData } from './simulator';

export interface MotifRef {
  /** Key used in the rule. */
  key: string;
  /** Acceptable names, first preferred (matched case-insensitively on Motif.name). */
  names: string[];
  /** Preferred matrix ID (JASPAR 2020 CORE); version ignored when matching. */
  id?: string;
  /** Use only columns [from, to) of the matrix (e.g. a half-site). */
  columns?: [number, number];
  /** Columns per matrix version, where versions differ in width (JASPAR 2024's MA0138.3 drops .2's first column). */
  columnsByVersion?: Record<string, [number, number]>;
}

export interface Recipe {
  id: string;
  title: string;
  description: string;
  motifs: MotifRef[];
  rule: GrammarRule;
  defaults: Omit<SimConfig, 'signal' | 'onProgress'>;
}

const STD = { length: 500, nPositives: 4000, nNegatives: 4000, gc: 0.5, decoyFraction: 0.5, seed: 1 };

export const RECIPES: Recipe[] = [
  {
    id: 'spi1-single',
    title: 'SPI1 alone',
    description: 'Positives carry one SPI1 instance (random strand); negatives are background.',
    motifs: [{ key: 'SPI1', names: ['SPI1'], id: 'MA0080' }],
    rule: { kind: 'single', motif: 'SPI1' },
    defaults: STD,
  },
  {
    id: 'tal1-gata-mixture',
    title: 'TAL1 or GATA',
    description: 'Each positive carries either a TAL1 (E-box) or a GATA1 instance; negatives are background.',
    motifs: [
      { key: 'TAL1', names: ['TAL1::TCF3', 'TAL1', 'Tal1::Gata1'], id: 'MA0091' },
      { key: 'GATA', names: ['GATA1', 'GATA2'], id: 'MA0035' },
    ],
    rule: { kind: 'mixture', motifs: ['TAL1', 'GATA'] },
    defaults: STD,
  },
  {
    id: 'e2f6-max-cooperative',
    title: 'E2F6 and MAX cooperate',
    description: 'Positives need E2F6 followed by MAX 4–16 bp apart, same orientation (composite on a random strand); decoy negatives carry only one of them.',
    motifs: [
      { key: 'E2F6', names: ['E2F6'], id: 'MA0471' },
      { key: 'MAX', names: ['MAX'], id: 'MA0058' },
    ],
    rule: { kind: 'cooperative', a: 'E2F6', b: 'MAX', arrangements: [{ gap: [4, 16], orientation: 'same' }], decoys: ['single'] },
    defaults: STD,
  },
  {
    id: 'jund-tead-spacing',
    title: 'JUND–TEAD hard spacing',
    description: 'Positives have JUND then TEAD at a fixed 8 bp gap, same orientation; decoy negatives have both at any other gap.',
    motifs: [
      { key: 'JUND', names: ['JUND'], id: 'MA0491' },
      { key: 'TEAD', names: ['TEAD4', 'TEAD1'], id: 'MA0809' },
    ],
    rule: { kind: 'fixedSpacing', a: 'JUND', b: 'TEAD', gap: 8, orientation: 'same' },
    defaults: STD,
  },
  {
    id: 'rest-half-sites',
    title: 'REST half-sites, two arrangements',
    description:
      'REST (MA0138) split into left (columns 1–9) and right (12–21) half-sites. Positives: canonical 2 bp gap or non-canonical 9–14 bp gap, composite on either strand; decoys: half-sites at other gaps, or one alone.',
    motifs: [
      { key: 'RESTL', names: ['REST'], id: 'MA0138', columns: [0, 9], columnsByVersion: { 'MA0138.2': [0, 9], 'MA0138.3': [0, 8] } },
      { key: 'RESTR', names: ['REST'], id: 'MA0138', columns: [11, 21], columnsByVersion: { 'MA0138.2': [11, 21], 'MA0138.3': [10, 20] } },
    ],
    rule: {
      kind: 'cooperative', a: 'RESTL', b: 'RESTR', decoys: ['wrongSpacing', 'single'],
      arrangements: [{ gap: [2, 2], orientation: 'same' }, { gap: [9, 14], orientation: 'same' }],
    },
    defaults: STD,
  },
  {
    id: 'spi1-ctcf-repression',
    title: 'SPI1 repressed by CTCF',
    description: 'Positives carry SPI1 and no CTCF; decoy negatives carry SPI1 together with CTCF (the repressor turns them negative).',
    motifs: [
      { key: 'SPI1', names: ['SPI1'], id: 'MA0080' },
      { key: 'CTCF', names: ['CTCF'], id: 'MA0139' },
    ],
    rule: { kind: 'repressor', activator: 'SPI1', repressor: 'CTCF' },
    defaults: STD,
  },
];

export const DEMO_RECIPE: Recipe = {
  id: 'demo-gata-tal1-spacing',
  title: 'Demo: GATA–E-box composite',
  description: 'Small and quick to train: 1000 + 1000 sequences of 200 bp; positives carry GATA1 then TAL1::TCF3 7–9 bp apart, decoys only one of them.',
  motifs: [
    { key: 'GATA', names: ['GATA1', 'GATA2'], id: 'MA0035' },
    { key: 'TAL1', names: ['TAL1::TCF3', 'TAL1'], id: 'MA0091' },
  ],
  rule: { kind: 'cooperative', a: 'GATA', b: 'TAL1', arrangements: [{ gap: [7, 9], orientation: 'same' }], decoys: ['single'] },
  defaults: { length: 200, nPositives: 1000, nNegatives: 1000, gc: 0.5, decoyFraction: 0.5, seed: 7 },
};

export function getRecipe(id: string): Recipe | undefined {
  return [...RECIPES, DEMO_RECIPE].find((r) => r.id === id);
}

const baseId = (id: string) => id.replace(/\.\d+$/, '').toUpperCase();

/** Resolve a recipe's motif references against a library; throws listing every missing motif. */
export function resolveRecipeMotifs(recipe: Recipe, library: readonly Motif[]): Record<string, SimMotif> {
  const out: Record<string, SimMotif> = {};
  const missing: string[] = [];
  for (const ref of recipe.motifs) {
    let m: Motif | undefined;
    if (ref.id) m = library.find((x) => baseId(x.id) === baseId(ref.id!));
    for (const nm of ref.names) {
      if (m) break;
      m = library.find((x) => x.name.toLowerCase() === nm.toLowerCase());
    }
    if (!m) { missing.push(`${ref.names[0]}${ref.id ? ` (${ref.id})` : ''}`); continue; }
    const byVersion = ref.columnsByVersion;
    if (byVersion && !byVersion[m.id]) throw new Error(`recipe '${recipe.id}' cuts ${ref.key} from ${Object.keys(byVersion).join(' or ')}; the library has ${m.id}, whose columns it does not know`);
    const [a, b] = byVersion?.[m.id] ?? ref.columns ?? [0, m.probs.length];
    if (a < 0 || b > m.probs.length || a >= b) throw new Error(`motif ${m.id} has ${m.probs.length} columns; recipe asks for ${a}–${b}`);
    const sliced = !!(ref.columns || byVersion);
    out[ref.key] = { id: sliced ? `${m.id}[${a}:${b}]` : m.id, name: m.name, probs: m.probs.slice(a, b) };
  }
  if (missing.length) throw new Error(`recipe '${recipe.id}' needs motif(s) missing from the library: ${missing.join(', ')}`);
  return out;
}

/** Simulate a recipe (defaults overridden by `config`). */
export function runRecipe(recipe: Recipe, library: readonly Motif[], config: Partial<SimConfig> = {}): SimulatedData {
  return simulate(recipe.rule, resolveRecipeMotifs(recipe, library), { ...recipe.defaults, ...config });
}
