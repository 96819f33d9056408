/**
 * Text files as spreadsheets and old systems save them, made readable as UTF-8 with "\n" line ends before the
 * CSV reader sees them: UTF-16 with a byte order mark (Excel's "Unicode Text"), Windows-1252 (Excel's "CSV" on
 * Windows: a single ’ is not UTF-8), and old-Mac files whose lines end with a lone CR. Such a file is decoded in
 * JavaScript into a temporary UTF-8 copy (DuckDB reads only UTF-8 and Latin-1), and the caller is told, so the
 * warning can say what was done. Binary content is refused without echoing any of it.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, readFile, rm, writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError, warning, type Warning } from '../core/errors.ts';

/** A text file ready for the CSV reader: `path` is the original or a temporary UTF-8 copy. */
export interface PreparedText {
  /** The file to read (a temporary copy when the original needed decoding). */
  path: string;
  warnings: Warning[];
  /** True when the file was decoded as Windows-1252 (asked with `decodeLegacy`). */
  legacy: boolean;
  /** Removes the temporary copy, if any. */
  cleanup(): Promise<void>;
}

const HEAD_BYTES = 64 * 1024;

async function head(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function utf16Of(bytes: Buffer): 'utf-16le' | 'utf-16be' | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/** Lines ended by a lone CR (old Mac), with no LF anywhere in the head. */
function loneCarriageReturns(bytes: Buffer): boolean {
  return bytes.includes(0x0d) && !bytes.includes(0x0a);
}

/**
 * Windows-1252's characters for bytes 0x80–0x9F (Latin-1 has control codes there), from the WHATWG Encoding
 * standard's index; the five unassigned bytes keep their Latin-1 value. Node's TextDecoder reads these bytes as
 * Latin-1 control codes, so the table is applied here.
 */
const WINDOWS_1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Decodes Windows-1252 bytes (Excel's "CSV" on Windows).
 *
 * @example
 * decodeWindows1252(Buffer.from([0x41, 0x92, 0x73])); // 'A’s'
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes)
    .toString('latin1')
    .replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_HIGH.charAt(c.charCodeAt(0) - 0x80));
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const temporaryPath = () => join(tmpdir(), `segment-${randomBytes(6).toString('hex')}.csv`);

async function temporaryCopy(text: string, warnings: Warning[], legacy: boolean): Promise<PreparedText> {
  const path = temporaryPath();
  await writeFile(path, text);
  return { path, warnings, legacy, cleanup: () => rm(path, { force: true }) };
}

const asIs = (path: string, warnings: Warning[] = []): PreparedText => ({
  path,
  warnings,
  legacy: false,
  cleanup: async () => undefined,
});

/**
 * Prepares a delimited text file for the CSV reader (see the module comment). A gzipped file (`.gz`) is first
 * decompressed to a temporary file. `decodeLegacy` decodes the whole file as Windows-1252 (call it when the UTF-8
 * reader refused the bytes).
 *
 * @example
 * const text = await prepareText('export-utf16.txt');
 * try { … read text.path … } finally { await text.cleanup(); }
 */
export async function prepareText(
  path: string,
  options: { decodeLegacy?: boolean } = {},
): Promise<PreparedText> {
  if (!path.toLowerCase().endsWith('.gz')) return preparePlain(path, path, options);
  const plain = temporaryPath();
  try {
    await pipeline(createReadStream(path), createGunzip(), createWriteStream(plain));
  } catch {
    await rm(plain, { force: true });
    throw new DataError('cannot decompress: not a valid gzip file', { file: path });
  }
  const prepared = await preparePlain(plain, path, options).catch(async (error: unknown) => {
    await rm(plain, { force: true });
    throw error;
  });
  if (prepared.path !== plain) await rm(plain, { force: true });
  else prepared.cleanup = () => rm(plain, { force: true });
  return prepared;
}

/** {@link prepareText} of an uncompressed file `source`, named `path` in messages. */
async function preparePlain(
  source: string,
  path: string,
  options: { decodeLegacy?: boolean },
): Promise<PreparedText> {
  const bytes = await head(source);
  const utf16 = utf16Of(bytes);
  if (utf16 === null && bytes.includes(0x00))
    throw new DataError(
      'holds binary data, not a text table; expected a CSV or TSV file (UTF-8, UTF-16 or Windows-1252 text), Parquet or .xlsx',
      { file: path },
    );
  const legacy = options.decodeLegacy === true && utf16 === null;
  const loneCr = utf16 === null && loneCarriageReturns(bytes);
  if (utf16 === null && !legacy && !loneCr) return asIs(source);
  const all = await readFile(source);
  const warnings: Warning[] = [];
  let text: string;
  if (utf16 !== null) {
    text = new TextDecoder(utf16).decode(all); // the BOM is consumed by the decoder
    warnings.push(
      warning('encoding-utf16', `${path}: read as ${utf16.toUpperCase()} text (Excel "Unicode Text")`),
    );
  } else if (legacy && !isUtf8(all)) {
    text = decodeWindows1252(all);
    warnings.push(
      warning(
        'encoding-windows-1252',
        `${path}: not valid UTF-8; read as Windows-1252 (re-save as UTF-8 to silence this)`,
      ),
    );
  } else text = all.toString('utf8');
  if (/\r(?!\n)/.test(text) && !text.includes('\n')) {
    text = text.replace(/\r/g, '\n');
    warnings.push(
      warning('line-endings-cr', `${path}: lines end with a lone CR (old Mac format); read as lines`),
    );
  }
  return temporaryCopy(text, warnings, legacy);
}
