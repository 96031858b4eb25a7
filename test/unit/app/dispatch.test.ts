import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CisgramService } from '../../../src/core/app/service';
import { dispatch } from '../../../src/core/app/dispatch';

process.env.CISGRAM_ENGINE = 'none';
let service: CisgramService;
let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'cisgram-api-'));
  service = new CisgramService({ dataDir, mode: 'browser' });
});
afterAll(async () => service.dispose());

describe('API schema gate', () => {
  it('rejects unknown commands and malformed payloads with clear errors', async () => {
    const r1 = await dispatch(service, 'projects.explode', {});
    expect(r1).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
    const r2 = await dispatch(service, 'projects.create', { name: 42 });
    expect(r2).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!r2.ok) expect(r2.error.message).toMatch(/name/);
    const r3 = await dispatch(service, 'projects.create', { name: 'a/b' });
    expect(r3).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const r4 = await dispatch(service, 'projects.create', { name: 'ok', extra: true });
    expect(r4).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const r5 = await dispatch(service, 'jobs.startTest', { steps: -1 });
    expect(r5.ok).toBe(false);
    const r6 = await dispatch(service, 'projects.open', 'not an object');
    expect(r6).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('commands needing a project say so', async () => {
    const r = await dispatch(service, 'jobs.startTest', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'no_project' } });
  });
});

describe('project lifecycle', () => {
  it('create, list, rename, duplicate, close, reopen, delete', async () => {
    const created = await dispatch(service, 'projects.create', { name: 'Liver enhancers' });
    expect(created.ok).toBe(true);
    const path = (created as any).value.path as string;
    expect(existsSync(path)).toBe(true);

    const list = (await dispatch(service, 'projects.list', {})) as any;
    expect(list.value.recent[0]).toMatchObject({ name: 'Liver enhancers', exists: true });

    const dup = (await dispatch(service, 'projects.create', { name: 'Liver enhancers' })) as any;
    expect(dup).toMatchObject({ ok: false, error: { code: 'conflict' } });

    const renamed = (await dispatch(service, 'projects.rename', { path, name: 'Liver enhancers v2' })) as any;
    expect(renamed.ok).toBe(true);
    expect(renamed.value.name).toBe('Liver enhancers v2');
    expect(existsSync(path)).toBe(false);
    const newPath = renamed.value.path as string;
    expect((await dispatch(service, 'projects.current', {}) as any).value.path).toBe(newPath);

    const copy = (await dispatch(service, 'projects.duplicate', { path: newPath, name: 'Copy' })) as any;
    expect(copy.ok).toBe(true);
    expect(copy.value.name).toBe('Copy');

    await dispatch(service, 'projects.close', {});
    const reopened = (await dispatch(service, 'projects.open', { path: copy.value.path })) as any;
    expect(reopened.value.name).toBe('Copy');

    const del = await dispatch(service, 'projects.delete', { path: copy.value.path });
    expect(del.ok).toBe(true);
    expect(existsSync(copy.value.path)).toBe(false);
    const names = ((await dispatch(service, 'projects.list', {})) as any).value.recent.map((r: any) => r.name);
    expect(names).not.toContain('Copy');
  });

  it('opening or deleting a foreign file is refused and changes nothing', async () => {
    const foreign = join(dataDir, 'thesis.docx');
    writeFileSync(foreign, 'PK\u0003\u0004 pretend docx');
    const r = await dispatch(service, 'projects.open', { path: foreign });
    expect(r).toMatchObject({ ok: false, error: { code: 'bad_project' } });
    const d = await dispatch(service, 'projects.delete', { path: foreign });
    expect(d).toMatchObject({ ok: false, error: { code: 'bad_project' } });
    expect(existsSync(foreign)).toBe(true);
  });
});
