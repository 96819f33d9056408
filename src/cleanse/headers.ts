/**
 * Maps the column headers of CRM and firmographic exports (Salesforce Account exports, HubSpot,
 * Dynamics, ZoomInfo-style files, and German, French and Spanish localized labels) to the canonical schema.
 */
import { DataError } from '../core/errors.ts';
import { headerKey } from '../data/schema.ts';
import { headerUnit } from './units.ts';

export { headerKey } from '../data/schema.ts';

/** The canonical account columns written by `segment clean`, in output order. */
export const CANONICAL_COLUMNS = [
  'account_id',
  'name',
  'domain',
  'industry',
  'country',
  'region',
  'employees',
  'annual_revenue',
] as const;

/** One canonical account column. */
export type CanonicalColumn = (typeof CANONICAL_COLUMNS)[number];

/** Header spellings per canonical column, most specific first (compared lower-case, letters and digits only). */
export const HEADER_ALIASES: Readonly<Record<CanonicalColumn, readonly string[]>> = {
  account_id: [
    'account_id',
    'accountid',
    'account id',
    'id',
    'account record id',
    'record id',
    'sfdc id',
    'salesforce id',
    'crm id',
    'company id',
    'companyid',
    'record_id',
    'account number',
    'accountnumber',
    'account_number',
    'hubspot company id',
    // Dynamics 365 exports carry the account GUID as "(Do Not Modify) Account"; ZoomInfo and Pipedrive their own ids.
    '(do not modify) account',
    'zoominfo company id',
    'organization id',
    'organization - id',
    'customer id',
    'customerid',
    'kunden-id',
    'kundennummer',
    'account-id',
    'id du compte',
    'id de cuenta',
  ],
  name: [
    'name',
    'account name',
    'organization - name',
    'accountname',
    'account_name',
    'company name',
    'business name',
    'company',
    'companyname',
    'company_name',
    'organization',
    'organisation',
    'organization name',
    'customer name',
    'account',
    'legal name',
    'firmenname',
    'firma',
    'unternehmen',
    'unternehmensname',
    'nom du compte',
    'raison sociale',
    'societe',
    'nom de l entreprise',
    'nombre de la cuenta',
    'empresa',
  ],
  domain: [
    'domain',
    'website',
    'organization - website',
    'web site',
    'company website',
    'company domain',
    'company domain name',
    'url',
    'website url',
    'homepage',
    'web address',
    'site',
    'email domain',
    'webseite',
    'site web',
    'site internet',
    'sitio web',
    'pagina web',
  ],
  industry: [
    'industry',
    'industry name',
    'primary industry',
    'sector',
    'vertical',
    'industry category',
    'naics',
    'naics sector',
    'naics code',
    'industry_category',
    'branche',
    'secteur',
    'secteur d activite',
    'industria',
  ],
  country: [
    'country',
    // Dynamics 365: "Address 1: Country/Region".
    'address 1: country/region',
    // Pipedrive: "Organization - Address - Country" (the record prefix is stripped first).
    'address - country',
    'address country',
    'country/region',
    'billingcountry',
    'billing country',
    'billing_country',
    'billingcountrycode',
    'billing country code',
    'country code',
    'country_code',
    'hq country',
    'headquarters country',
    'company country',
    'country region',
    'shippingcountry',
    'shipping country',
    'mailing country',
    'land',
    'rechnungsland',
    'pays',
    'pays de facturation',
    'pais',
    'pais de facturacion',
  ],
  region: ['region', 'sales region', 'geo', 'geography', 'territory region', 'theater', 'theatre'],
  employees: [
    'employees',
    '# employees',
    'employees (all sites)',
    'numberofemployees',
    'number of employees',
    'number_of_employees',
    'employee count',
    'employee_count',
    'employeecount',
    'no of employees',
    'num employees',
    'headcount',
    'head count',
    'staff',
    'company size',
    'size',
    'employees total',
    'total employees',
    'mitarbeiter',
    'anzahl mitarbeiter',
    'mitarbeiterzahl',
    'employes',
    'nombre d employes',
    'effectif',
    'empleados',
    'numero de empleados',
  ],
  annual_revenue: [
    'annual_revenue',
    'sales (us$)',
    'annualrevenue',
    'annual revenue',
    'revenue',
    'annual revenue usd',
    'revenue usd',
    'revenue_usd',
    'annual_revenue_usd',
    'total revenue',
    'turnover',
    'sales revenue',
    'yearly revenue',
    'umsatz',
    'jahresumsatz',
    'chiffre d affaires',
    'ca annuel',
    'ingresos',
    'ingresos anuales',
  ],
};

/** Words that suggest a header is meant as a canonical column the aliases did not recognize. */
const HINTS: Readonly<Partial<Record<CanonicalColumn, readonly string[]>>> = {
  domain: ['website', 'domain', 'url', 'homepage'],
  industry: ['industry', 'sector', 'naics', 'sic', 'vertical'],
  country: ['country', 'nation'],
  employees: ['employee', 'staff', 'headcount', 'fte', 'workforce'],
  annual_revenue: ['revenue', 'turnover', 'sales'],
};

/**
 * For each canonical column no header fed, the passed-through header that looks most like it (its words), so
 * an unrecognized header is reported with what it probably is.
 *
 * @example
 * closestUnmapped(['Company', 'Staff Count'], { name: 'Company' }); // [{ column: 'employees', header: 'Staff Count' }]
 */
export function closestUnmapped(
  passthrough: readonly string[],
  source: Partial<Record<CanonicalColumn, string>>,
): { column: CanonicalColumn; header: string }[] {
  const out: { column: CanonicalColumn; header: string }[] = [];
  for (const [column, words] of Object.entries(HINTS) as [CanonicalColumn, readonly string[]][]) {
    if (source[column] !== undefined) continue;
    const header = passthrough.find((h) => words.some((w) => headerKey(h).includes(w)));
    if (header !== undefined) out.push({ column, header });
  }
  return out;
}

/** Canonical columns a file must provide for `segment clean`. */
export const REQUIRED_COLUMNS: readonly CanonicalColumn[] = ['name'];

/** Result of {@link mapHeaders}. */
export interface HeaderMapping {
  /** Raw header → canonical column, for the columns that map. */
  mapping: Record<string, CanonicalColumn>;
  /** Canonical column → raw header. */
  source: Partial<Record<CanonicalColumn, string>>;
  /** Raw headers kept as they are (not canonical). */
  passthrough: string[];
}

/**
 * Decides which raw header feeds each canonical column. When several headers could feed the same
 * column (e.g. "Billing Country" and "Shipping Country"), the earlier alias in {@link HEADER_ALIASES}
 * wins and the other is passed through unchanged. Throws a {@link DataError} naming the file when a
 * required column ({@link REQUIRED_COLUMNS}) has no header.
 *
 * @example
 * mapHeaders(['Id', 'Account Name', 'Website', 'BillingCountry', 'Owner']).mapping;
 * // { Id: 'account_id', 'Account Name': 'name', Website: 'domain', BillingCountry: 'country' }
 * mapHeaders(['Record ID', 'Company name'], 'c.csv', { account_id: 'Record ID' }).source.account_id; // 'Record ID'
 */
export function mapHeaders(
  headers: readonly string[],
  file?: string,
  explicit: Partial<Record<CanonicalColumn, string>> = {},
): HeaderMapping {
  const byKey = new Map<string, string>();
  for (const h of headers) if (!byKey.has(headerKey(h))) byKey.set(headerKey(h), h);
  // A header with a unit ("Revenue (in 000s USD)") also answers to its name without the unit, and one with an
  // export's record prefix ("Organization - Number of employees", Pipedrive) to its name without the prefix.
  for (const h of headers) {
    const key = headerKey(headerUnit(h).base);
    if (!byKey.has(key)) byKey.set(key, h);
  }
  for (const h of headers) {
    const bare = /^(organization|organisation|company|account)\s+-\s+(.+)$/i.exec(h.trim())?.[2];
    if (bare !== undefined && !byKey.has(headerKey(bare))) byKey.set(headerKey(bare), h);
  }
  const mapping: Record<string, CanonicalColumn> = {};
  const source: Partial<Record<CanonicalColumn, string>> = {};
  const taken = new Set<string>();
  for (const [column, header] of Object.entries(explicit) as [CanonicalColumn, string][]) {
    if (!headers.includes(header))
      throw new DataError(
        `columns.${column} names column "${header}", which the file does not have (columns are ${headers.map((h) => `"${h}"`).join(', ')})`,
        file === undefined ? {} : { file, line: 1 },
      );
    mapping[header] = column;
    source[column] = header;
    taken.add(header);
  }
  for (const column of CANONICAL_COLUMNS) {
    if (source[column] !== undefined) continue;
    for (const alias of HEADER_ALIASES[column]) {
      const raw = byKey.get(headerKey(alias));
      if (raw !== undefined && !taken.has(raw)) {
        mapping[raw] = column;
        source[column] = raw;
        taken.add(raw);
        break;
      }
    }
  }
  for (const required of REQUIRED_COLUMNS) {
    if (source[required] === undefined) {
      const accepted = HEADER_ALIASES[required]
        .slice(0, 6)
        .map((a) => `"${a}"`)
        .join(', ');
      // A one-column "header" is usually not a table at all: never echo a line of a file that is not data.
      const found =
        headers.length > 1
          ? `found ${headers.map((h) => `"${h}"`).join(', ')}`
          : 'the first line has no delimiter: is this a CSV or TSV file with a header row?';
      throw new DataError(
        `no column for the account ${required}; expected a header such as ${accepted} (${found})`,
        file === undefined ? {} : { file, line: 1 },
      );
    }
  }
  return { mapping, source, passthrough: headers.filter((h) => !taken.has(h)) };
}
