// The design saved as a picture: a standalone SVG with every placed motif (arrow per insertion, name
// and legend entry), the model's calls, the vendor lane (a passing note, or a red bar per broken rule
// at its place in the design), names escaped for XML, and balanced tags.
import { describe, it, expect } from 'vitest';
import { contributionText, designPicture, insertionName, shortName, xmlText } from '../../../src/shared/design-picture';
import type { DesignRecord } from '../../../src/shared/api';

function record(over: Partial<DesignRecord> = {}): DesignRecord {
  return {
    id: 7, name: 'GATA + TAL1 <test> & co', runId: 1,
    background: { source: 'sampled', seed: 1, bases: 'A'.repeat(200) } as DesignRecord['background'],
    insertions: [
      { motifId: '1', motifName: 'GATA (GATA1, GATA2…)', start: 40, strand: '+', source: 'consensus', bases: 'AGATAAGG' },
      { motifId: '2', motifName: 'bHLH "E-box" (TAL1::TCF3)', start: 60, strand: '-', source: 'consensus', bases: 'CAGCTGAAAC' },
    ],
    sequence: 'A'.repeat(200), length: 200, prediction: 0.873, predictions: [0.873],
    calls: [{ motifId: 1, motifName: 'GATA (GATA1, GATA2…)', filter: 0, start: 40, end: 48, strand: '+', attention: 0.9, activation: 5 }],
    violations: [], insertOffset: 0, profileId: 'idt', scoredBy: { runId: 1, runName: 'Hand-set', backend: 'cpu', appVersion: '0', at: '' },
    batchId: null, role: null, batchInfo: null, status: 'draft', appVersion: '0', createdAt: '', updatedAt: '',
    ...over,
  };
}

/** Tags open and close in order (self-closing ones aside): a cheap well-formedness check. */
function balanced(svg: string): boolean {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    if (m[3]) continue;
    if (m[1]) { if (stack.pop() !== m[2]) return false; } else stack.push(m[2]);
  }
  return stack.length === 0;
}

describe('design picture', () => {
  const colors = { 'GATA_(GATA1,_GATA2…)': '#2f6f5e', 'bHLH_"E-box"_(TAL1::TCF3)': '#c26b2b' };

  it('draws every placed motif with its name, the calls, the passing vendor lane and a legend', () => {
    const { svg, width, height } = designPicture(record(), colors, 'IDT-like gene fragment');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(balanced(svg)).toBe(true);
    expect(width).toBe(1000);
    expect(height).toBeGreaterThan(250);
    expect(svg).toContain('GATA + TAL1 &lt;test&gt; &amp; co');
    expect(svg).toContain('prediction 87.3%');
    // a box per insertion in its colour, the − strand one with its tip on the left
    expect(svg.match(/fill="#2f6f5e"/g)!.length).toBeGreaterThanOrEqual(3); // box, call, legend
    expect(svg).toMatch(/fill="#c26b2b"/);
    // names on the track and in the legend, escaped
    expect(svg.split('bHLH &quot;E-box&quot; (TAL1::TCF3)').length - 1).toBe(2);
    expect(svg).toContain('GATA (GATA1, GATA2…) — 1 placed, 1 called by the model');
    expect(svg).toContain('passes the vendor profile “IDT-like gene fragment”');
    expect(svg).not.toMatch(/#c0392b/);
  });

  it('marks a broken vendor rule where it is in the design, not on the adapters', () => {
    const d = record({ insertOffset: 20, violations: [
      { rule: 'homopolymer.A', message: 'A run of 12 A', start: 120, end: 132, target: 'sequence' },
      { rule: 'name', message: 'name too long', start: 0, end: 0, target: 'name' },
    ] });
    const { svg } = designPicture(d, colors);
    expect(balanced(svg)).toBe(true);
    const bar = /<rect x="([\d.]+)" y="\d+" width="([\d.]+)" height="12" rx="2" fill="#c0392b"/.exec(svg)!;
    // design positions 100–112 of 200 on an 872-px track starting at 64
    expect(Number(bar[1])).toBeCloseTo(64 + (100 / 200) * 872, 0);
    expect(Number(bar[2])).toBeCloseTo((12 / 200) * 872, 0);
    expect(svg).toContain('>base run<');
    expect(svg).toContain('1 more problem not tied to a position');
    expect(svg).not.toContain('passes the vendor profile');
  });

  it('says when nothing is placed or called', () => {
    const { svg } = designPicture(record({ insertions: [], calls: [], prediction: null, scoredBy: null }), {});
    expect(balanced(svg)).toBe(true);
    expect(svg).toContain('not scored · 0 motifs placed');
    expect(svg).toContain('no motif called by the model');
    expect(svg).not.toContain('>Motifs<');
  });

  it('escapes XML text', () => {
    expect(xmlText(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
  });
});

describe('the name a placed motif is shown by', () => {
  it('is the motif’s current name, else the stored one with spaces again', () => {
    const ins = { motifId: '3', motifName: 'GATA_(GATA1,_GATA2)' };
    expect(insertionName(ins, { 3: 'GATA-type zinc fingers (GATA1, GATA2)' })).toBe('GATA-type zinc fingers (GATA1, GATA2)');
    expect(insertionName(ins, {})).toBe('GATA (GATA1, GATA2)');
    expect(insertionName({ motifName: 'Filter_2' })).toBe('Filter 2');
  });
  it('names the placed motifs on the picture by their current names', () => {
    const d = record();
    d.insertions[0] = { ...d.insertions[0], motifName: 'old_name' };
    const { svg } = designPicture(d, {}, undefined, { 1: 'GATA renamed' });
    expect(svg).toContain('>GATA renamed<');
    expect(svg).not.toContain('old_name');
    expect(svg).toContain('GATA renamed — 1 placed, 1 called by the model'); // the call (motif 1) too
  });
});

describe('a motif’s short name on the track', () => {
  it('drops the member list of a family name, keeps any other name', () => {
    expect(shortName('GATA-type zinc fingers (GATA1, GATA2)')).toBe('GATA-type zinc fingers');
    expect(shortName('bHLH (TAL1::TCF3)')).toBe('bHLH');
    expect(shortName('Filter 3')).toBe('Filter 3');
    expect(shortName('(odd)')).toBe('(odd)');
  });
  it('writes each placed motif\'s contribution under its name, as the canvas does, and moves the lanes down to make room', () => {
    const colors = { 'GATA_(GATA1,_GATA2…)': '#2f6f5e' };
    const d = record({ insertions: record().insertions.map((ins, i) => ({ ...ins, deltaOnInsert: i === 0 ? 0.123 : -0.02 })) });
    const contrib = [{ index: 0, delta: 0.101 }, { index: 1, delta: -0.004 }];
    expect(contributionText(d, 0, contrib)).toBe('+12.3 placed · −10.1 if removed');
    expect(contributionText(d, 1, contrib)).toBe('−2.0 placed · +0.4 if removed');
    expect(contributionText(record(), 0, null)).toBe('');
    const { svg, height } = designPicture(d, colors, undefined, undefined, contrib);
    expect(svg).toContain('+12.3 placed · −10.1 if removed');
    expect(svg).toContain('−2.0 placed · +0.4 if removed');
    expect(balanced(svg)).toBe(true);
    const plain = designPicture(record(), colors);
    expect(plain.svg).not.toContain('placed ·');
    expect(height).toBe(plain.height + 13);
  });
});
