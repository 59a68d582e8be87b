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
  const n = text.length;
  // Skip a UTF-8 byte-order mark.
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    // A blank line (or a lone line end) is not a row.
    const c0 = text.charCodeAt(i);
    if (c0 === 10 || c0 === 13) {
      i += c0 === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      line++;
      continue;
    }
    const row: string[] = [];
    for (;;) {
      let field: string;
      if (text.charCodeAt(i) === 34) {
        // Quoted field: take the text between quotes in slices, turning "" into ".
        const startLine = line;
        let j = i + 1;
        field = '';
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) throw new CsvError('Unterminated quoted field', startLine);
          const chunk = text.slice(j, q);
          for (let k = chunk.indexOf('\n'); k >= 0; k = chunk.indexOf('\n', k + 1)) line++;
          field += chunk;
          if (text.charCodeAt(q + 1) === 34) {
            field += '"';
            j = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        const c = text.charCodeAt(i);
        if (i < n && c !== 44 && c !== 10 && c !== 13) throw new CsvError('Unexpected character after closing quote', line);
      } else {
        // Unquoted field: up to the next comma or line end.
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 44 || c === 10 || c === 13) break;
          j++;
        }
        field = text.slice(i, j);
        i = j;
      }
      row.push(field);
      if (i < n && text.charCodeAt(i) === 44) {
        i++;
        continue;
      }
      break;
    }
    rows.push(row);
    if (i < n) {
      i += text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      line++;
    }
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
