/**
 * A small RFC 4180 CSV reader: comma-separated fields, optional double quotes,
 * doubled quotes inside quoted fields, CRLF or LF line ends, embedded newlines
 * in quoted fields. The first row is the header.
 */

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`${message} (CSV line or row ${line})`);
  }
}

/** Parse CSV text into rows of fields. A trailing line end does not make an extra row. */
export function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let line = 1;
  const n = text.length;
  // Skip a UTF-8 byte-order mark.
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  let atRowStart = true;
  while (i < n) {
    const c = text[i]!;
    if (c === '"' && field === '') {
      // Quoted field.
      i++;
      const startLine = line;
      for (;;) {
        if (i >= n) throw new CsvError('Unterminated quoted field', startLine);
        const q = text[i]!;
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === '\n') line++;
        field += q;
        i++;
      }
      if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
        throw new CsvError('Unexpected character after closing quote', line);
      }
      atRowStart = false;
      continue;
    }
    if (c === ',') {
      row.push(field);
      field = '';
      atRowStart = false;
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      if (!(atRowStart && field === '' && row.length === 0)) {
        row.push(field);
        rows.push(row);
      }
      row = [];
      field = '';
      atRowStart = true;
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      continue;
    }
    field += c;
    atRowStart = false;
    i++;
  }
  if (!atRowStart || field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Parse CSV with a header row into records keyed by column name. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows = parseCsvRows(text);
  const header = rows[0];
  if (!header) return [];
  const out: Record<string, string>[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.length !== header.length) {
      throw new CsvError(`Row ${r + 1}: expected ${header.length} fields, found ${row.length}`, r + 1);
    }
    const rec: Record<string, string> = {};
    for (let c = 0; c < header.length; c++) rec[header[c]!] = row[c]!;
    out.push(rec);
  }
  return out;
}
