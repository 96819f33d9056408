/**
 * The role of every column of the universe, decided once where the column comes from, so that no model ever
 * learns from the wrong kind of column:
 *
 * - `firmographic` and `technographic`: who the account is — the only columns automatic fit features come from;
 * - `engagement`: what the account does with us (visits, clicks, downloads, intent) — the second axis of the
 *   fit × engagement grid, never a fit feature (customers visit more because they are customers);
 * - `outcome`: results of being a customer or of the CRM process (won deals, spend, lifecycle, type, owner,
 *   stage, rating) — never a feature;
 * - `identifier`: ids and codes (D-U-N-S, SIC/NAICS, phone, postal code, ticker) — never a number.
 *
 * A column's source decides first (the engagement file's columns are engagement, technology indicators are
 * technographic, the study's own columns are outcomes); then its header; a config (`roles`) overrides any.
 */
import { ConfigError } from '../core/errors.ts';
import { foldText } from '../cleanse/fold-text.ts';

/** What a column is, for the models. */
export type ColumnRole = 'firmographic' | 'technographic' | 'engagement' | 'outcome' | 'identifier';

/** Every role, in the order reports list them. */
export const COLUMN_ROLES: readonly ColumnRole[] = [
  'firmographic',
  'technographic',
  'engagement',
  'outcome',
  'identifier',
];

/** Where a universe column came from. */
export type ColumnSource = 'accounts' | 'market' | 'engagement' | 'technologies' | 'study';

/** A column's role, where it came from and why it has that role. */
export interface ColumnRoleRecord {
  role: ColumnRole;
  source: ColumnSource;
  /** Why: "engagement file", "header names an identifier", "config roles" … */
  reason: string;
}

const IDENTIFIER = [
  /(^|_)(id|ids|uuid|guid|key|zip|zipcode|postal|postcode|phone|fax|telephone|code|codes|naics|sic|duns|ein|vat|ticker|isin|lei|cik|siren|siret)(_|$)/,
  /d_?u_?n_?s/,
  /(registration|company|account|record|tax|vat|duns|phone)_(number|no)$/,
];
const OUTCOME = [
  /(^|_)(won|lost|wins|deal|deals|opportunity|opportunities|pipeline|stage|lifecycle|status|label|type|owner|spend|bookings|arr|mrr|acv|tcv|renewal|churn|churned|customer|customers|closed|rating|tier|priority|contract|invoice|invoiced|billing|subscription|nps|csat|health)(_|$)/,
  /^(is|has|was)_/,
  /(^|_)lead_source(_|$)/,
];
const ENGAGEMENT = [
  /(^|_)(visit|visits|visitor|visitors|pageview|pageviews|page_views|views|session|sessions|click|clicks|open|opens|email|emails|download|downloads|content|intent|engagement|engaged|webinar|webinars|event|events|meeting|meetings|call|calls|activity|activities|touch|touches|surge|trial|trials|signup|signups|login|logins|usage|mql|mqls|form|forms|chat|chats|impression|impressions|ad|ads|bombora|g2|demo|demos|replies|responses)(_|$)/,
  /(^|_)(last|days_since)_/,
  /(^|_)lead_(score|grade)(_|$)/,
];

/** A header as words joined by "_": "Global Ultimate D-U-N-S" → "global_ultimate_d_u_n_s". */
function words(header: string): string {
  return foldText(header.replace(/([a-z])([A-Z])/g, '$1 $2')).replaceAll(' ', '_');
}

/**
 * The role a header's words give a column, or null when they say nothing (the source's default applies).
 *
 * @example
 * roleOfHeader('Global Ultimate D-U-N-S'); // 'identifier'
 * roleOfHeader('web_visits_90d');          // 'engagement'
 * roleOfHeader('Account Rating');          // 'outcome'
 * roleOfHeader('Founded Year');            // null
 */
export function roleOfHeader(header: string): ColumnRole | null {
  const w = words(header);
  if (IDENTIFIER.some((p) => p.test(w))) return 'identifier';
  if (OUTCOME.some((p) => p.test(w))) return 'outcome';
  if (ENGAGEMENT.some((p) => p.test(w))) return 'engagement';
  return null;
}

/** The role of a column of one source (before any config override). */
function roleOf(column: string, source: ColumnSource): ColumnRoleRecord {
  if (source === 'study')
    return { role: 'outcome', source, reason: 'computed by the study from deals or spend' };
  if (source === 'engagement') return { role: 'engagement', source, reason: 'engagement file' };
  if (source === 'technologies')
    return { role: 'technographic', source, reason: 'a technology of the technologies list' };
  const byHeader = roleOfHeader(column);
  if (byHeader !== null) return { role: byHeader, source, reason: `the header names ${article(byHeader)}` };
  return { role: 'firmographic', source, reason: `a column of the ${source} file` };
}

const article = (role: ColumnRole) =>
  ({
    firmographic: 'a firmographic',
    technographic: 'a technology',
    engagement: 'an activity',
    outcome: 'a CRM process field or an outcome',
    identifier: 'an identifier or a code',
  })[role];

/**
 * The role of every column, by source, header and the config's overrides (`roles`, column → role). An override
 * naming a column the data does not have, or a role that does not exist, is an error naming the key.
 *
 * @example
 * columnRoles({ accounts: ['Account Rating'], engagement: ['web_visits_90d'] }, { 'web_visits_90d': 'firmographic' });
 * // { 'Account Rating': { role: 'outcome', … }, web_visits_90d: { role: 'firmographic', source: 'engagement', reason: 'config roles' } }
 */
export function columnRoles(
  sources: Partial<Record<ColumnSource, readonly string[]>>,
  overrides: Readonly<Record<string, string>> = {},
): Record<string, ColumnRoleRecord> {
  const roles: Record<string, ColumnRoleRecord> = {};
  for (const [source, columns] of Object.entries(sources) as [ColumnSource, readonly string[]][])
    for (const column of columns) roles[column] ??= roleOf(column, source);
  for (const [column, role] of Object.entries(overrides)) {
    const record = roles[column];
    if (record === undefined)
      throw new ConfigError(
        `roles names "${column}", which the data does not have (columns: ${Object.keys(roles).join(', ')})`,
      );
    if (!COLUMN_ROLES.includes(role as ColumnRole))
      throw new ConfigError(`roles.${column}="${role}" must be one of ${COLUMN_ROLES.join(', ')}`);
    roles[column] = { role: role as ColumnRole, source: record.source, reason: 'config roles' };
  }
  return roles;
}

/** True for the roles automatic fit features are chosen from. */
export const isFitRole = (role: ColumnRole | undefined): boolean =>
  role === 'firmographic' || role === 'technographic';
