/**
 * Reads a binary target column: 0/1, true/false, yes/no, won/lost (and Salesforce's "Closed Won" /
 * "Closed Lost"), customer/prospect — mapped explicitly, never guessed from order.
 */
import { DataError } from '../core/errors.ts';
import type { Frame } from '../data/frame.ts';

const POSITIVE = new Set([
  '1',
  '1.0',
  'true',
  't',
  'yes',
  'y',
  'won',
  'win',
  'closed won',
  'customer',
  'positive',
]);
const NEGATIVE = new Set([
  '0',
  '0.0',
  'false',
  'f',
  'no',
  'n',
  'lost',
  'loss',
  'closed lost',
  'prospect',
  'negative',
]);

/** Options of {@link readBinaryTarget}. */
export interface TargetOptions {
  /** The label that means "positive" (1). Default: 1, true, yes, won, "Closed Won", customer. */
  positive?: string;
  /** File name for messages. */
  file?: string;
}

/**
 * Returns the target as 0/1 (NaN where missing).
 *
 * @example
 * readBinaryTarget(Frame.fromColumns({ won: ['Won', 'lost', null] }), 'won'); // Float64Array [1, 0, NaN]
 */
export function readBinaryTarget(frame: Frame, column: string, options: TargetOptions = {}): Float64Array {
  if (!frame.has(column)) {
    throw new DataError(
      `no target column "${column}" (columns are ${frame.columnNames.map((c) => `"${c}"`).join(', ')})`,
      options.file === undefined ? {} : { file: options.file },
    );
  }
  const source = frame.column(column);
  const out = new Float64Array(frame.numRows);
  const positive = options.positive?.trim().toLowerCase();
  for (let i = 0; i < frame.numRows; i++) {
    const raw = source.values[i];
    if (
      raw === null ||
      raw === undefined ||
      (typeof raw === 'number' && Number.isNaN(raw)) ||
      (typeof raw === 'string' && raw.trim() === '')
    ) {
      out[i] = Number.NaN;
      continue;
    }
    const label = String(raw).trim().toLowerCase();
    if (positive !== undefined) out[i] = label === positive ? 1 : 0;
    else if (POSITIVE.has(label)) out[i] = 1;
    else if (NEGATIVE.has(label)) out[i] = 0;
    else {
      throw new DataError(
        `target value "${String(raw)}" is not a binary label (use 0/1, true/false, yes/no, won/lost, or name the positive label)`,
        { ...(options.file === undefined ? {} : { file: options.file }), row: i + 1, column },
      );
    }
  }
  return out;
}

/** Throws a {@link DataError} when the target has only one class among the rows used. */
export function requireBothClasses(
  y: Float64Array,
  column: string,
): { positives: number; negatives: number } {
  let positives = 0;
  let negatives = 0;
  for (const v of y) {
    if (v === 1) positives++;
    else if (v === 0) negatives++;
  }
  if (positives === 0 || negatives === 0) {
    throw new DataError(
      `target "${column}" has only ${positives === 0 ? 'negative' : 'positive'} rows (${positives} positive, ${negatives} negative); a model needs both classes`,
    );
  }
  return { positives, negatives };
}
