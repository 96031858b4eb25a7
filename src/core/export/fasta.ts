// FASTA export of designs: names made vendor-safe and unique (safeName), sequence uppercase,
// wrapped at 60 or 80 columns. Optionally writes the synthesized product (with the profile's
// fixed adapters) instead of the bare design.

import { safeNames } from '../design/constraints';
import type { VendorProfile } from '../design/profiles';
import { ExportError } from './errors';

export { ExportError };

export interface FastaEntry {
  name: string;
  sequence: string;
  /** Free text after the name on the header line (spaces allowed). */
  description?: string;
}

export interface FastaOptions {
  width?: 60 | 80;
  /** Include the profile's 5′/3′ adapters in each sequence. */
  adaptersFrom?: VendorProfile;
}

export function toFasta(entries: readonly FastaEntry[], opts: FastaOptions = {}): string {
  if (!entries.length) throw new ExportError('no designs selected');
  const width = opts.width ?? 60;
  if (width !== 60 && width !== 80) throw new ExportError(`FASTA line width must be 60 or 80 (got ${width})`);
  const names = safeNames(entries.map((e) => e.name));
  const five = opts.adaptersFrom?.adapters.five ?? '';
  const three = opts.adaptersFrom?.adapters.three ?? '';
  let out = '';
  entries.forEach((e, i) => {
    const seq = five + e.sequence.toUpperCase().replace(/\s+/g, '') + three;
    const desc = e.description?.replace(/[\r\n]+/g, ' ').trim();
    out += `>${names[i]}${desc ? ' ' + desc : ''}\n`;
    for (let p = 0; p < seq.length; p += width) out += seq.slice(p, p + width) + '\n';
  });
  return out;
}

/** Designs ({name, sequence}) to FASTA; the original name goes into the description when changed. */
export function designsToFasta(designs: readonly { name: string; sequence: string }[], opts: FastaOptions = {}): string {
  const safe = safeNames(designs.map((d) => d.name));
  return toFasta(
    designs.map((d, i) => ({ name: safe[i], sequence: d.sequence, ...(safe[i] !== d.name ? { description: `original name: ${d.name}` } : {}) })),
    opts,
  );
}
