/**
 * `assembleUniverse` for inputs larger than memory: the accounts cleansed, the market joined, the deals, spend and
 * engagement read and matched — each by its engine module, which runs the in-memory code on distinct values — and
 * the study's own columns (current spend, customers, lapsed, won deals, engagement, log sizes) computed in SQL by the
 * in-memory rules, into table `universe`: one row per account, the in-memory universe's columns in its order.
 * The deals stay in table `deals` and the spend lines in `spend_lines`.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { DataError, UsageError, type Warning } from '../core/errors.ts';
import type { QualityReport } from '../cleanse/quality.ts';
import { sqlIdentifier as id } from '../data/duckdb.ts';
import { Frame } from '../data/frame.ts';
import { loadTextTable, sheetOption } from '../data/load.ts';
import { findHeader, headerKey } from '../data/schema.ts';
import {
  conversionWarnings,
  joinWarnings,
  lapsedWarning,
  moneyRecord,
  studyDateOf,
  universeStats,
  type InputMapping,
  type MoneyRecord,
  type StudyInputs,
  type StudyMoney,
  type Universe,
} from '../segment/assemble.ts';
import {
  saysCustomer,
  STATUS_HEADERS,
  statusUsed,
  statusWarnings,
} from '../segment/inputs/customer-status.ts';
import { monthsBefore, spendFromDealsWarnings } from '../segment/inputs/spend.ts';
import {
  listItems,
  TECHNOLOGY_HEADERS,
  technologyColumnKeys,
  technologyPlan,
  technologyValue,
  technologyWarning,
} from '../segment/inputs/technologies.ts';
import { accountIndexTables } from './account-match-table.ts';
import { assertNoCaseTwins } from './case-twins.ts';
import { cleanseAccountsTable } from './cleanse-table.ts';
import { readDealsTable, type DealsTable } from './deals-table.ts';
import { readEngagementTable, type EngagementTable } from './engagement-table.ts';
import { joinMarketTable, type MarketTableJoin } from './market-table.ts';
import { latestLineDateTable, readSpendTable, spendInWindowTable, type SpendTable } from './spend-table.ts';
import { createRowsTable, distinctTuples, forEachRow } from './table-rows.ts';

/** What {@link assembleUniverseTable} returns: the in-memory `Universe` but its frame, deals and lines (tables). */
export type UniverseTable = Omit<Universe, 'frame' | 'deals' | 'purchaseLines' | 'productSpend'>;

const DAY = 86_400_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);
/** A number as SQL reads it back exactly (JavaScript's shortest round-trip form). */
const num = (value: number) => (Number.isFinite(value) ? String(value) : `'${String(value)}'::DOUBLE`);

async function scalar(connection: DuckDBConnection, sql: string): Promise<number> {
  const [[value]] = (await connection.runAndReadAll(sql)).getRows() as [[unknown]];
  return value === null ? Number.NaN : Number(value);
}

async function columnsOf(
  connection: DuckDBConnection,
  table: string,
): Promise<{ name: string; type: string }[]> {
  return (await connection.runAndReadAll(`DESCRIBE ${id(table)}`))
    .getRows()
    .map((r) => ({ name: String(r[0]), type: String(r[1]) }));
}

/** Refuses what the engine does not assemble yet, before any work, in one line. */
function checkSupported(mapping: InputMapping): void {
  const unsupported = [mapping.spend.columns.product != null ? 'mapping.spend.columns.product' : ''].filter(
    Boolean,
  );
  if (unsupported.length > 0)
    throw new UsageError(
      `--engine duckdb does not read ${unsupported.join(', ')} yet; remove it or run the study in memory`,
    );
}

/** Table `status_flags` (status value → 1 when it says customer) of the accounts' status column, or null. */
async function statusColumn(
  connection: DuckDBConnection,
  accountColumns: readonly string[],
  mapping: InputMapping,
): Promise<string | null> {
  const status = mapping.accounts.customerStatus;
  const frame = Frame.fromColumns(Object.fromEntries(accountColumns.map((c) => [c, [] as string[]])));
  const column = status.column ?? findHeader(frame, STATUS_HEADERS);
  if (column === null || !accountColumns.includes(column)) return null;
  const keys = status.values.map(headerKey);
  const flags = await createRowsTable(connection, 'status_flags', [
    { name: 'raw', type: 'VARCHAR' },
    { name: 'flag', type: 'DOUBLE' },
  ]);
  try {
    await forEachRow(connection, `SELECT DISTINCT ${id(column)} FROM accounts`, ([v]) => {
      const text = v === null ? null : String(v);
      if (text !== null) flags.append([text, saysCustomer(text, keys) ? 1 : 0]);
    });
  } finally {
    flags.close();
  }
  return column;
}

/** Table `log_sizes` (value → `Math.log10` of it, NULL when not positive) of the distinct employees and revenues. */
async function logSizes(connection: DuckDBConnection): Promise<void> {
  const logs = await createRowsTable(connection, 'log_sizes', [
    { name: 'value', type: 'DOUBLE' },
    { name: 'log10', type: 'DOUBLE' },
  ]);
  try {
    await forEachRow(
      connection,
      'SELECT DISTINCT v FROM (SELECT employees AS v FROM accounts UNION ALL SELECT annual_revenue FROM accounts) WHERE v IS NOT NULL',
      ([v]) => logs.append([Number(v), Number(v) > 0 ? Math.log10(Number(v)) : Number.NaN]),
    );
  } finally {
    logs.close();
  }
}

interface Read {
  market: MarketTableJoin | null;
  deals: DealsTable | null;
  spend: SpendTable | null;
  engagement: EngagementTable | null;
}

/** The SELECT of each derived column per account `a` (a row of `accounts`), with the joins it needs. */
function derivedSelect(
  read: Read,
  context: {
    asOf: number;
    mapping: InputMapping;
    status: string | null;
    used: boolean;
    technologies: { column: string; names: string[] } | null;
  },
): { columns: [string, string][]; joins: string[] } {
  const { asOf, mapping, status } = context;
  const months = mapping.opportunities.customerWindowMonths;
  const dated = read.spend?.dated === true;
  const spend =
    read.spend !== null
      ? 'COALESCE(st.spend, 0)'
      : read.deals !== null
        ? 'COALESCE(fd.spend, 0)'
        : '0::DOUBLE';
  const lifetime = read.spend !== null ? 'st.lifetime_average' : 'NULL::DOUBLE';
  const [wins, recentAmount] =
    read.deals === null ? ['0', '0'] : ['COALESCE(rw.wins, 0)', 'COALESCE(rw.amount, 0)'];
  const activity = `(${spend} > 0 OR ${wins} > 0)`;
  const flag = status === null ? '0' : 'COALESCE(sf.flag, 0)';
  const customer = context.used && status !== null ? `(${activity} OR ${flag} = 1)` : activity;
  const lapsed = `(${customer} AND NOT ${spend} > 0)`;
  const byAverage = mapping.spend.lapsedSpend === 'average' && (read.spend === null || dated);
  const yearly = `${recentAmount} / ${num(months / 12)}`;
  const average = `CASE WHEN ${lifetime} > 0 THEN ${lifetime} ELSE ${yearly} END`;
  const current = byAverage ? `CASE WHEN ${lapsed} THEN ${average} ELSE ${spend} END` : spend;
  const signals = read.engagement?.signals ?? [];
  const columns: [string, string][] = [
    ['current_spend', current],
    ...(['won_deals', 'won_amount', 'open_pipeline'] as const).map((c): [string, string] => [
      c,
      read.deals === null ? '0::DOUBLE' : `COALESCE(dt.${c}, 0)`,
    ]),
    ...signals.map((s): [string, string] => [s, `COALESCE(et.${id(s)}, 0)`]),
    ['has_engagement', read.engagement === null ? '0::DOUBLE' : 'COALESCE(et.present, 0)'],
    ['engagement_recency_days', read.engagement === null ? 'NULL::DOUBLE' : 'et.recency_days'],
    ...(context.technologies?.names ?? []).map((name): [string, string] => [name, `tc.${id(name)}`]),
    ['is_customer', `CASE WHEN ${customer} THEN 1.0 ELSE 0.0 END`],
    ['lapsed', `CASE WHEN ${lapsed} THEN 1.0 ELSE 0.0 END`],
    ['log10_employees', '(SELECT log10 FROM log_sizes WHERE value = a.employees)'],
    ['log10_revenue', '(SELECT log10 FROM log_sizes WHERE value = a.annual_revenue)'],
    ['__activity', `CASE WHEN ${activity} THEN 1 ELSE 0 END`],
    ['__flag', flag],
  ];
  const from = Number.isNaN(asOf) ? '-Infinity' : String(monthsBefore(asOf, months));
  const to = Number.isNaN(asOf) ? 'Infinity' : String(asOf);
  const start = monthsBefore(asOf, mapping.spend.fromDealsMonths);
  const joins = [
    read.deals === null ? '' : 'LEFT JOIN deal_totals AS dt ON dt.account = a.rowid',
    read.deals === null
      ? ''
      : `LEFT JOIN (SELECT account, COUNT(*) AS wins, SUM(amount ORDER BY row) AS amount FROM deals WHERE status = 'won' AND (close_date IS NULL OR NOT (close_date <= '${from}'::DOUBLE OR close_date > '${to}'::DOUBLE)) GROUP BY account) AS rw ON rw.account = a.rowid`,
    read.spend !== null || read.deals === null || Number.isNaN(asOf)
      ? ''
      : `LEFT JOIN (SELECT account, SUM(amount ORDER BY row) AS spend FROM deals WHERE status = 'won' AND close_date > ${num(start)} AND close_date <= ${num(asOf)} GROUP BY account) AS fd ON fd.account = a.rowid`,
    read.spend === null ? '' : 'LEFT JOIN spend_totals AS st ON st.account = a.rowid',
    read.engagement === null ? '' : 'LEFT JOIN engagement_totals AS et ON et.account = a.rowid',
    status === null ? '' : `LEFT JOIN status_flags AS sf ON sf.raw = a.${id(status)}`,
    context.technologies === null
      ? ''
      : `LEFT JOIN tech_cells AS tc ON tc.raw = a.${id(context.technologies.column)}`,
  ].filter(Boolean);
  return {
    columns,
    joins,
  };
}

/** Table `universe`: the accounts' columns (a derived column of the same name replaced in place), then the rest. */
async function universeTable(
  connection: DuckDBConnection,
  derived: { columns: [string, string][]; joins: string[] },
  where: (column: string) => { file: string; column: string },
): Promise<void> {
  const own = (await columnsOf(connection, 'accounts')).map((c) => c.name);
  assertNoCaseTwins(
    own,
    derived.columns.map(([name]) => name),
    (mine) => where(mine),
  );
  const byName = new Map(derived.columns);
  const select = [
    ...own.map((c) => (byName.has(c) ? `${byName.get(c) as string} AS ${id(c)}` : `a.${id(c)}`)),
    ...derived.columns.filter(([name]) => !own.includes(name)).map(([name, sql]) => `${sql} AS ${id(name)}`),
  ];
  await connection.run(
    `CREATE TABLE universe AS SELECT ${select.join(', ')} FROM accounts AS a ${derived.joins.join(' ')} ORDER BY a.rowid`,
  );
}

/**
 * Reads, cleanses and joins the inputs into table `universe` in `connection` (see the module) and returns what
 * `assembleUniverse` returns besides its frame, deals and purchase lines.
 *
 * @example
 * const { stats, money } = await assembleUniverseTable(connection, config.inputs, config.mapping, config.money, Date.now());
 */
export async function assembleUniverseTable(
  connection: DuckDBConnection,
  inputs: StudyInputs,
  mapping: InputMapping,
  money: StudyMoney,
  today: number,
): Promise<UniverseTable> {
  checkSupported(mapping);
  const raw = await loadTextTable(
    connection,
    inputs.accounts,
    'raw_accounts',
    sheetOption(mapping.accounts.sheet),
  );
  const cleanse = await cleanseAccountsTable(
    connection,
    { table: 'raw_accounts', columns: raw.columns, rows: raw.rows },
    accountsOptions(inputs.accounts, mapping, money),
    { output: 'accounts', ids: 'account_ids' },
  );
  const crmColumns = (await columnsOf(connection, 'accounts')).map((c) => c.name);
  await accountIndexTables(connection);
  const read: Read = { market: null, deals: null, spend: null, engagement: null };
  if (inputs.market !== null) read.market = await joinMarketTable(connection, inputs.market, mapping.market);
  const technologies = await technologyTable(connection, mapping);
  if (inputs.opportunities !== null)
    read.deals = await readDealsTable(
      connection,
      inputs.opportunities,
      { ...mapping.opportunities, columns: named(mapping.opportunities.columns) },
      money,
    );
  if (inputs.spend !== null)
    read.spend = await readSpendTable(connection, inputs.spend, money, {
      ...mapping.spend,
      columns: named(mapping.spend.columns),
    });
  return finish(connection, { inputs, mapping, money, today, read, raw, cleanse, crmColumns, technologies });
}

async function finish(
  connection: DuckDBConnection,
  context: {
    inputs: StudyInputs;
    mapping: InputMapping;
    money: StudyMoney;
    today: number;
    read: Read;
    raw: { rows: number; warnings: Warning[] };
    cleanse: { report: QualityReport; warnings: Warning[] };
    crmColumns: string[];
    technologies: Awaited<ReturnType<typeof technologyTable>>;
  },
): Promise<UniverseTable> {
  const { inputs, mapping, money, read } = context;
  const date = await studyDate(connection, read, money, context.today);
  const spend = await spendOf(connection, read, { mapping, asOf: date.asOf });
  const universeColumns = new Set((await columnsOf(connection, 'accounts')).map((c) => c.name));
  if (inputs.engagement !== null)
    read.engagement = await readEngagementTable(connection, inputs.engagement, universeColumns, {
      columns: named(mapping.engagement.columns),
      sheet: mapping.engagement.sheet,
    });
  const status = await statusColumn(connection, context.crmColumns, mapping);
  const used = statusUsed(mapping.accounts.customerStatus, inputs.spend !== null);
  await logSizes(connection);
  await universeTable(
    connection,
    derivedSelect(read, { asOf: date.asOf, mapping, status, used, technologies: context.technologies }),
    (column) => ({
      file: context.crmColumns.includes(column) ? inputs.accounts : (inputs.market ?? inputs.accounts),
      column,
    }),
  );
  const counts = await customerCounts(connection);
  await connection.run(
    'ALTER TABLE universe DROP COLUMN __activity; ALTER TABLE universe DROP COLUMN __flag',
  );
  const byAverage = mapping.spend.lapsedSpend === 'average' && (read.spend === null || read.spend.dated);
  const customerWarnings = customersWarnings(counts, { status, used, byAverage, mapping, inputs });
  if (counts.customers === 0)
    throw new DataError(
      'no customers: no account has spend > 0 or a won opportunity, so there is nothing to learn an ICP from',
      { file: inputs.accounts },
    );
  const accounts = await scalar(connection, 'SELECT COUNT(*) FROM universe');
  const stats = universeStats(context.raw.rows, accounts, counts.customers, {
    market: read.market,
    spend: { rows: spend.rows, matched: spend.matched },
    deals: read.deals ?? { rows: 0, matched: 0 },
    engagement: read.engagement,
  });
  const record: MoneyRecord = moneyRecord(money, date, spend, {
    deals: { currencies: read.deals?.currencies ?? [] },
    lines: read.spend,
    inputs,
    customers: { count: counts.lapsed, byAverage },
  });
  return {
    engagementSignals: read.engagement?.signals ?? [],
    money: record,
    sources: await sourcesOf(connection, context.crmColumns, read, context.technologies?.names ?? []),
    quality: context.cleanse.report,
    warnings: [
      ...joinWarnings(inputs, stats),
      ...context.raw.warnings,
      ...context.cleanse.warnings,
      ...(read.market?.warnings ?? []),
      ...(context.technologies?.warnings ?? []),
      ...(inputs.spend === null ? [] : spend.warnings),
      ...(read.deals?.warnings ?? []),
      ...(inputs.spend === null ? spend.warnings : []),
      ...(read.engagement?.warnings ?? []),
      ...customerWarnings,
      ...conversionWarnings(record),
    ],
    stats,
  };
}

/** The study date: the configured one, else the latest closed deal or invoice line not after `today`. */
async function studyDate(connection: DuckDBConnection, read: Read, money: StudyMoney, today: number) {
  const latestDeal =
    read.deals === null
      ? Number.NaN
      : await scalar(
          connection,
          `SELECT MAX(close_date) FROM deals WHERE status <> 'open' AND close_date <= ${today}`,
        );
  const latestLine = read.spend === null ? Number.NaN : await latestLineDateTable(connection, today);
  return studyDateOf(money, latestDeal, latestLine);
}

/** What the status column did and how lapsed customers were placed, as `customerColumns` says it. */
function customersWarnings(
  counts: Awaited<ReturnType<typeof customerCounts>>,
  context: {
    status: string | null;
    used: boolean;
    byAverage: boolean;
    mapping: InputMapping;
    inputs: StudyInputs;
  },
): Warning[] {
  const { status, used, byAverage, mapping, inputs } = context;
  const hasSpendFile = inputs.spend !== null;
  const warnings =
    status === null || mapping.accounts.customerStatus.use === 'never'
      ? []
      : statusWarnings(status, { ...counts, used, hasSpendFile });
  if (counts.lapsed > 0)
    warnings.push(
      lapsedWarning(counts.lapsed, {
        byAverage,
        months: mapping.opportunities.customerWindowMonths,
        hasSpendFile,
      }),
    );
  return warnings;
}

/** Current spend's source: the spend file's window, won deals, or none — and what the in-memory study reports. */
async function spendOf(
  connection: DuckDBConnection,
  read: Read,
  context: { mapping: InputMapping; asOf: number },
): Promise<{
  rows: number;
  matched: number;
  warnings: Warning[];
  window: { from: string; to: string } | null;
  currencies: Universe['money']['conversions'][number]['uses'];
}> {
  const { mapping, asOf } = context;
  if (read.spend !== null) {
    const window = await spendInWindowTable(connection, read.spend, asOf, mapping.spend.windowMonths);
    return { ...window, currencies: read.spend.currencies };
  }
  const none = { rows: 0, matched: 0, currencies: [] };
  if (read.deals === null) return { ...none, warnings: [], window: null };
  const months = mapping.spend.fromDealsMonths;
  const undated = Number.isNaN(asOf)
    ? 0
    : await scalar(connection, `SELECT COUNT(*) FROM deals WHERE status = 'won' AND close_date IS NULL`);
  const window = Number.isNaN(asOf)
    ? null
    : { from: isoDay(monthsBefore(asOf, months) + DAY), to: isoDay(asOf) };
  return { ...none, warnings: spendFromDealsWarnings(asOf, months, undated), window };
}

async function customerCounts(connection: DuckDBConnection) {
  const [row] = (
    await connection.runAndReadAll(
      `SELECT COUNT(*) FILTER (WHERE __flag = 1 AND __activity = 0), COUNT(*) FILTER (WHERE __flag = 0 AND __activity = 1),
        COUNT(*) FILTER (WHERE lapsed = 1), COUNT(*) FILTER (WHERE is_customer = 1) FROM universe`,
    )
  ).getRows() as [bigint[]];
  const [onlyStatus, onlyActivity, lapsed, customers] = row.map(Number) as [number, number, number, number];
  return { onlyStatus, onlyActivity, lapsed, customers };
}

/** Where each universe column came from, as `assembleUniverse` says. */
async function sourcesOf(
  connection: DuckDBConnection,
  crmColumns: readonly string[],
  read: Read,
  technologies: string[],
): Promise<Universe['sources']> {
  const columns = (await columnsOf(connection, 'universe')).map((c) => c.name);
  const accounts = (await columnsOf(connection, 'accounts')).map((c) => c.name);
  const signals = read.engagement?.signals ?? [];
  return {
    accounts: [...columns.filter((c) => crmColumns.includes(c)), 'log10_employees', 'log10_revenue'],
    market: read.market === null ? [] : accounts.filter((c) => !crmColumns.includes(c)),
    engagement: read.engagement === null ? [] : [...signals, 'has_engagement', 'engagement_recency_days'],
    technologies,
    study: ['current_spend', 'won_deals', 'won_amount', 'open_pipeline', 'is_customer', 'lapsed'],
  };
}

/**
 * `technologyColumns` over table `accounts`: the plan from each distinct list cell and its accounts, and table
 * `tech_cells` (cell → the value of each technology column).
 */
async function technologyTable(
  connection: DuckDBConnection,
  mapping: InputMapping,
): Promise<{ column: string; names: string[]; warnings: Warning[] } | null> {
  const columns = await columnsOf(connection, 'accounts');
  const frame = Frame.fromColumns(Object.fromEntries(columns.map((c) => [c.name, [] as string[]])));
  const column = mapping.technologies.column ?? findHeader(frame, TECHNOLOGY_HEADERS);
  if (column === null || !columns.some((c) => c.name === column && c.type === 'VARCHAR')) return null;
  const cells: [string | null, string[] | null, number][] = [];
  await distinctTuples(connection, 'accounts', [`r.${id(column)}`], ([cell], count) =>
    cells.push([cell ?? null, listItems(cell ?? null), count]),
  );
  const plan = technologyPlan(
    column,
    cells.map(([, list, count]) => [list, count]),
    mapping.technologies,
  );
  const keys = [...technologyColumnKeys(plan)];
  const table = await createRowsTable(connection, 'tech_cells', [
    { name: 'raw', type: 'VARCHAR' },
    ...keys.map(([name]) => ({ name, type: 'DOUBLE' as const })),
  ]);
  try {
    for (const [cell, list] of cells)
      if (cell !== null) table.append([cell, ...keys.map(([, key]) => technologyValue(list, key))]);
  } finally {
    table.close();
  }
  return { column, names: keys.map(([name]) => name), warnings: [technologyWarning(plan)] };
}

function accountsOptions(file: string, mapping: InputMapping, money: StudyMoney) {
  const m = mapping.accounts;
  return {
    file,
    fx: money,
    columns: named(m.columns),
    ...(m.createdDate === null ? {} : { createdDate: m.createdDate }),
    ...(m.parentColumn === null ? {} : { parentColumn: m.parentColumn }),
    ...(m.familyColumn === null ? {} : { familyColumn: m.familyColumn }),
    dateOrder: m.dateOrder,
    dedupe: m.dedupe,
  };
}

function named<K extends string>(columns: Record<K, string | null>): Partial<Record<K, string>> {
  return Object.fromEntries(Object.entries(columns).filter(([, v]) => v !== null)) as Partial<
    Record<K, string>
  >;
}
