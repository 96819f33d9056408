/**
 * Numbers as people read them in messages and reports.
 */

/**
 * An integer with thousands separators.
 *
 * @example
 * formatCount(20812); // '20,812'
 */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

const CURRENCY_SYMBOLS: Readonly<Record<string, string>> = {
  USD: '$',
  EUR: '€',
  GBP: '£',
  JPY: '¥',
  INR: '₹',
  KRW: '₩',
};

/**
 * The symbol a reporting currency is printed with ($, €, £ …; its code and a space otherwise).
 *
 * @example
 * currencySymbol('EUR'); // '€'
 * currencySymbol('SEK'); // 'SEK '
 */
export function currencySymbol(currency: string): string {
  return CURRENCY_SYMBOLS[currency] ?? `${currency} `;
}

/** Money units, largest first: thousands, millions, billions (K, M, B — never SI's lowercase k or G). */
const MONEY_UNITS: readonly (readonly [number, string])[] = [
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'K'],
];

/**
 * An amount in the study's reporting currency, condensed for titles, captions, tables and chart axes — one rule
 * everywhere: three significant digits, trailing zeros dropped, K / M / B; below a thousand, whole units.
 *
 * @example
 * formatMoney(1_040_000_000);    // '$1.04B'
 * formatMoney(32_900);           // '$32.9K'
 * formatMoney(1_234_567, 'EUR'); // '€1.23M'
 * formatMoney(-950);             // '-$950'
 */
export function formatMoney(value: number, currency = 'USD'): string {
  const abs = Math.abs(value);
  const threeDigits = (x: number) => Number(x.toPrecision(3));
  // The unit of the rounded amount: 999,950 is $1M, not $1000K.
  const [div, unit] = MONEY_UNITS.find(([d]) => threeDigits(abs / d) >= 1) ?? [1, ''];
  const shown = unit === '' ? Math.round(abs) : threeDigits(abs / div);
  const sign = value < 0 && shown !== 0 ? '-' : '';
  return `${sign}${currencySymbol(currency)}${String(shown)}${unit}`;
}

/**
 * A Vega expression that writes the amount in `field` like {@link formatMoney}: €950, €12.3K, €1.23M, €3.4B.
 *
 * @example
 * moneyExpression('datum.value', 'GBP');
 * // "(datum.value <= -0.5 ? '-' : '') + '£' + (abs(datum.value) < 999.5 ? format(abs(datum.value), '.0f') : …)"
 */
export function moneyExpression(field: string, currency = 'USD'): string {
  const symbol = currencySymbol(currency).replaceAll('\\', '\\\\').replaceAll("'", "\\'");
  const abs = `abs(${field})`;
  const condensed = `replace(replace(format(${abs}, '.3~s'), 'k', 'K'), 'G', 'B')`;
  return `(${field} <= -0.5 ? '-' : '') + '${symbol}' + (${abs} < 999.5 ? format(${abs}, '.0f') : ${condensed})`;
}

/** Characters XML 1.0 forbids (C0 controls but tab, newline and return; U+FFFE, U+FFFF) and lone surrogates. */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text safe to put in an XML-based file (xlsx, pptx, SVG): the characters XML 1.0 forbids become U+FFFD, so a
 * name pasted with a control character never corrupts the workbook or the deck.
 *
 * @example
 * xmlText('Acme\u0001 Inc'); // 'Acme\uFFFD Inc'
 */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, '\uFFFD');
}
