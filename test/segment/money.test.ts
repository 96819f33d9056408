/**
 * Money with its currency and its window, on hand-written exports of systems the sample generator knows nothing
 * of: Pipedrive organizations + deals of a European team (EUR, SEK, GBP, USD deals naming their organization by
 * name, "1.250.000,00 €" revenue), and Salesforce accounts + NetSuite invoice lines (24 months, credit memos, tax
 * and shipping lines, EUR/GBP lines with an Exchange Rate column, lines with only a website or an ERP name). Each
 * asserts the exact amounts, worked out by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { assembleUniverse, defaultInputMapping } from '../../src/segment/assemble.ts';
import { readMoneyColumn, splitCurrency } from '../../src/cleanse/currency.ts';

const fixture = (path: string) => `test/fixtures/exports/${path}`;
const TODAY = Date.UTC(2026, 11, 2);
const none = { market: null, opportunities: null, spend: null, engagement: null };
const column = (u: Awaited<ReturnType<typeof assembleUniverse>>, name: string) =>
  Array.from(u.frame.numbers(name), (v) => Math.round(v * 100) / 100);

describe('amounts carry their currency', () => {
  it('reads the currency from a symbol or an ISO code before or after the number, a minus sign kept', () => {
    expect(splitCurrency('1.250.000,00 €')).toEqual({
      amount: '1.250.000,00',
      currency: 'EUR',
      ambiguous: null,
    });
    expect(splitCurrency('-USD 1,422.81')).toEqual({ amount: '-1,422.81', currency: 'USD', ambiguous: null });
    expect(splitCurrency('£-30')).toEqual({ amount: '-30', currency: 'GBP', ambiguous: null });
    expect(splitCurrency('12.500 kr')).toEqual({ amount: '12.500', currency: null, ambiguous: 'kr' });
    expect(splitCurrency('1200')).toEqual({ amount: '1200', currency: null, ambiguous: null });
  });

  it('converts with the config rates; a currency without a rate is an error naming it and the key', () => {
    const source = { file: 'deals.csv', column: 'Value', option: 'mapping.opportunities.currency' };
    const read = readMoneyColumn(['€1.000,00', '500', 'SEK 1.000,00'], {
      ...source,
      fx: { currency: 'USD', rates: { EUR: 1.1, SEK: 0.095 } },
    });
    expect(Array.from(read.values)).toEqual([1100, 500, 95]);
    expect(() =>
      readMoneyColumn(['SEK 1.000,00'], { ...source, fx: { currency: 'USD', rates: {} } }),
    ).toThrow(
      /^deals\.csv, row 1, column "Value": an amount in SEK but the study has no exchange rate for SEK; add "fx": \{ "SEK": <USD per 1 SEK> \} to the study config$/,
    );
    expect(() => readMoneyColumn(['12 kr'], { ...source, fx: { currency: 'USD', rates: {} } })).toThrow(
      /"kr" may stand for several currencies; add a currency column or set mapping\.opportunities\.currency/,
    );
  });

  it('a rate column must convert into the study currency: a USD line at 0.92 in a USD study is refused', () => {
    expect(() =>
      readMoneyColumn(['100'], {
        file: 'lines.csv',
        column: 'Amount',
        option: 'x',
        fx: { currency: 'USD', rates: {} },
        currencies: { column: 'Currency', values: ['USD'] },
        rates: { column: 'Exchange Rate', values: ['0.92'] },
      }),
    ).toThrow(/lines\.csv, row 1, column "Amount": rate 0\.92 on a USD amount/);
  });
});

describe('Pipedrive organizations + deals of a European team (EUR study)', () => {
  const inputs = {
    ...none,
    accounts: fixture('pipedrive-eu/organizations.csv'),
    opportunities: fixture('pipedrive-eu/deals.csv'),
  };
  const money = { currency: 'EUR', rates: { GBP: 1.17, SEK: 0.087, USD: 0.92 }, asOf: null };

  it('joins deals by organization name, converts every currency, measures spend back from the last closed deal', async () => {
    const u = await assembleUniverse(inputs, defaultInputMapping(), money, TODAY);
    expect(u.frame.strings('name')).toEqual([
      'Müller GmbH',
      'Nordvik AB',
      'Thames Analytics Ltd',
      'Acme Inc',
      'Lyon Conseil SAS',
    ]);
    // "Mueller GmbH" = "Müller GmbH", "Thames Analytics" = "Thames Analytics Ltd", "Acme Inc." = "Acme Inc";
    // "Unknown Corp" matches nothing.
    expect(u.stats.opportunitiesMatched).toBe(5);
    // The study date is the last *closed* deal's (Nordvik won 2026-03-10), never an open deal's expected close.
    expect(u.money).toMatchObject({ currency: 'EUR', asOf: '2026-03-10', asOfSource: 'latest closed deal' });
    expect(u.money.spendWindow).toEqual({ from: '2025-03-11', to: '2026-03-10' });
    expect(column(u, 'won_amount')).toEqual([48000, 10440, 35100, 0, 0]); // 120,000 SEK × 0.087; 30,000 GBP × 1.17
    expect(column(u, 'open_pipeline')).toEqual([0, 0, 0, 0, 9000]);
    expect(column(u, 'is_customer')).toEqual([1, 1, 1, 0, 0]);
    // Thames won 2025-02-20: outside the 12-month spend window, inside the 36-month customer window: a lapsed
    // customer placed by its yearly average (35,100 / 3 years), not routed as a new logo with 0 spend.
    expect(column(u, 'lapsed')).toEqual([0, 0, 1, 0, 0]);
    expect(column(u, 'current_spend')).toEqual([48000, 10440, 11700, 0, 0]);
    // Revenue in its own currency: 1,250,000 EUR; 850,000 GBP × 1.17; 12,500,000 USD × 0.92.
    expect(column(u, 'annual_revenue')).toEqual([1250000, Number.NaN, 994500, 11500000, Number.NaN]);
    expect(column(u, 'employees')).toEqual([250, 80, 40, 1200, 15]);
    const messages = u.warnings.map((w) => w.message);
    expect(messages).toContain(
      '1 of 6 opportunities were left out: 5 of 6 opportunities matched an account: 0 by id, 0 by website, 5 by name',
    );
    expect(messages).toContain(
      'opportunities amounts converted into EUR: USD ×0.92 (fx), 1 rows; GBP ×1.17 (fx), 1 rows; SEK ×0.087 (fx), 1 rows',
    );
    expect(
      messages.some((m) => m.startsWith('1 customers have no spend in the spend window (column "lapsed")')),
    ).toBe(true);
  });

  it('an engagement file that names companies by name or website joins like the deals', async () => {
    const u = await assembleUniverse(
      { ...inputs, engagement: fixture('pipedrive-eu/engagement.csv') },
      defaultInputMapping(),
      money,
      TODAY,
    );
    expect(Array.from(u.frame.numbers('Website visits (90 days)'))).toEqual([42, 5, 0, 0, 0]);
    expect(Array.from(u.frame.numbers('has_engagement'))).toEqual([1, 1, 1, 0, 0]);
    expect(u.engagementSignals).toEqual(['Website visits (90 days)', 'Email opens (90 days)']);
    expect(u.warnings.map((w) => w.message)).toContain(
      '3 of 4 engagement rows matched an account: 0 by id, 1 by website, 2 by name',
    );
  });

  it('without a rate for SEK the study stops, naming the file, row, column and the fx key', async () => {
    await expect(
      assembleUniverse(inputs, defaultInputMapping(), { ...money, rates: { GBP: 1.17, USD: 0.92 } }, TODAY),
    ).rejects.toThrow(
      /deals\.csv, row 2, column "Deal - Value": an amount in SEK but the study has no exchange rate for SEK; add "fx": \{ "SEK": <EUR per 1 SEK> \}/,
    );
  });

  it('lapsedSpend "window" keeps the window spend (0) and says so', async () => {
    const mapping = defaultInputMapping();
    mapping.spend.lapsedSpend = 'window';
    const u = await assembleUniverse(inputs, mapping, money, TODAY);
    expect(column(u, 'current_spend')).toEqual([48000, 10440, 0, 0, 0]);
  });
});

describe('Salesforce accounts + NetSuite invoice lines (USD study)', () => {
  const inputs = {
    ...none,
    accounts: fixture('netsuite/salesforce-accounts.csv'),
    spend: fixture('netsuite/invoice-lines.csv'),
  };
  const money = { currency: 'USD', rates: {}, asOf: null };

  it('counts the trailing 12 months of product lines, nets credit memos, converts at the file rates', async () => {
    const u = await assembleUniverse(inputs, defaultInputMapping(), money, TODAY);
    expect(u.frame.strings('account_id')).toEqual([
      '0015g00000AbCdEAAV',
      '0015g00000AbCdFAAV',
      '0015g00000AbCdGAAV',
      '0015g00000AbCdHAAV',
      '0015g00000AbCdIAAV',
    ]);
    // The last invoice line (Initech, 2026-06-30) is the study date; the window is the 12 months before it.
    expect(u.money).toMatchObject({
      asOf: '2026-06-30',
      asOfSource: 'latest invoice line',
      spendSource: 'invoice lines',
    });
    expect(u.money.spendWindow).toEqual({ from: '2025-07-01', to: '2026-06-30' });
    // Globex: 120,000 − 20,000 credit memo (the 9,600 tax line and the 2024 invoice left out).
    // Globex France, by website only: 50,000 EUR × 1.08 (the freight line left out).
    // Initech, by ERP name "10234 Initech" only: 30,000. Umbrella (15-character id): 40,000 GBP × 1.27.
    // Hooli: only a −5,000 credit memo in the window: flagged, counted as 0.
    expect(column(u, 'current_spend')).toEqual([100000, 54000, 30000, 50800, 0]);
    expect(column(u, 'is_customer')).toEqual([1, 1, 1, 1, 0]);
    const messages = u.warnings.map((w) => w.message);
    expect(messages).toContain(
      '11 of 12 spend rows matched an account: 8 by id, 2 by website, 1 by name; 7,000 of the counted spend belongs to no account and was left out',
    );
    expect(messages).toContain(
      '2 spend rows (10,140) are not product spend and were left out: lines whose "Item Type" contains "tax", "shipping", "shipitem", "freight", "discount", "subtotal", "description", "payment", "markup" (mapping.spend.excludeLineTypes)',
    );
    expect(messages).toContain('3 of 10 dated spend lines fall outside the spend window and were left out');
    expect(messages.some((m) => m.startsWith('1 accounts have more credit memos than invoices'))).toBe(true);
    expect(u.money.conversions).toEqual([
      {
        input: 'spend',
        uses: [
          { currency: 'USD', rows: 8, amount: 263600, converted: 263600, source: 'reporting', rate: null },
          { currency: 'GBP', rows: 2, amount: 80000, converted: 100800, source: 'file', rate: null },
          { currency: 'EUR', rows: 2, amount: 50500, converted: 54540, source: 'file', rate: null },
        ],
      },
    ]);
  });

  it('asOf in the config moves the window: as of 2025-12-31, Initech has no spend yet and Umbrella two invoices', async () => {
    const u = await assembleUniverse(inputs, defaultInputMapping(), { ...money, asOf: '2025-12-31' }, TODAY);
    expect(u.money.spendWindow).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    // Globex 120,000; Umbrella 40,000 × 1.27 + 40,000 × 1.25; Hooli 12,000 − 5,000.
    expect(column(u, 'current_spend')).toEqual([120000, 0, 0, 100800, 7000]);
  });
});
