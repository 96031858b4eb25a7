// The hyper-parameter catalog covers every setting of the training config exactly once, with the
// schema's bounds and each preset's value, and turns bad settings into sentences naming fields.
import { describe, it, expect } from 'vitest';
import { ZodError } from 'zod';
import { fieldCatalog, presetCatalog, leafPaths, getPath, describeConfigError, plannedSchedule } from '../../../src/core/train/catalog';
import { makeConfig } from '../../../src/core/train/config';

describe('hyper-parameter catalog', () => {
  it('lists every config leaf once, with bounds the schema enforces and preset defaults', () => {
    const fields = fieldCatalog();
    const quick = makeConfig('quick'), paper = makeConfig('paper');
    expect(fields.map((f) => f.key).sort()).toEqual(leafPaths(quick).sort());
    for (const f of fields) {
      expect(f.defaults.quick).toEqual(getPath(quick, f.key));
      expect(f.defaults.paper).toEqual(getPath(paper, f.key));
      expect(f.help.length).toBeGreaterThan(20);
      if (f.type === 'boolean') continue;
      const nest = (v: number) => f.key.split('.').reduceRight<unknown>((acc, k) => ({ [k]: acc }), v) as Record<string, unknown>;
      const ok = (v: number) => { try { makeConfig('quick', nest(v)); return true; } catch { return false; } };
      if (f.min !== null) { expect(ok(f.min), `${f.key} min`).toBe(f.key !== 'model.H' || f.min % 4 === 0); expect(ok(f.min - 1), `${f.key} below min`).toBe(false); }
      if (f.max !== null) { expect(ok(f.max + 1), `${f.key} above max`).toBe(false); }
      if (f.type === 'int') expect(ok(Number(f.defaults.quick) + 0.5), `${f.key} fractional`).toBe(false);
    }
    expect(fields.find((f) => f.key === 'epochs')!.defaults).toEqual({ standard: 40, quick: 12, paper: 40 });
    expect(fields.find((f) => f.key === 'warmupUntilPlateau.enabled')!.defaults).toEqual({ standard: true, quick: false, paper: false });
  });

  it('presets describe the paper 10/20/10 shape and its quick 3/6/3 shrink; the planned λ follow MODEL.md §1.4', () => {
    const [st, q, p] = presetCatalog();
    expect(st.id).toBe('standard');
    expect(st.phases).toEqual({ warmup: 10, ramp: 20, hold: 10 });   // before any extension
    expect(q.phases).toEqual({ warmup: 3, ramp: 6, hold: 3 });
    expect(p.phases).toEqual({ warmup: 10, ramp: 20, hold: 10 });
    const s = plannedSchedule(makeConfig('paper'));
    expect(s).toHaveLength(40);
    expect(s[9].ovl).toBe(0);
    expect(s[10].ovl).toBeCloseTo(10 ** 0.5, 6);
    expect(s[29].ovl).toBeCloseTo(1e5, 0);
    expect(s[39]).toMatchObject({ epoch: 40, l1: 1e-2 });
    expect(s[19].l1).toBeCloseTo(10 ** (-3 + (9 / 19)), 9);
  });

  it('describes config errors by field label', () => {
    let err: ZodError | null = null;
    try { makeConfig('quick', { model: { H: 30, NH: 4 }, batchSize: 0 }); } catch (e) { err = e as ZodError; }
    expect(describeConfigError(err!)).toBe('Token width (H): must be a multiple of the number of attention heads; Batch size: must be at least 1');
  });
});
