// train.start refuses override keys that are not settings (a typo would otherwise be dropped by the
// config schema and stored with the run as if applied), while every field of the Train form, the
// presets and the Compare panel's prior block pass.
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unknownOverrideKeys } from '../../../src/core/train/override-keys';
import { fieldCatalog } from '../../../src/core/train/catalog';
import { PRESETS } from '../../../src/core/train/config';
import { CisgramService } from '../../../src/core/app/service';
import { apiClient } from '../api-client';

process.env.CISGRAM_ENGINE = 'none';

const nested = (key: string, v: unknown) => key.split('.').reduceRight<unknown>((acc, k) => ({ [k]: acc }), v) as Record<string, unknown>;

describe('override keys', () => {
  it('knows every Train form field, every preset key and the prior block', () => {
    for (const f of fieldCatalog()) expect(unknownOverrideKeys(nested(f.key, 1)), f.key).toEqual([]);
    for (const p of Object.values(PRESETS)) expect(unknownOverrideKeys(p as Record<string, unknown>)).toEqual([]);
    expect(unknownOverrideKeys({ seed: 3, prior: { kind: 'fourier', lambda: 1, T: null, c: 0.2, sigma: 3 } })).toEqual([]);
  });
  it('lists unknown keys with their dotted path, top level and nested', () => {
    expect(unknownOverrideKeys({ learningRate: 0.1, model: { F: 8, Filters: 3 }, lambdaL1: { enabeld: true }, prior: { kind: 'tv', strength: 2 } })).toEqual([
      'learningRate', 'model.Filters', 'lambdaL1.enabeld', 'prior.strength',
    ]);
    expect(unknownOverrideKeys({ __proto__x: 1, constructor: 2 })).toEqual(['__proto__x', 'constructor']);
  });
});

describe('train.start through dispatch', () => {
  const service = new CisgramService({ dataDir: mkdtempSync(join(tmpdir(), 'cisgram-ovr-')), mode: 'browser' });
  const api = apiClient(() => service);
  afterAll(() => service.dispose());
  it('answers invalid_input naming the unknown keys, and stores no run', async () => {
    await api.call('projects.create', { name: 'Overrides' });
    const err = await api.callErr('train.start', { datasetId: 1, overrides: { epochz: 3, model: { F: 4, depth: 2 } } });
    expect(err.code).toBe('invalid_input');
    expect(err.message).toMatch(/Unknown training settings: “epochz”, “model.depth”/);
    expect(await api.call('train.runs')).toEqual([]);
  });
});
