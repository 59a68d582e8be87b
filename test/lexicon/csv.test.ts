import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CsvError, parseCsv, parseCsvRows } from '../../server/src/lexicon/csv.js';
import { dataPath } from '../../server/src/lexicon/data.js';

describe('parseCsvRows (RFC 4180)', () => {
  it('reads quoted fields, doubled quotes, embedded commas and newlines, CRLF', () => {
    expect(parseCsvRows('a,b,c\r\n"x, y","say ""hi""","line1\nline2"\r\n')).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'line1\nline2'],
    ]);
  });

  it('keeps empty fields and handles a missing final newline', () => {
    expect(parseCsvRows('a,,c\n,,\n1,2,3')).toEqual([
      ['a', '', 'c'],
      ['', '', ''],
      ['1', '2', '3'],
    ]);
    expect(parseCsvRows('\uFEFFh\nv\n')).toEqual([['h'], ['v']]);
  });

  it('rejects malformed input with a position', () => {
    expect(() => parseCsvRows('a,"unterminated\n')).toThrow(CsvError);
    expect(() => parseCsvRows('a,"x"y\n')).toThrow(/after closing quote/);
    expect(() => parseCsv('a,b\n1,2,3\n')).toThrow(/expected 2 fields, found 3/);
  });

  it('parses every shipped data file with a consistent header', () => {
    const dir = path.dirname(dataPath('x'));
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.csv'));
    expect(files.length).toBeGreaterThanOrEqual(15);
    for (const f of files) {
      const rows = parseCsv(fs.readFileSync(path.join(dir, f), 'utf8'));
      expect(rows.length, f).toBeGreaterThan(0);
    }
    // PROVENANCE.md names every file.
    const provenance = fs.readFileSync(path.join(dir, 'PROVENANCE.md'), 'utf8');
    for (const f of files) expect(provenance, f).toContain(`\`${f}\``);
  });
});
