// A .2bit file is checked before @gmod/twobit reads it: that library trusts every offset and count
// and fails deep inside with "Offset is outside the bounds of the DataView" (or, worse, returns a
// nonsense chromosome). Here the header, the index and each record's block tables are checked to
// lie inside the file, and a failure is an InputError naming the file and what is wrong.
import { open } from 'node:fs/promises';
import { InputError } from './errors';

const MAGIC = 0x1a412743;
const MAX_SEQS = 10_000_000;

export async function checkTwoBit(file: string): Promise<void> {
  const fh = await open(file, 'r');
  try {
    const size = (await fh.stat()).size;
    const bad = (what: string, found: string): never => {
      throw new InputError(file, undefined, `a .2bit genome (${what})`, `${found} — the file is damaged or cut short`);
    };
    const read = async (pos: number, len: number, what: string): Promise<Buffer> => {
      if (pos < 0 || pos + len > size) bad(what, `${what} at byte ${pos.toLocaleString('en')} runs past the end of the ${size.toLocaleString('en')}-byte file`);
      const b = Buffer.alloc(len);
      await fh.read(b, 0, len, pos);
      return b;
    };
    const head = await read(0, 16, 'a 16-byte header');
    const le = head.readUInt32LE(0) === MAGIC;
    if (!le && head.readUInt32BE(0) !== MAGIC) bad('its signature', 'another kind of file');
    const u32 = (b: Buffer, at: number) => (le ? b.readUInt32LE(at) : b.readUInt32BE(at));
    const version = u32(head, 4);
    if (version !== 0 && version !== 1) bad('version 0 or 1', `version ${version}`);
    const count = u32(head, 8);
    if (count === 0) bad('at least one sequence', 'no sequences');
    if (count > MAX_SEQS || count * 6 > size) bad('a sequence count that fits the file', `${count.toLocaleString('en')} sequences announced`);
    const offBytes = version === 1 ? 8 : 4;
    let pos = 16;
    const seen = new Set<string>();
    for (let i = 0; i < count; i++) {
      const n = (await read(pos, 1, `the name length of sequence ${i + 1}`))[0];
      if (n === 0) bad('a sequence name', `an empty name for sequence ${i + 1}`);
      const name = (await read(pos + 1, n, `the name of sequence ${i + 1}`)).toString('latin1');
      if (/[\u0000-\u001f\u007f]/.test(name)) bad('printable sequence names', `a name with control characters for sequence ${i + 1}`);
      if (seen.has(name)) bad('unique sequence names', `'${name}' twice`);
      seen.add(name);
      const ob = await read(pos + 1 + n, offBytes, `the offset of '${name}'`);
      const offset = version === 1 ? Number(le ? ob.readBigUInt64LE(0) : ob.readBigUInt64BE(0)) : u32(ob, 0);
      pos += 1 + n + offBytes;
      await checkRecord(offset, name);
    }

    async function checkRecord(at: number, name: string): Promise<void> {
      const rec = await read(at, 8, `the record of '${name}'`);
      const dnaSize = u32(rec, 0);
      const nBlocks = u32(rec, 4);
      if (nBlocks * 8 > size) bad(`a block count that fits the file`, `${nBlocks.toLocaleString('en')} N blocks in '${name}'`);
      let p = at + 8 + nBlocks * 8;
      await checkBlocks(at + 8, nBlocks, dnaSize, name, 'N');
      const mb = await read(p, 4, `the mask block count of '${name}'`);
      const maskBlocks = u32(mb, 0);
      if (maskBlocks * 8 > size) bad(`a block count that fits the file`, `${maskBlocks.toLocaleString('en')} mask blocks in '${name}'`);
      await checkBlocks(p + 4, maskBlocks, dnaSize, name, 'mask');
      p += 4 + maskBlocks * 8 + 4; // + reserved word
      const packed = Math.ceil(dnaSize / 4);
      if (p + packed > size) bad(`${dnaSize.toLocaleString('en')} bases of '${name}'`, `the bases of '${name}' run past the end of the ${size.toLocaleString('en')}-byte file`);
    }

    async function checkBlocks(at: number, n: number, dnaSize: number, name: string, kind: string): Promise<void> {
      if (!n) return;
      const starts = await read(at, n * 4, `the ${kind} block starts of '${name}'`);
      const sizes = await read(at + n * 4, n * 4, `the ${kind} block sizes of '${name}'`);
      for (let k = 0; k < n; k++) {
        const s = u32(starts, k * 4);
        const l = u32(sizes, k * 4);
        if (s + l > dnaSize) bad(`${kind} blocks inside '${name}' (${dnaSize.toLocaleString('en')} bases)`, `a ${kind} block ${s}+${l}`);
      }
    }
  } finally {
    await fh.close();
  }
}
