// Every ⓘ on a screen names a glossary term that exists (a typo would throw when the screen draws),
// every term says what it is in a sentence and what a good value looks like, and ids are unique.
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { GLOSSARY, glossaryTerm } from '../../../src/shared/glossary';

const RENDERER = join(__dirname, '../../../src/renderer/src');
const vueFiles = (dir: string): string[] => readdirSync(dir).flatMap((f) => {
  const p = join(dir, f);
  return statSync(p).isDirectory() ? vueFiles(p) : p.endsWith('.vue') ? [p] : [];
});

describe('glossary', () => {
  it('has unique ids and a sentence for every term', () => {
    const ids = GLOSSARY.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const t of GLOSSARY) expect(t.short.length, t.id).toBeGreaterThan(30);
  });

  it('says what a good value looks like for every term of Syntax, Variants and Design', () => {
    for (const t of GLOSSARY.filter((x) => ['Syntax', 'Variants', 'Design'].includes(x.area))) expect(t.good, t.id).toBeTruthy();
  });

  it('knows every term an ⓘ on a screen asks for', () => {
    const used = new Set<string>();
    for (const f of vueFiles(RENDERER)) {
      const src = readFileSync(f, 'utf8');
      for (const m of src.matchAll(/<Info\s+term="([^"]+)"/g)) used.add(m[1]);
      // :term="cond ? 'a' : 'b'"
      for (const m of src.matchAll(/<Info\s+:term="([^"]+)"/g)) for (const q of m[1].matchAll(/'([a-z0-9-]+)'/g)) used.add(q[1]);
    }
    expect(used.size).toBeGreaterThan(80);
    const missing = [...used].filter((id) => { try { glossaryTerm(id); return false; } catch { return true; } });
    expect(missing).toEqual([]);
    expect(() => glossaryTerm('no-such-term')).toThrow(/No glossary term/);
  });
});
