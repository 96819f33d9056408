/**
 * Rows read from DuckDB while appending to another table through the same connection all arrive: a streaming
 * result would end at the appender's first flush (204,800 rows), silently.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { expect, it } from 'vitest';
import { createRowsTable, forEachRow } from '../../src/engine/table-rows.ts';

it('forEachRow gives every row of a 300,000-row result while createRowsTable appends each one elsewhere', async () => {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const copy = await createRowsTable(connection, 'copy', [{ name: 'v', type: 'BIGINT' }]);
    let [seen, sum] = [0, 0];
    try {
      await forEachRow(connection, 'SELECT range AS v FROM range(300000) ORDER BY v', ([v]) => {
        seen++;
        sum += Number(v);
        copy.append([Number(v)]);
      });
    } finally {
      copy.close();
    }
    expect(seen).toBe(300_000);
    expect(sum).toBe((299_999 * 300_000) / 2);
    const [[copied]] = (await connection.runAndReadAll('SELECT COUNT(*) FROM copy')).getRows() as [[bigint]];
    expect(Number(copied)).toBe(300_000);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
});
