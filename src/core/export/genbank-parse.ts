// GenBank flat-file reader (the subset Cisgram writes and common tools emit: simple, complement
// and single-base locations) and a strict line-format checker used by the tests to keep the
// writer within the GenBank release-notes layout. Parsed coordinates are returned 0-based
// half-open; qualifier continuation lines are joined with a space (Biopython's convention).

export interface ParsedFeature {
  key: string;
  /** Location text as written. */
  location: string;
  start: number;
  end: number;
  strand: '+' | '-';
  qualifiers: Record<string, string[]>;
}

export interface ParsedRecord {
  locusName: string;
  length: number;
  molType: string;
  topology: string;
  division: string;
  date: string;
  definition: string;
  sequence: string;
  features: ParsedFeature[];
}

export class GenBankParseError extends Error {
  constructor(public readonly line: number, message: string) {
    super(`GenBank line ${line}: ${message}`);
    this.name = 'GenBankParseError';
  }
}

export function parseLocation(loc: string, line = 0): { start: number; end: number; strand: '+' | '-' } {
  let s = loc.trim(), strand: '+' | '-' = '+';
  const comp = /^complement\((.*)\)$/.exec(s);
  if (comp) { s = comp[1]; strand = '-'; }
  const m = /^<?(\d+)(?:\.\.>?(\d+))?$/.exec(s);
  if (!m) throw new GenBankParseError(line, `unsupported feature location "${loc}" (expected a..b, a or complement(a..b))`);
  const a = Number(m[1]), b = m[2] !== undefined ? Number(m[2]) : a;
  if (a < 1 || b < a) throw new GenBankParseError(line, `feature location "${loc}" is not a valid 1-based range`);
  return { start: a - 1, end: b, strand };
}

export function parseGenBank(text: string): ParsedRecord[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const records: ParsedRecord[] = [];
  let i = 0;
  while (i < lines.length) {
    if (!lines[i].trim()) { i++; continue; }
    if (!lines[i].startsWith('LOCUS')) throw new GenBankParseError(i + 1, `expected a LOCUS line, found "${lines[i].slice(0, 20)}"`);
    const locusLineNo = i + 1;
    const tok = lines[i].slice(5).trim().split(/\s+/);
    const bpAt = tok.indexOf('bp');
    if (bpAt < 1) throw new GenBankParseError(locusLineNo, 'LOCUS line has no "<length> bp"');
    const rec: ParsedRecord = {
      locusName: tok.slice(0, bpAt - 1).join(' '),
      length: Number(tok[bpAt - 1]),
      molType: tok[bpAt + 1] ?? '',
      topology: tok[bpAt + 2] ?? '',
      division: tok[bpAt + 3] ?? '',
      date: tok[bpAt + 4] ?? '',
      definition: '',
      sequence: '',
      features: [],
    };
    i++;
    let section = '';
    let cur: ParsedFeature | null = null;
    let curQual: { name: string; parts: string[] } | null = null;
    const closeQual = () => {
      if (cur && curQual) {
        let v = curQual.parts.join(' ');
        if (v.startsWith('"')) v = v.replace(/^"/, '').replace(/"$/, '').replace(/""/g, '"');
        (cur.qualifiers[curQual.name] ??= []).push(v);
      }
      curQual = null;
    };
    let seqParts: string[] = [];
    for (; i < lines.length; i++) {
      const l = lines[i];
      if (l.startsWith('//')) { i++; break; }
      if (/^[A-Z]/.test(l)) {
        section = l.slice(0, 12).trim();
        if (section === 'DEFINITION') rec.definition = l.slice(12).trim();
        continue;
      }
      if (section === 'DEFINITION' && l.startsWith(' '.repeat(12))) { rec.definition += ' ' + l.trim(); continue; }
      if (section === 'FEATURES') {
        if (/^ {5}\S/.test(l)) {
          closeQual();
          const key = l.slice(5, 21).trim();
          const location = l.slice(21).trim();
          cur = { key, location, ...parseLocation(location, i + 1), qualifiers: {} };
          rec.features.push(cur);
        } else if (/^ {21}\//.test(l)) {
          closeQual();
          const m = /^\/([^=]+)(?:=(.*))?$/.exec(l.slice(21).trimEnd());
          if (!m) throw new GenBankParseError(i + 1, 'malformed qualifier');
          curQual = { name: m[1], parts: [m[2] ?? ''] };
        } else if (/^ {21}\S/.test(l) && curQual) {
          (curQual as { parts: string[] }).parts.push(l.slice(21).trimEnd());
        } else if (l.trim()) throw new GenBankParseError(i + 1, 'feature table line not indented 5 (key) or 21 (qualifier) columns');
        continue;
      }
      if (section === 'ORIGIN') seqParts.push(l.replace(/[\s\d]/g, ''));
    }
    closeQual();
    rec.sequence = seqParts.join('').toUpperCase();
    seqParts = [];
    if (rec.sequence.length !== rec.length)
      throw new GenBankParseError(locusLineNo, `LOCUS says ${rec.length} bp but ORIGIN has ${rec.sequence.length} bases`);
    records.push(rec);
  }
  return records;
}

export interface LineIssue {
  line: number;
  message: string;
}

/**
 * Strict layout check of GenBank text: every line ≤ 80 characters; LOCUS columns as in the
 * release notes; header keywords at column 1 (sub-keywords at column 3) with values from column
 * 13; FEATURES header; feature keys at column 6 with locations at column 22; qualifiers at
 * column 22 starting with "/"; ORIGIN lines with right-aligned 9-column positions, 60 bases per
 * line in groups of 10; locations inside 1..length; a "//" ending each record.
 */
export function checkGenBankLines(text: string): LineIssue[] {
  const issues: LineIssue[] = [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const bad = (line: number, message: string) => issues.push({ line, message });
  let section = '';
  let length = -1;
  let originNext = 1;
  let inRecord = false;
  lines.forEach((l, idx) => {
    const n = idx + 1;
    if (l.length > 80) bad(n, `line is ${l.length} characters (max 80)`);
    if (/\s$/.test(l) && l.length) bad(n, 'trailing whitespace');
    if (/\t/.test(l)) bad(n, 'tab character');
    if (l.startsWith('LOCUS')) {
      if (inRecord) bad(n, 'LOCUS before the previous record ended with //');
      inRecord = true;
      section = 'LOCUS';
      originNext = 1;
      const colsOk =
        l.slice(0, 12) === 'LOCUS       ' &&
        /^\S[^ ]*\s*$/.test(l.slice(12, 28)) &&
        l[28] === ' ' &&
        /^ *\d+$/.test(l.slice(29, 40)) &&
        l.slice(40, 44) === ' bp ' &&
        /^(   |ss-|ds-|ms-)$/.test(l.slice(44, 47)) &&
        /^(NA|DNA|RNA|tRNA|rRNA|mRNA|uRNA) *$/.test(l.slice(47, 53)) &&
        l.slice(53, 55) === '  ' &&
        /^(linear  |circular)$/.test(l.slice(55, 63)) &&
        l[63] === ' ' &&
        /^[A-Z]{3}$/.test(l.slice(64, 67)) &&
        l[67] === ' ' &&
        /^\d{2}-(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)-\d{4}$/.test(l.slice(68, 79)) &&
        l.length === 79;
      if (!colsOk) bad(n, 'LOCUS line columns do not follow the GenBank layout');
      length = Number(l.slice(29, 40));
      return;
    }
    if (!inRecord) { if (l.trim()) bad(n, 'text outside a record'); return; }
    if (l === '//') {
      if (section === 'ORIGIN' && originNext - 1 !== length)
        bad(n, `ORIGIN has ${originNext - 1} bases but LOCUS says ${length}`);
      inRecord = false;
      section = '';
      return;
    }
    if (/^[A-Z]/.test(l)) {
      section = l.slice(0, 12).trim();
      if (section === 'FEATURES') {
        if (l !== 'FEATURES             Location/Qualifiers') bad(n, 'FEATURES header should be "FEATURES             Location/Qualifiers"');
      } else if (section === 'ORIGIN') {
        if (l.trimEnd() !== 'ORIGIN') bad(n, 'ORIGIN line should be "ORIGIN"');
      } else if (!/^[A-Z]+ +$/.test(l.slice(0, 12)) || l.length <= 12 || l[12] === ' ') {
        bad(n, `header keyword line must be the keyword padded to column 12 and a value from column 13`);
      }
      return;
    }
    if (/^  [A-Z]/.test(l)) {
      if (!/^  [A-Z]+ +$/.test(l.slice(0, 12)) || l[12] === ' ' || l.length <= 12) bad(n, 'sub-keyword must be at column 3 with its value from column 13');
      return;
    }
    if (section === 'FEATURES') {
      if (/^ {5}\S/.test(l)) {
        const key = l.slice(5, 21);
        if (!/^[A-Za-z0-9_'*-]{1,15} +$/.test(key)) bad(n, 'feature key must occupy columns 6–21');
        if (l.length <= 21 || l[20] !== ' ' || l[21] === ' ') bad(n, 'feature location must start at column 22');
        else {
          const loc = l.slice(21);
          const m = /^(complement\()?(\d+)(?:\.\.(\d+))?\)?$/.exec(loc);
          if (!m || (!!m[1] !== loc.endsWith(')'))) bad(n, `unsupported or malformed location "${loc}"`);
          else {
            const a = Number(m[2]), b = m[3] ? Number(m[3]) : a;
            if (a < 1 || b < a || b > length) bad(n, `location ${loc} is outside 1..${length}`);
          }
        }
      } else if (/^ {21}\S/.test(l)) {
        // qualifier or continuation; qualifier syntax when it starts with "/"
        if (l[21] === '/' && !/^\/[a-z_A-Z0-9]+(=.*)?$/.test(l.slice(21))) bad(n, 'malformed qualifier');
      } else bad(n, 'feature table line must be indented 5 (key) or 21 (qualifier) columns');
      return;
    }
    if (section === 'ORIGIN') {
      const m = /^( *)(\d+) (.*)$/.exec(l);
      if (!m || m[1].length + m[2].length !== 9) { bad(n, 'sequence line must start with a position right-aligned in 9 columns'); return; }
      if (Number(m[2]) !== originNext) bad(n, `sequence line position ${m[2]}, expected ${originNext}`);
      const groups = m[3].split(' ');
      const count = groups.reduce((s, g) => s + g.length, 0);
      if (groups.some((g, i) => !/^[a-z]+$/.test(g) || (i < groups.length - 1 && g.length !== 10) || g.length > 10) || groups.length > 6)
        bad(n, 'sequence must be lowercase groups of 10, six groups per line');
      if (count !== 60 && originNext + count - 1 !== length) bad(n, 'only the last sequence line may hold fewer than 60 bases');
      originNext += count;
      return;
    }
    if (/^ {12}\S/.test(l)) return; // header continuation
    bad(n, 'line does not fit any GenBank layout rule');
  });
  if (inRecord) bad(lines.length, 'last record does not end with //');
  return issues;
}
