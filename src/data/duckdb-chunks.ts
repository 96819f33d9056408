/**
 * Copies DuckDB result chunks into typed columns straight from the vectors' memory, through the
 * public `@duckdb/node-bindings` API. Going through `DuckDBVector.getItem` costs a BigInt validity
 * test and, for text, a `TextDecoder` call (plus a native call for strings over 12 bytes) per value;
 * this module copies doubles with one `set` per chunk and decodes each distinct long string once.
 * docs/design.md §3 explains why the loader streams chunks into typed columns.
 */
import duckdb from '@duckdb/node-bindings';
import type { DuckDBDataChunk } from '@duckdb/node-api';

const decoder = new TextDecoder();

/** Byte `i >> 3`, bit `i & 7` of DuckDB's validity mask (little-endian uint64 words) says row i is valid. */
function validityOf(vector: duckdb.Vector, rows: number): Uint8Array | null {
  const bytes = duckdb.vector_get_validity(vector, Math.ceil(rows / 64) * 8);
  return bytes && bytes.byteLength > 0 ? bytes : null;
}

/**
 * Copies column `column` of `chunk` (a DOUBLE column) into `target` at `offset`; NULL becomes NaN.
 *
 * @example
 * copyDoubles(chunk, 0, employees, rowsSoFar);
 */
export function copyDoubles(
  chunk: DuckDBDataChunk,
  column: number,
  target: Float64Array,
  offset: number,
): void {
  const rows = chunk.rowCount;
  const vector = duckdb.data_chunk_get_vector(chunk.chunk, column);
  const bytes = duckdb.vector_get_data(vector, rows * 8);
  if (bytes.byteOffset % 8 === 0) {
    target.set(new Float64Array(bytes.buffer, bytes.byteOffset, rows), offset);
  } else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, rows * 8);
    for (let i = 0; i < rows; i++) target[offset + i] = view.getFloat64(i * 8, true);
  }
  const validity = validityOf(vector, rows);
  if (!validity) return;
  for (let b = 0; b * 8 < rows; b++) {
    const byte = validity[b] as number;
    if (byte === 0xff) continue;
    for (let k = 0; k < 8 && b * 8 + k < rows; k++)
      if (((byte >> k) & 1) === 0) target[offset + b * 8 + k] = Number.NaN;
  }
}

/** Most distinct long strings remembered per column (bounds memory on columns of unique text). */
const CACHE_LIMIT = 50_000;

/**
 * Decodes a VARCHAR column chunk by chunk. Give it the column and, in the next column of the same
 * result, `hash(column)` (UBIGINT): strings of up to 12 bytes are read inline from the vector; longer ones
 * are looked up by hash (checked against length and 4-byte prefix) and decoded only the first time.
 *
 * @example
 * const decoder = new StringColumnDecoder();
 * decoder.append(chunk, 3, 4, names); // column 3 = name, column 4 = hash(name)
 */
export class StringColumnDecoder {
  readonly #cache = new Map<number, { text: string; length: number; prefix: number }>();

  /** Appends the decoded values of column `column` (hash in `hashColumn`) of `chunk` to `target`. */
  append(chunk: DuckDBDataChunk, column: number, hashColumn: number, target: (string | null)[]): void {
    const rows = chunk.rowCount;
    const vector = duckdb.data_chunk_get_vector(chunk.chunk, column);
    const data = duckdb.vector_get_data(vector, rows * 16);
    const view = new DataView(data.buffer, data.byteOffset, rows * 16);
    const hashes = duckdb.vector_get_data(duckdb.data_chunk_get_vector(chunk.chunk, hashColumn), rows * 8);
    const hashView = new DataView(hashes.buffer, hashes.byteOffset, rows * 8);
    const validity = validityOf(vector, rows);
    for (let i = 0; i < rows; i++) {
      if (validity && (((validity[i >> 3] as number) >> (i & 7)) & 1) === 0) {
        target.push(null);
        continue;
      }
      const base = i * 16;
      const length = view.getUint32(base, true);
      if (length <= 12) {
        target.push(decodeInline(data, base + 4, length));
        continue;
      }
      // 53 bits of the 64-bit hash as the key; the stored string must also match length and prefix.
      const key =
        (hashView.getUint32(i * 8 + 4, true) & 0x1fffff) * 4294967296 + hashView.getUint32(i * 8, true);
      const prefix = view.getUint32(base + 4, true);
      const cached = this.#cache.get(key);
      if (cached !== undefined && cached.length === length && cached.prefix === prefix) {
        target.push(cached.text);
        continue;
      }
      const bytes = duckdb.get_data_from_pointer(
        data.buffer as ArrayBuffer,
        data.byteOffset + base + 8,
        length,
      );
      const text = decoder.decode(bytes);
      if (cached === undefined && this.#cache.size < CACHE_LIMIT)
        this.#cache.set(key, { text, length, prefix });
      target.push(text);
    }
  }
}

function decodeInline(data: Uint8Array, start: number, length: number): string {
  let ascii = true;
  for (let k = 0; k < length; k++) if ((data[start + k] as number) >= 0x80) ascii = false;
  if (!ascii) return decoder.decode(data.subarray(start, start + length));
  let text = '';
  for (let k = 0; k < length; k++) text += String.fromCharCode(data[start + k] as number);
  return text;
}
