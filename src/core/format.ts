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

/**
 * An amount in the study's reporting currency, condensed for titles, captions and tables: $950, €12K, £1.2M,
 * SEK 3.4B.
 *
 * @example
 * formatMoney(1_234_567, 'EUR'); // '€1.2M'
 * formatMoney(-950);             // '-$950'
 */
export function formatMoney(value: number, currency = 'USD'): string {
  const abs = Math.abs(value);
  const [div, unit] = abs >= 1e9 ? [1e9, 'B'] : abs >= 1e6 ? [1e6, 'M'] : abs >= 1e3 ? [1e3, 'K'] : [1, ''];
  const scaled = abs / div;
  const digits = scaled >= 100 || unit === '' ? 0 : 1;
  const sign = value < 0 && scaled.toFixed(digits) !== (0).toFixed(digits) ? '-' : '';
  return `${sign}${currencySymbol(currency)}${scaled.toFixed(digits).replace(/\.0$/, '')}${unit}`;
}

/**
 * A Vega expression that writes the amount in `field` like {@link formatMoney}: €950, €12K, €1.2M, €3.4B.
 *
 * @example
 * moneyExpression('datum.value', 'GBP');
 * // "(datum.value < 0 ? '-' : '') + '£' + replace(format(abs(datum.value), '.3~s'), 'G', 'B')"
 */
export function moneyExpression(field: string, currency = 'USD'): string {
  const symbol = currencySymbol(currency).replaceAll('\\', '\\\\').replaceAll("'", "\\'");
  return `(${field} < 0 ? '-' : '') + '${symbol}' + replace(format(abs(${field}), '.3~s'), 'G', 'B')`;
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
