/**
 * Reads the header line of a delimited text file to find its delimiter and column names.
 * DuckDB's sniffer is excellent on clean files but, on a small file with a ragged row, silently
 * reads everything as one column; deciding the delimiter from the header avoids that.
 */
import { open } from 'node:fs/promises';

/** Delimiters we recognise, in order of preference on ties. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;

/** What {@link sniffHeader} found. */
export interface CsvHeader {
  /** The delimiter used in the header line. */
  delimiter: string;
  /** Column names as written (quotes removed, surrounding blanks trimmed). */
  columns: string[];
  /** True when the file starts with a UTF-8 byte order mark. */
  bom: boolean;
  /** True when the file has no bytes at all, or only blanks. */
  empty: boolean;
}

/** Splits one line on `delimiter`, honouring double quotes (RFC 4180). */
export function splitDelimitedLine(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let current = '';
  let inQuotes = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (inQuotes) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          current += '"';
          i++;
        } else inQuotes = false;
      } else current += ch;
    } else if (ch === '"') inQuotes = true;
    else if (ch === delimiter) {
      fields.push(current);
      current = '';
    } else current += ch;
  }
  fields.push(current);
  return fields;
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0;
  let inQuotes = false;
  for (const ch of line) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && ch === delimiter) count++;
  }
  return count;
}

/**
 * Reads the first line of `path` and decides its delimiter (the candidate that occurs most often
 * outside quotes; a single column when none occurs) and column names.
 *
 * @example
 * await sniffHeader('data/sample/2026-05/accounts.csv'); // { delimiter: ',', columns: ['Id', 'Account Name', …], bom: false, empty: false }
 */
export async function sniffHeader(path: string): Promise<CsvHeader> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(256 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    let text = buffer.subarray(0, bytesRead).toString('latin1');
    const bom = text.startsWith('\xef\xbb\xbf');
    if (bom) text = text.slice(3);
    if (text.trim() === '') return { delimiter: ',', columns: [], bom, empty: true };
    const end = text.search(/\r?\n/);
    const latin1Line = end === -1 ? text : text.slice(0, end);
    const line = Buffer.from(latin1Line, 'latin1').toString('utf8');
    let delimiter: string = DELIMITERS[0];
    let best = 0;
    for (const candidate of DELIMITERS) {
      const n = countOutsideQuotes(line, candidate);
      if (n > best) {
        best = n;
        delimiter = candidate;
      }
    }
    const columns = splitDelimitedLine(line, delimiter).map((c) => c.trim());
    return { delimiter, columns, bom, empty: false };
  } finally {
    await handle.close();
  }
}
