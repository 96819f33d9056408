/**
 * Money with its currency: the currency of an amount read from a currency column, from a symbol or ISO 4217 code
 * in the value ("1.250.000,00 €", "EUR 1.000", "USD 12,500,000.00"), or from the config; and its conversion into
 * the study's reporting currency with a rate from the config (`fx`) or from a rate column of the file (NetSuite's
 * `Exchange Rate`). An amount in a currency without a rate is an error naming the currency and the key to add —
 * never summed as it is.
 */
import { DataError } from '../core/errors.ts';
import { detectNumberConvention, parseRevenue } from './numbers.ts';

/** ISO 4217 codes the readers recognise in values and currency columns (the actively traded ones). */
export const CURRENCY_CODES: ReadonlySet<string> = new Set(
  (
    'USD EUR GBP JPY CNY CHF CAD AUD NZD SEK NOK DKK ISK PLN CZK HUF RON BGN HRK TRY RUB UAH ILS AED SAR QAR ' +
    'KWD BHD OMR EGP ZAR NGN KES MAD INR PKR BDT LKR SGD HKD TWD KRW THB MYR IDR PHP VND MXN BRL ARS CLP COP PEN UYU'
  ).split(' '),
);

/** Currency symbols and the code each stands for (null: ambiguous — a column or the config must say). */
const SYMBOLS: readonly (readonly [string, string | null, string])[] = (
  [
    ['US$', 'USD'],
    ['CA$', 'CAD'],
    ['C$', 'CAD'],
    ['AU$', 'AUD'],
    ['A$', 'AUD'],
    ['NZ$', 'NZD'],
    ['HK$', 'HKD'],
    ['S$', 'SGD'],
    ['R$', 'BRL'],
    ['€', 'EUR'],
    ['£', 'GBP'],
    ['₹', 'INR'],
    ['₩', 'KRW'],
    ['₺', 'TRY'],
    ['₪', 'ILS'],
    ['zł', 'PLN'],
    ['Kč', 'CZK'],
    ['¥', null],
    ['kr.', null],
    ['kr', null],
    ['$', '$'],
  ] as const
).map(([symbol, code]) => [symbol, code, symbol.toLowerCase()] as const);

/** Dollar currencies a bare "$" may stand for. */
const DOLLARS = new Set(['USD', 'CAD', 'AUD', 'NZD', 'HKD', 'SGD', 'MXN']);

/** An amount cell split into its number text and the currency it names. */
export interface CurrencySplit {
  /** The number, with its sign, without the currency ("-1.250,00"). */
  amount: string;
  /** The ISO code the cell names; "$" for a bare dollar sign; null when it names none. */
  currency: string | null;
  /** The symbol when it is ambiguous ("kr" is SEK, NOK, DKK or ISK; "¥" is JPY or CNY). */
  ambiguous: string | null;
}

function takeSymbol(
  text: string,
  atStart: boolean,
): { rest: string; symbol: string; code: string | null } | null {
  const edge = text.charCodeAt(atStart ? 0 : text.length - 1);
  if (edge >= 48 && edge <= 57) return null; // a digit: no symbol or code on this side
  const lower = text.toLowerCase();
  for (const [symbol, code, s] of SYMBOLS) {
    if (atStart ? lower.startsWith(s) : lower.endsWith(s)) {
      const rest = atStart ? text.slice(s.length) : text.slice(0, text.length - s.length);
      // A symbol of letters ("kr", "zł") must stand alone, never be part of a word.
      const neighbour = atStart ? rest.charAt(0) : rest.charAt(rest.length - 1);
      if (/^[a-z]/i.test(s) && /[a-z]/i.test(neighbour)) continue;
      return { rest: rest.trim(), symbol, code };
    }
  }
  const code = atStart
    ? /^([A-Za-z]{3})(?![A-Za-z])\s*(.*)$/.exec(text)
    : /^(.*?)\s*(?<![A-Za-z])([A-Za-z]{3})$/.exec(text);
  if (code === null) return null;
  const [iso, rest] = atStart
    ? [code[1] as string, code[2] as string]
    : [code[2] as string, code[1] as string];
  return CURRENCY_CODES.has(iso.toUpperCase())
    ? { rest: rest.trim(), symbol: iso, code: iso.toUpperCase() }
    : null;
}

/**
 * Splits an amount cell into its number and the currency written with it (a symbol or an ISO code, before or
 * after the number, after a minus sign or before it).
 *
 * @example
 * splitCurrency('1.250.000,00 €');   // { amount: '1.250.000,00', currency: 'EUR', ambiguous: null }
 * splitCurrency('-USD 1,422.81');     // { amount: '-1,422.81', currency: 'USD', ambiguous: null }
 * splitCurrency('12.500 kr');         // { amount: '12.500', currency: null, ambiguous: 'kr' }
 */
export function splitCurrency(cell: string): CurrencySplit {
  let text = cell.trim().replace(/[\u00a0\u202f]/g, ' ');
  let sign = '';
  if (text.startsWith('-')) {
    sign = '-';
    text = text.slice(1).trim();
  }
  const found = takeSymbol(text, true) ?? takeSymbol(text, false);
  if (found === null) return { amount: sign + text, currency: null, ambiguous: null };
  let rest = found.rest;
  if (rest.startsWith('-')) {
    sign = sign === '-' ? '' : '-';
    rest = rest.slice(1).trim();
  }
  return {
    amount: sign + rest,
    currency: found.code,
    ambiguous: found.code === null ? found.symbol : null,
  };
}

/**
 * A currency column's value as an ISO code ("eur", "€", "Euro"-free codes only); null when blank; an error naming
 * the row when it is no currency.
 *
 * @example
 * currencyCode(' eur ', { file: 'deals.csv', row: 2, column: 'Deal - Currency' }); // 'EUR'
 */
export function currencyCode(
  value: string | null,
  where: { file: string; row: number; column: string },
): string | null {
  const text = value?.trim() ?? '';
  if (text === '') return null;
  if (CURRENCY_CODES.has(text.toUpperCase())) return text.toUpperCase();
  const symbol = SYMBOLS.find(([s]) => s.toLowerCase() === text.toLowerCase());
  if (symbol !== undefined && symbol[1] !== null && symbol[1] !== '$') return symbol[1];
  throw new DataError(`"${text}" is not an ISO 4217 currency code (USD, EUR, GBP, SEK …)`, where);
}

/** The study's money: its reporting currency and the rates into it. */
export interface FxRates {
  /** The reporting currency (ISO code). Default `USD`. */
  currency: string;
  /** Units of the reporting currency per unit of each other currency, e.g. `{ "EUR": 1.08 }` for a USD study. */
  rates: Readonly<Record<string, number>>;
}

/** Where a money column's currencies and rates come from (the column's own values aside). */
export interface MoneySource {
  file: string;
  column: string;
  fx: FxRates;
  /** The currency column's values, one per row, and its name. */
  currencies?: { column: string; values: readonly (string | null)[] };
  /** A rate column (into the reporting currency), one per row, and its name. */
  rates?: { column: string; values: readonly (string | null)[] };
  /** The currency of amounts that name none (default: the reporting currency), and the key that sets it. */
  currency?: string | null;
  option: string;
}

/** How one currency of a column was converted. */
export interface CurrencyUse {
  currency: string;
  rows: number;
  /** Total in the currency itself. */
  amount: number;
  /** Total in the reporting currency. */
  converted: number;
  /** `config` (fx), `file` (the rate column) or `reporting` (no conversion). */
  source: 'config' | 'file' | 'reporting';
  /** The config's rate (null when the file's rates or no conversion were used). */
  rate: number | null;
}

/** A money column in the reporting currency, and how each currency was converted. */
export interface MoneyColumn {
  values: Float64Array;
  currencies: CurrencyUse[];
  /** Each value's currency (null when blank) and amount in it, before conversion. */
  read: { currency: (string | null)[]; amount: Float64Array };
}

type Where = { file: string; row: number; column: string };

function rowCurrency(
  split: CurrencySplit,
  listed: string | null,
  fallback: string,
  where: Where,
  option: string,
) {
  if (split.ambiguous !== null && listed === null)
    throw new DataError(
      `"${split.ambiguous}" may stand for several currencies; add a currency column or set ${option}`,
      where,
    );
  const written = split.currency === '$' ? null : split.currency;
  if (listed !== null && written !== null && listed !== written)
    throw new DataError(`the value says ${written} but the currency column says ${listed}`, where);
  if (listed !== null && split.currency === '$' && !DOLLARS.has(listed))
    throw new DataError(`the value has a "$" but the currency column says ${listed}`, where);
  const currency = listed ?? written ?? (split.currency === '$' && !DOLLARS.has(fallback) ? 'USD' : fallback);
  return currency;
}

function rateOf(
  currency: string,
  fileRate: number,
  source: MoneySource,
  where: Where,
): [number, CurrencyUse['source']] {
  const reporting = source.fx.currency;
  if (!Number.isNaN(fileRate)) {
    if (currency === reporting && Math.abs(fileRate - 1) > 1e-9)
      throw new DataError(
        `rate ${fileRate} on a ${reporting} amount: the rate column "${source.rates?.column}" must convert into ${reporting}, the study currency (set "currency" to the file's base currency)`,
        where,
      );
    if (!(fileRate > 0)) throw new DataError(`the exchange rate must be > 0, got ${fileRate}`, where);
    return [fileRate, currency === reporting ? 'reporting' : 'file'];
  }
  if (currency === reporting) return [1, 'reporting'];
  const rate = source.fx.rates[currency];
  if (rate === undefined)
    throw new DataError(
      `an amount in ${currency} but the study has no exchange rate for ${currency}; add "fx": { "${currency}": <${reporting} per 1 ${currency}> } to the study config`,
      where,
    );
  return [rate, 'config'];
}

/**
 * Values given once each for many rows: how many rows hold each, and the data row of its first (for messages).
 *
 * @example
 * readMoneyColumn(['€10', '5'], source, { counts: [120, 3], rows: [1, 7] }); // the currencies count 123 rows
 */
export interface DistinctValues {
  counts: ArrayLike<number>;
  rows: ArrayLike<number>;
}

/**
 * Reads a column of amounts into the reporting currency: each row's currency from the currency column, else the
 * value's symbol or code, else `source.currency`, else the reporting currency; converted with the row's rate
 * column value, else `fx`. One number convention (US or European) for the whole column. A minus sign is kept
 * (credit memos); blanks are NaN.
 *
 * @example
 * readMoneyColumn(['€1.000,00', '500'], { file: 'deals.csv', column: 'Value', option: 'currency',
 *   fx: { currency: 'USD', rates: { EUR: 1.1 } } }).values; // Float64Array [1100, 500]
 */
export function readMoneyColumn(
  values: readonly (string | null)[],
  source: MoneySource,
  distinct?: DistinctValues,
): MoneyColumn {
  const splits = values.map((v) => (v === null || v.trim() === '' ? null : splitCurrency(v)));
  const times = (i: number) => distinct?.counts[i] ?? 1;
  const { convention } = detectNumberConvention(splits.map((s) => s?.amount.replace(/^-/, '') ?? null));
  const fallback = source.currency ?? source.fx.currency;
  const uses = new Map<string, CurrencyUse>();
  const out = new Float64Array(values.length);
  const read = {
    currency: new Array<string | null>(values.length).fill(null),
    amount: new Float64Array(values.length).fill(Number.NaN),
  };
  splits.forEach((split, i) => {
    const where = { file: source.file, row: distinct?.rows[i] ?? i + 1, column: source.column };
    if (split === null) return void (out[i] = Number.NaN);
    const negative = split.amount.startsWith('-');
    const parsed = parseRevenue(negative ? split.amount.slice(1) : split.amount, convention);
    if (parsed.status === 'missing') return void (out[i] = Number.NaN);
    if (parsed.status === 'invalid')
      throw new DataError(`"${values[i]}" is not an amount (${parsed.reason})`, where);
    const listed = source.currencies
      ? currencyCode(source.currencies.values[i] ?? null, { ...where, column: source.currencies.column })
      : null;
    const currency = rowCurrency(split, listed, fallback, where, source.option);
    const fileRate = source.rates ? rateValue(source.rates, i, where) : Number.NaN;
    const [rate, from] = rateOf(currency, fileRate, source, where);
    const amount = negative ? -parsed.value : parsed.value;
    out[i] = amount * rate;
    read.currency[i] = currency;
    read.amount[i] = amount;
    const use = uses.get(currency) ?? {
      currency,
      rows: 0,
      amount: 0,
      converted: 0,
      source: from,
      rate: from === 'config' ? rate : null,
    };
    use.rows += times(i);
    use.amount += amount * times(i);
    use.converted += amount * rate * times(i);
    if (from === 'file') {
      use.source = 'file';
      use.rate = null;
    }
    uses.set(currency, use);
  });
  return { values: out, currencies: sortedUses(uses.values()), read };
}

/**
 * Currencies by converted amount, the largest first.
 *
 * @example
 * sortedUses([eur, usd]).map((u) => u.currency); // ['USD', 'EUR'] when more was converted from dollars
 */
export function sortedUses(uses: Iterable<CurrencyUse>): CurrencyUse[] {
  return [...uses].sort((a, b) => b.converted - a.converted);
}

function rateValue(
  rates: NonNullable<MoneySource['rates']>,
  i: number,
  where: { file: string; row: number },
): number {
  const text = rates.values[i]?.trim() ?? '';
  if (text === '') return Number.NaN;
  const value = Number(text.replace(',', '.'));
  if (!Number.isFinite(value))
    throw new DataError(`"${text}" is not an exchange rate`, { ...where, column: rates.column });
  return value;
}
