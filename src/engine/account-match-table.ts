/**
 * `accountMatcher` for tables in DuckDB: a file's rows find their account by id (through the merged ids, Salesforce
 * ids in either length), else by a domain exactly one account has, else by a name exactly one account has — the
 * keys made by the in-memory code (`idKey`, `normalizeDomain`, `nameKeys`) on each distinct value, the lookups joins.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { normalizeDomain } from '../cleanse/domain.ts';
import { visibleText } from '../cleanse/fold-text.ts';
import { nameKey } from '../cleanse/name.ts';
import { sqlIdentifier as id } from '../data/duckdb.ts';
import { idKey } from '../segment/inputs/account-keys.ts';
import { nameKeys, type MatchSummary } from '../segment/inputs/account-match.ts';
import { createRowsTable, forEachRow, type RowsValue } from './table-rows.ts';

/** Marks a domain or name that several accounts share (as the in-memory matcher's AMBIGUOUS). */
const AMBIGUOUS = -2;

/** Table `table` (raw, a, b) of every distinct value of `sql`'s first column, through `keys`. */
async function mapValues(
  connection: DuckDBConnection,
  sql: string,
  table: string,
  keys: (text: string) => [RowsValue, RowsValue],
): Promise<void> {
  const rows = await createRowsTable(connection, table, [
    { name: 'raw', type: 'VARCHAR' },
    { name: 'a', type: 'VARCHAR' },
    { name: 'b', type: 'VARCHAR' },
  ]);
  try {
    await forEachRow(connection, `SELECT DISTINCT v FROM (${sql}) AS t(v) WHERE v IS NOT NULL`, ([v]) =>
      rows.append([String(v), ...keys(String(v))]),
    );
  } finally {
    rows.close();
  }
}

const keyOfId = (text: string) => idKey(visibleText(text));

/**
 * Table `table` from a join (`join`, into a temporary `__joined`) and then its grouping (`group`, over
 * `__joined`): two statements, so DuckDB never holds the join's and the grouping's hash tables at once (at 10M
 * accounts one statement ran out of a 640 MB limit).
 *
 * @example
 * await joinThenGroup(connection, 'match_ids', 'SELECT k.a AS key, a.rowid AS row FROM …', 'SELECT key, MAX(row) AS row FROM __joined GROUP BY key');
 */
async function joinThenGroup(
  connection: DuckDBConnection,
  table: string,
  join: string,
  group: string,
): Promise<void> {
  await connection.run(`CREATE TABLE __joined AS ${join}`);
  await connection.run(`CREATE TABLE ${table} AS ${group}; DROP TABLE __joined`);
}

/**
 * The lookup tables of the accounts of table `accounts` (row = rowid) and `account_ids` (input id → account id):
 * `match_ids` (key → row), `match_kept` (key of an input id → key of its account's id), `match_domains` and
 * `match_names` (→ row, or −2 when several accounts share it).
 *
 * @example
 * await accountIndexTables(connection);
 */
export async function accountIndexTables(connection: DuckDBConnection): Promise<void> {
  await mapValues(connection, 'SELECT account_id FROM accounts', 'match_id_keys', (t) => [keyOfId(t), null]);
  await joinThenGroup(
    connection,
    'match_ids',
    'SELECT k.a AS key, a.rowid AS row FROM accounts AS a JOIN match_id_keys AS k ON a.account_id = k.raw',
    'SELECT key, MAX(row) AS row FROM __joined GROUP BY key',
  );
  await mapValues(
    connection,
    'SELECT id FROM account_ids UNION SELECT account_id FROM account_ids',
    'match_input_keys',
    (t) => [keyOfId(t), null],
  );
  await connection.run(
    'CREATE TABLE __ids AS SELECT i.a AS key, m.account_id FROM account_ids AS m JOIN match_input_keys AS i ON m.id = i.raw',
  );
  await joinThenGroup(
    connection,
    'match_kept',
    'SELECT m.key, k.a AS kept FROM __ids AS m JOIN match_input_keys AS k ON m.account_id = k.raw',
    'SELECT key, MAX(kept) AS kept FROM __joined GROUP BY key',
  );
  await connection.run('DROP TABLE __ids');
  await connection.run(
    `CREATE TABLE match_domains AS SELECT domain AS key, CASE WHEN COUNT(*) > 1 THEN ${AMBIGUOUS} ELSE MIN(rowid) END AS row FROM accounts WHERE domain IS NOT NULL GROUP BY domain`,
  );
  await mapValues(connection, 'SELECT name FROM accounts', 'match_name_keys', (t) => [nameKey(t), null]);
  await joinThenGroup(
    connection,
    'match_names',
    'SELECT k.a AS key, a.rowid AS row FROM accounts AS a JOIN match_name_keys AS k ON a.name = k.raw WHERE k.a IS NOT NULL',
    `SELECT key, CASE WHEN COUNT(*) > 1 THEN ${AMBIGUOUS} ELSE MIN(row) END AS row FROM __joined GROUP BY key`,
  );
  await connection.run('DROP TABLE match_id_keys; DROP TABLE match_name_keys');
}

/** A value as a reference: trimmed, blank = none. */
const trimmed = (text: string): string | null => text.trim() || null;

/**
 * Matches every row of `refs` — a query of (row, id, domain, name), each reference text or NULL — to its account:
 * table `output` (row, account: the account's rowid or −1, method: 'id' | 'domain' | 'name' | NULL), and what the
 * in-memory matcher would count.
 *
 * @example
 * await matchAccountsTable(connection, 'SELECT rowid, "AccountId", NULL, "Account Name" FROM raw_deals', 'deal_match');
 */
export async function matchAccountsTable(
  connection: DuckDBConnection,
  refs: string,
  output: string,
): Promise<MatchSummary> {
  const source = `(${refs}) AS s(row, id_ref, domain_ref, name_ref)`;
  await mapValues(connection, `SELECT id_ref FROM ${source}`, `${output}_ids`, (t) => {
    const ref = trimmed(t);
    return [ref, ref === null ? null : keyOfId(ref)];
  });
  await mapValues(connection, `SELECT domain_ref FROM ${source}`, `${output}_domains`, (t) => {
    const ref = trimmed(t);
    const domain = ref === null ? null : normalizeDomain(ref);
    return [ref, domain?.status === 'ok' ? domain.value : null];
  });
  await mapValues(connection, `SELECT name_ref FROM ${source}`, `${output}_names`, (t) => {
    const ref = trimmed(t);
    const [first, second] = ref === null ? [] : nameKeys(ref);
    return [ref, JSON.stringify([first ?? null, second ?? null])];
  });
  const [ids, domains, names] = ['ids', 'domains', 'names'].map((k) => id(`${output}_${k}`));
  // One join per step (a query joining the eight tables at once ran out of DuckDB's memory on 6M rows against 10M
  // accounts), and none for a reference the file does not have.
  const has = async (ref: string) =>
    Number(
      ((await connection.runAndReadAll(`SELECT COUNT(${ref}) FROM ${source}`)).getRows()[0] as bigint[])[0],
    ) > 0;
  const [hasId, hasDomain, hasName] = [await has('id_ref'), await has('domain_ref'), await has('name_ref')];
  let k = 0;
  const table = (n: number) => id(`${output}_t${n}`);
  const step = async (select: string, join: string) => {
    await connection.run(
      `CREATE TABLE ${table(k + 1)} AS SELECT t.*, ${select} FROM ${table(k)} AS t ${join}; DROP TABLE ${table(k)}`,
    );
    k++;
  };
  await connection.run(`CREATE TABLE ${table(0)} AS SELECT row, id_ref, domain_ref, name_ref FROM ${source}`);
  if (hasId) {
    await step('i.a AS id_text, i.b AS id_key', `LEFT JOIN ${ids} AS i ON t.id_ref = i.raw`);
    await step('COALESCE(m.kept, t.id_key) AS kept_key', 'LEFT JOIN match_kept AS m ON m.key = t.id_key');
    await step(
      'CASE WHEN t.id_key IS NULL THEN -1 ELSE COALESCE(m.row, -1) END AS by_id',
      'LEFT JOIN match_ids AS m ON m.key = t.kept_key',
    );
  } else await step('NULL::VARCHAR AS id_text, -1 AS by_id', '');
  if (hasDomain) {
    await step('d.a AS domain_text, d.b AS domain_key', `LEFT JOIN ${domains} AS d ON t.domain_ref = d.raw`);
    await step(
      'CASE WHEN t.domain_key IS NULL THEN -1 ELSE COALESCE(m.row, -1) END AS by_domain',
      'LEFT JOIN match_domains AS m ON m.key = t.domain_key',
    );
  } else await step('NULL::VARCHAR AS domain_text, -1 AS by_domain', '');
  if (hasName) {
    await step(
      `n.a AS name_text, json_extract_string(n.b, '$[0]') AS key1, json_extract_string(n.b, '$[1]') AS key2`,
      `LEFT JOIN ${names} AS n ON t.name_ref = n.raw`,
    );
    await step('m.row AS row1', 'LEFT JOIN match_names AS m ON m.key = t.key1');
    await step('COALESCE(t.row1, m.row, -1) AS by_name', 'LEFT JOIN match_names AS m ON m.key = t.key2');
  } else await step('NULL::VARCHAR AS name_text, -1 AS by_name', '');
  await connection.run(
    `CREATE TABLE ${id(output)} AS SELECT row,
      CASE WHEN by_id >= 0 THEN by_id WHEN by_domain >= 0 THEN by_domain WHEN by_name >= 0 THEN by_name ELSE -1 END AS account,
      CASE WHEN by_id >= 0 THEN 'id' WHEN by_domain >= 0 THEN 'domain' WHEN by_name >= 0 THEN 'name' END AS method,
      id_text IS NULL AND domain_text IS NULL AND name_text IS NULL AS blank,
      by_id < 0 AND by_domain < 0 AND by_name < 0 AND (by_domain = ${AMBIGUOUS} OR by_name = ${AMBIGUOUS}) AS ambiguous,
      CASE WHEN by_id < 0 AND by_domain < 0 AND by_name = ${AMBIGUOUS} THEN name_text END AS ambiguous_name,
      id_text IS NOT NULL AS has_id
    FROM ${table(k)} ORDER BY row; DROP TABLE ${table(k)}`,
  );
  const summary = await matchSummary(connection, output);
  await connection.run(
    [`${output}_ids`, `${output}_domains`, `${output}_names`].map((t) => `DROP TABLE ${id(t)}`).join('; '),
  );
  return summary;
}

async function matchSummary(connection: DuckDBConnection, output: string): Promise<MatchSummary> {
  const [counts] = (
    await connection.runAndReadAll(
      `SELECT COUNT(*),
        COUNT(*) FILTER (WHERE method = 'id'), COUNT(*) FILTER (WHERE method = 'domain'), COUNT(*) FILTER (WHERE method = 'name'),
        COUNT(*) FILTER (WHERE blank),
        COUNT(*) FILTER (WHERE NOT blank AND method IS NULL AND ambiguous),
        COUNT(*) FILTER (WHERE NOT blank AND method IS NULL AND NOT ambiguous AND has_id)
      FROM ${id(output)}`,
    )
  ).getRows() as [bigint[]];
  const [total, byId, byDomain, byName, blank, ambiguous, unknownId] = counts.map(Number) as number[];
  const ambiguousNames: string[] = [];
  await forEachRow(
    connection,
    `SELECT DISTINCT ambiguous_name FROM ${id(output)} WHERE NOT blank AND ambiguous_name IS NOT NULL`,
    ([v]) => ambiguousNames.push(String(v)),
  );
  return {
    total: total as number,
    byMethod: { id: byId as number, domain: byDomain as number, name: byName as number },
    blank: blank as number,
    unknownId: unknownId as number,
    ambiguousNames: ambiguousNames.sort(),
    ambiguous: ambiguous as number,
  };
}
