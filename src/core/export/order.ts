// Vendor order sheets (CSV and XLSX) for the selected designs: only designs that pass the chosen
// profile are written (sequence = synthesized product, i.e. with the profile's fixed adapters,
// uppercase), with Name, Sequence and any extra columns the profile declares (Scale,
// Purification, Replication…). A report lists how many were included and which were left out and
// why. Names are made vendor-safe and unique first (reported as renamed) unless
// `sanitizeNames: false`, in which case bad names exclude their design. Nothing to export is an
// error: "no designs selected" or "no design passes profile X: …".

import ExcelJS from 'exceljs';
import { checkDesignReport, safeName } from '../design/constraints';
import type { VendorProfile } from '../design/profiles';
import { ExportError } from './errors';

export interface OrderItem {
  name: string;
  sequence: string;
}

export interface OrderReport {
  profile: string;
  included: number;
  excluded: { name: string; reasons: string[] }[];
  renamed: { from: string; to: string }[];
}

export interface OrderSheet {
  columns: string[];
  rows: string[][];
  report: OrderReport;
}

export interface OrderOptions {
  /** Make names vendor-safe and unique before checking (default true). */
  sanitizeNames?: boolean;
}

export function buildOrder(items: readonly OrderItem[], profile: VendorProfile, opts: OrderOptions = {}): OrderSheet {
  if (!items.length) throw new ExportError('no designs selected');
  const sanitize = opts.sanitizeNames ?? true;
  const taken = new Set<string>();
  const renamed: OrderReport['renamed'] = [];
  const names = items.map((it) => {
    if (!sanitize) return it.name;
    const s = safeName(it.name, taken, profile.names?.maxLength ?? 0);
    if (s !== it.name) renamed.push({ from: it.name, to: s });
    return s;
  });
  const columns = ['Name', 'Sequence', ...profile.order.columns.map((c) => c.header)];
  const rows: string[][] = [];
  const excluded: OrderReport['excluded'] = [];
  const count = new Map<string, number>();
  for (const n of names) count.set(n.toLowerCase(), (count.get(n.toLowerCase()) ?? 0) + 1);
  items.forEach((it, i) => {
    // Only the clash matters for the uniqueness rule; avoid an O(n²) list of all other names.
    const others = (count.get(names[i].toLowerCase()) ?? 0) > 1 ? [names[i]] : [];
    const r = checkDesignReport(it.sequence, names[i], profile, others);
    if (r.passes) rows.push([names[i], r.product, ...profile.order.columns.map((c) => c.value)]);
    else excluded.push({ name: it.name, reasons: r.violations.map((v) => v.message) });
  });
  const report: OrderReport = { profile: profile.name, included: rows.length, excluded, renamed };
  if (!rows.length) {
    const shown = excluded.slice(0, 5).map((e) => `${e.name}: ${e.reasons[0]}${e.reasons.length > 1 ? ` (+${e.reasons.length - 1} more)` : ''}`);
    const more = excluded.length > 5 ? `; and ${excluded.length - 5} more` : '';
    const err = new ExportError(`no design passes profile ${profile.name}: ${shown.join('; ')}${more}`);
    (err as ExportError & { report?: OrderReport }).report = report;
    throw err;
  }
  return { columns, rows, report };
}

/** RFC 4180 field: quoted when it holds a comma, quote, CR/LF or edge whitespace; quotes doubled. */
export function csvField(v: string): string {
  return /[",\r\n]|^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function toCsv(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  return [columns, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export function orderCsv(items: readonly OrderItem[], profile: VendorProfile, opts: OrderOptions = {}): { csv: string; report: OrderReport } {
  const sheet = buildOrder(items, profile, opts);
  return { csv: toCsv(sheet.columns, sheet.rows), report: sheet.report };
}

export async function orderXlsx(
  items: readonly OrderItem[],
  profile: VendorProfile,
  opts: OrderOptions = {},
): Promise<{ buffer: Buffer; report: OrderReport }> {
  const sheet = buildOrder(items, profile, opts);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Cisgram';
  const ws = wb.addWorksheet(profile.order.sheetName);
  ws.addRow(sheet.columns).font = { bold: true };
  for (const r of sheet.rows) ws.addRow(r);
  ws.columns.forEach((c, i) => {
    c.width = i === 1 ? 80 : Math.max(12, ...sheet.rows.map((r) => Math.min(40, r[i]?.length ?? 0)));
  });
  const data = await wb.xlsx.writeBuffer();
  return { buffer: Buffer.from(data as ArrayBuffer), report: sheet.report };
}
