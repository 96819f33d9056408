/**
 * Finds how long one record of a CSV file is, honouring double quotes (RFC 4180): tells a field too large for
 * the reader from a quote that is never closed, which DuckDB reports alike.
 */
import { createReadStream } from 'node:fs';

const QUOTE = 0x22;
const NEWLINE = 0x0a;

/**
 * The length in bytes of record `line` (1-based; the header is record 1), or null when the file ends inside a
 * quoted value before that record ends (the quote is never closed).
 *
 * @example
 * await recordBytes('notes.csv', 2); // 52428817: the second record holds a 50 MB field
 */
export async function recordBytes(path: string, line: number): Promise<number | null> {
  let record = 1;
  let length = 0;
  let inQuotes = false;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i] as number;
      if (byte === QUOTE) inQuotes = !inQuotes; // a doubled quote toggles twice: still inside
      if (record === line) length++;
      if (byte === NEWLINE && !inQuotes) {
        if (record === line) return length;
        record++;
      }
    }
  }
  return record === line && !inQuotes ? length : null;
}
