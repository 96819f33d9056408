/** Benchmark worker: loads a CSV into a typed frame and prints {seconds, peakRssMb, rows, checksum} as JSON. */
import type * as LoadModule from '../src/data/load.ts';
import { compiled } from './compiled.ts';

const { loadTable } = await compiled<typeof LoadModule>('data/load.js');

const path = process.argv[2] as string;
const started = performance.now();
const { frame } = await loadTable(path, { textColumns: ['account_id'] });
const seconds = (performance.now() - started) / 1000;
let checksum = 0;
for (const name of frame.columnNames) {
  const column = frame.column(name);
  if (column.kind === 'number') for (const v of column.values) checksum += Number.isNaN(v) ? 0 : v;
}
process.stdout.write(
  `${JSON.stringify({ seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, rows: frame.numRows, checksum })}\n`,
);
