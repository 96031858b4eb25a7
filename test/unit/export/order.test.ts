import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { sampleBases } from '../../../src/core/design/background';
import { IDT_LIKE_GENE_FRAGMENT as IDT, OLIGO_POOL, validateProfile } from '../../../src/core/design/profiles';
import { ExportError } from '../../../src/core/export/errors';
import { buildOrder, csvField, orderCsv, orderXlsx, toCsv } from '../../../src/core/export/order';
import { cleanSeq } from '../design/helpers';

const good1 = cleanSeq(300, 1), good2 = cleanSeq(300, 50);
const withSite = good1.slice(0, 100) + 'GAGACC' + good1.slice(106); // BsaI on the reverse strand only
const items = [
  { name: 'enh 1', sequence: good1 },
  { name: 'bad_site', sequence: withSite },
  { name: 'enh 1', sequence: good2.toLowerCase() },
  { name: 'too_short', sequence: good2.slice(0, 50) },
];

describe('order sheets', () => {
  it('includes only passing designs and reports the others with reasons', () => {
    const o = buildOrder(items, IDT);
    expect(o.columns).toEqual(['Name', 'Sequence', 'Scale']);
    expect(o.rows.map((r) => r[0])).toEqual(['enh_1', 'enh_1_2']);
    expect(o.rows[1][1]).toBe(good2); // uppercased
    expect(o.rows[0][2]).toBe('250 ng');
    expect(o.report.included).toBe(2);
    expect(o.report.excluded.map((e) => e.name)).toEqual(['bad_site', 'too_short']);
    expect(o.report.excluded[0].reasons.join(' ')).toMatch(/BsaI site GGTCTC on the reverse strand/);
    expect(o.report.excluded[1].reasons.join(' ')).toMatch(/needs at least 125 nt/);
    expect(o.report.renamed).toEqual([{ from: 'enh 1', to: 'enh_1' }, { from: 'enh 1', to: 'enh_1_2' }]);
  });

  it('without sanitizing, bad and duplicate names exclude their designs', () => {
    const o = buildOrder([...items, { name: 'ok', sequence: good2 }], IDT, { sanitizeNames: false });
    expect(o.rows.map((r) => r[0])).toEqual(['ok']);
    const reasons = o.report.excluded.find((e) => e.name === 'enh 1')!.reasons.join(' ');
    expect(reasons).toMatch(/space/);
    expect(reasons).toMatch(/used by another design/);
  });

  it('adapters are part of the ordered sequence', () => {
    const p = validateProfile({ ...OLIGO_POOL, adapters: { five: 'ACTGGTACCA', three: 'TTGCAAGGTC' } });
    const o = buildOrder([{ name: 'o1', sequence: 'ACGT'.repeat(10) }], p);
    expect(o.rows[0][1]).toBe('ACTGGTACCA' + 'ACGT'.repeat(10) + 'TTGCAAGGTC');
    expect(o.columns).toEqual(['Name', 'Sequence', 'Replication']);
  });

  it('exporting nothing is a clear error', () => {
    expect(() => buildOrder([], IDT)).toThrow(/^no designs selected$/);
    let err: unknown;
    try {
      buildOrder([items[1], items[3]], IDT);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ExportError);
    expect((err as Error).message).toMatch(/^no design passes profile IDT-like gene fragment: bad_site: BsaI.*; too_short: sequence is 50 nt/);
  });

  it('CSV quoting follows RFC 4180', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' lead')).toBe('" lead"');
    expect(toCsv(['Name', 'Scale'], [['x', '25 nmole, desalted']])).toBe('Name,Scale\r\nx,"25 nmole, desalted"\r\n');
    const p = validateProfile({ ...IDT, order: { columns: [{ header: 'Purification', value: 'HPLC, "premium"' }] } });
    const { csv, report } = orderCsv(items, p);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Name,Sequence,Purification');
    expect(lines[1]).toBe(`enh_1,${good1},"HPLC, ""premium"""`);
    expect(lines).toHaveLength(3);
    expect(report.included).toBe(2);
  });

  it('XLSX opens with exceljs and holds the declared columns and only passing designs', async () => {
    const { buffer, report } = await orderXlsx(items, IDT);
    expect(Buffer.isBuffer(buffer)).toBe(true);
    expect(report.excluded).toHaveLength(2);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Order')!;
    expect(ws).toBeDefined();
    const rows: string[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map(String)));
    expect(rows[0]).toEqual(['Name', 'Sequence', 'Scale']);
    expect(rows.slice(1)).toEqual([
      ['enh_1', good1, '250 ng'],
      ['enh_1_2', good2, '250 ng'],
    ]);
  });

  it('XLSX of nothing passing is an error too', async () => {
    await expect(orderXlsx([{ name: 'x', sequence: sampleBases(40, 0.9, 1) }], IDT)).rejects.toThrow(/no design passes profile/);
  });
});
