/**
 * The account columns a study adds, declared once: name, type, unit, the step that produces it, its rounding in
 * `segments.csv`, when it is written, its field name in each CRM, its workbook column and what it means.
 * `segments.csv` (after the canonical firmographics and the models' numeric inputs), the CRM exports, the
 * workbook's account sheets, the scoring SQL's output and `docs/outputs.md` all derive from this list, in its
 * order. Adding a column is one entry here plus the step that computes it.
 */

/** The CRMs whose import conventions the export can follow. */
export const CRM_SYSTEMS = ['salesforce', 'hubspot', 'dynamics'] as const;
export type CrmSystem = (typeof CRM_SYSTEMS)[number];

/** What a column's values are: text, a number, or a 0/1 flag. */
export type ColumnKind = 'text' | 'number' | 'flag';

/** What a number measures: money is in the study's reporting currency over its spend window. */
export type ColumnUnit = 'money' | 'probability' | 'score' | 'count' | 'touches per month';

/** When a column is written: always, or only when the study has what it needs. */
export type ColumnCondition =
  /** Every run. */
  | 'always'
  /** When the study keeps current owners (`territories.currentOwner`). */
  | 'current owners'
  /** When the spend input has product lines (then also one column per line). */
  | 'product lines'
  /** When the study has a hierarchy (`hierarchy.parentColumn`). */
  | 'hierarchy'
  /** When some account has no usable size, so its potential comes from its industry's customers. */
  | 'potential basis';

/** The producing steps of the study, by name. */
export type ProducingStep =
  | 'assemble'
  | 'lookalike'
  | 'engagement'
  | 'tiers'
  | 'sizeSegments'
  | 'personas'
  | 'spend'
  | 'value'
  | 'road'
  | 'hierarchy'
  | 'coverage'
  | 'routing';

/** The column of the workbook's account sheets: its header, width and number format. */
export interface SheetColumn {
  header: string;
  width: number;
  /** An Excel number format, or 'money' for the study currency's format. */
  format?: '0.0' | 'money';
}

/** One account column of the study's outputs. */
export interface AccountColumn {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly unit?: ColumnUnit;
  readonly step: ProducingStep;
  /** Digits the value is rounded to in `segments.csv` (absent: written as computed). */
  readonly digits?: number;
  readonly when: ColumnCondition;
  /** True when the scoring SQL (`segment sql`, `--engine duckdb`) computes it. */
  readonly sql?: true;
  /** The field each CRM imports it into (absent: not exported). */
  readonly crm?: Readonly<Record<CrmSystem, string>>;
  /** Its column on the workbook's account sheets (absent: not on them). */
  readonly sheet?: SheetColumn;
  readonly description: string;
}

/**
 * The canonical account columns, first in every output (mapped from each CRM's and vendor's headers and cleansed;
 * the same names as `CANONICAL_COLUMNS`, in its order).
 */
export const FIRMOGRAPHIC_COLUMNS: readonly AccountColumn[] = [
  {
    name: 'account_id',
    kind: 'text',
    step: 'assemble',
    when: 'always',
    crm: { salesforce: 'Id', hubspot: 'Record ID', dynamics: 'accountid' },
    sheet: { header: 'Account ID', width: 20 },
    description: "the CRM's own record id, kept as text (leading zeros and all)",
  },
  {
    name: 'name',
    kind: 'text',
    step: 'assemble',
    when: 'always',
    crm: { salesforce: 'Name', hubspot: 'Company name', dynamics: 'name' },
    sheet: { header: 'Account', width: 34 },
    description: 'the company name as the CRM has it',
  },
  {
    name: 'domain',
    kind: 'text',
    step: 'assemble',
    when: 'always',
    sheet: { header: 'Domain', width: 24 },
    description: 'the website, normalized to its registrable domain',
  },
  {
    name: 'industry',
    kind: 'text',
    step: 'assemble',
    when: 'always',
    sheet: { header: 'Industry', width: 24 },
    description: 'the canonical industry the raw value maps to',
  },
  {
    name: 'country',
    kind: 'text',
    step: 'assemble',
    when: 'always',
    sheet: { header: 'Country', width: 9 },
    description: 'ISO 3166 alpha-2 country code',
  },
  {
    name: 'region',
    kind: 'text',
    step: 'assemble',
    when: 'always',
    description: 'the sales region of the country (NA, EMEA, APAC, LATAM)',
  },
  {
    name: 'employees',
    kind: 'number',
    unit: 'count',
    step: 'assemble',
    when: 'always',
    description: 'employees, from the CRM or the market file ("1.2K", "51-200" and the like read as numbers)',
  },
  {
    name: 'annual_revenue',
    kind: 'number',
    unit: 'money',
    step: 'assemble',
    when: 'always',
    description: 'annual revenue, converted into the study currency',
  },
];

/** The columns the study adds, in `segments.csv` order. */
export const ACCOUNT_COLUMNS: readonly AccountColumn[] = [
  {
    name: 'is_customer',
    kind: 'flag',
    step: 'assemble',
    when: 'always',
    description:
      '1 for a customer: a won deal in the customer window or spend in the spend window; never a prospect',
  },
  {
    name: 'probability',
    kind: 'number',
    unit: 'probability',
    step: 'lookalike',
    digits: 6,
    when: 'always',
    sql: true,
    description: "the lookalike model's probability that the account looks like a won customer",
  },
  {
    name: 'fit_score',
    kind: 'number',
    unit: 'score',
    step: 'lookalike',
    when: 'always',
    sql: true,
    crm: { salesforce: 'Segment_Score__c', hubspot: 'segment_score', dynamics: 'new_segmentscore' },
    sheet: { header: 'Fit score', width: 10, format: '0.0' },
    description: "0–100: the account's percentile of the lookalike probability",
  },
  {
    name: 'fit_reasons',
    kind: 'text',
    step: 'lookalike',
    when: 'always',
    crm: { salesforce: 'Fit_Reasons__c', hubspot: 'fit_reasons', dynamics: 'new_fitreasons' },
    sheet: { header: 'Why this fit', width: 60 },
    description: 'the top three positive and two negative drivers of the fit score, in words',
  },
  {
    name: 'engagement_score',
    kind: 'number',
    unit: 'score',
    step: 'engagement',
    when: 'always',
    crm: {
      salesforce: 'Engagement_Score__c',
      hubspot: 'engagement_score',
      dynamics: 'new_engagementscore',
    },
    description: "0–100 from the engagement file's signals, decayed by age; empty = no signal, never zero",
  },
  {
    name: 'priority_cell',
    kind: 'text',
    step: 'engagement',
    when: 'always',
    crm: { salesforce: 'Priority_Cell__c', hubspot: 'priority_cell', dynamics: 'new_prioritycell' },
    description: 'fit quartile A–D × engagement quartile 1–4 ("A–" without a signal)',
  },
  {
    name: 'tier',
    kind: 'text',
    step: 'tiers',
    when: 'always',
    sql: true,
    crm: { salesforce: 'Segment_Tier__c', hubspot: 'segment_tier', dynamics: 'new_segmenttier' },
    sheet: { header: 'Tier', width: 7 },
    description: 'priority tier P0–P5 from the tier rules',
  },
  {
    name: 'monthly_touches',
    kind: 'number',
    unit: 'touches per month',
    step: 'tiers',
    when: 'always',
    sql: true,
    crm: {
      salesforce: 'Monthly_Touch_Target__c',
      hubspot: 'monthly_touch_target',
      dynamics: 'new_monthlytouchtarget',
    },
    sheet: { header: 'Touches / month', width: 9 },
    description: "the tier's sales touches per month",
  },
  {
    name: 'size_segment',
    kind: 'text',
    step: 'sizeSegments',
    when: 'always',
    sql: true,
    crm: { salesforce: 'Size_Segment__c', hubspot: 'size_segment', dynamics: 'new_sizesegment' },
    sheet: { header: 'Size', width: 12 },
    description: 'Enterprise, Mid-Market or SMB by employees and revenue',
  },
  {
    name: 'industry_priority',
    kind: 'text',
    step: 'tiers',
    when: 'always',
    sql: true,
    crm: {
      salesforce: 'Industry_Priority__c',
      hubspot: 'industry_priority',
      dynamics: 'new_industrypriority',
    },
    description: "High, Medium or Low from the industry's lift among customers",
  },
  {
    name: 'cluster',
    kind: 'number',
    step: 'personas',
    when: 'always',
    sql: true,
    crm: { salesforce: 'Persona_Cluster__c', hubspot: 'persona_cluster', dynamics: 'new_personacluster' },
    description: 'the k-means persona (0 … k−1) the account is nearest to',
  },
  {
    name: 'current_spend',
    kind: 'number',
    unit: 'money',
    step: 'assemble',
    when: 'always',
    sheet: { header: 'Current spend', width: 15, format: 'money' },
    description: 'spend in the spend window, converted into the study currency',
  },
  {
    name: 'lapsed',
    kind: 'flag',
    step: 'assemble',
    when: 'always',
    description:
      '1 for a customer with no spend in the spend window (placed by its average spend a year when spend comes from deals or invoice lines)',
  },
  {
    name: 'won_deals',
    kind: 'number',
    unit: 'count',
    step: 'assemble',
    when: 'always',
    description: 'won deals in the customer window (what a later backtest measures against)',
  },
  {
    name: 'won_amount',
    kind: 'number',
    unit: 'money',
    step: 'assemble',
    when: 'always',
    description: 'the amount of those won deals, in the study currency',
  },
  {
    name: 'open_pipeline',
    kind: 'number',
    unit: 'money',
    step: 'assemble',
    when: 'always',
    description: 'the amount of open deals, in the study currency',
  },
  {
    name: 'spend_potential',
    kind: 'number',
    unit: 'money',
    step: 'spend',
    digits: 2,
    when: 'always',
    sql: true,
    crm: { salesforce: 'Spend_Potential__c', hubspot: 'spend_potential', dynamics: 'new_spendpotential' },
    sheet: { header: 'Spend potential', width: 16, format: 'money' },
    description: 'what the account could spend a year (the spend model, from its size and industry)',
  },
  {
    name: 'whitespace',
    kind: 'number',
    unit: 'money',
    step: 'spend',
    digits: 2,
    when: 'always',
    sql: true,
    crm: { salesforce: 'Whitespace__c', hubspot: 'whitespace', dynamics: 'new_whitespace' },
    sheet: { header: 'Whitespace', width: 15, format: 'money' },
    description: 'spend potential minus current spend (never below zero)',
  },
  {
    name: 'p_alive',
    kind: 'number',
    unit: 'probability',
    step: 'value',
    digits: 4,
    when: 'always',
    description: 'the probability a customer still buys (BG/NBD on its won deals); empty for prospects',
  },
  {
    name: 'expected_purchases',
    kind: 'number',
    unit: 'count',
    step: 'value',
    digits: 3,
    when: 'always',
    description: 'won deals expected over value.horizonMonths (BG/NBD); empty for prospects',
  },
  {
    name: 'expected_value',
    kind: 'number',
    unit: 'money',
    step: 'value',
    digits: 2,
    when: 'always',
    crm: { salesforce: 'Expected_Value__c', hubspot: 'expected_value', dynamics: 'new_expectedvalue' },
    description:
      'the value of those deals (Gamma-Gamma), discounted at value.discountRate a year; empty for prospects',
  },
  {
    name: 'renewal_risk',
    kind: 'number',
    unit: 'probability',
    step: 'value',
    digits: 4,
    when: 'always',
    crm: { salesforce: 'Renewal_Risk__c', hubspot: 'renewal_risk', dynamics: 'new_renewalrisk' },
    description:
      'the chance an active subscriber does not renew at the end of its billing period (shifted-beta-geometric on invoice lines billed at a regular interval); empty for others',
  },
  {
    name: 'opportunity',
    kind: 'number',
    unit: 'money',
    step: 'road',
    digits: 2,
    when: 'always',
    sql: true,
    sheet: { header: 'Opportunity', width: 15, format: 'money' },
    description: 'whitespace weighted by the fit probability: the ROAD opportunity axis',
  },
  {
    name: 'road_quadrant',
    kind: 'text',
    step: 'road',
    when: 'always',
    sql: true,
    crm: { salesforce: 'ROAD_Quadrant__c', hubspot: 'road_quadrant', dynamics: 'new_roadquadrant' },
    sheet: { header: 'Quadrant', width: 14 },
    description: 'Retain, Opportunistic, Acquire or Develop (spend × opportunity)',
  },
  {
    name: 'motion',
    kind: 'text',
    step: 'road',
    when: 'always',
    sql: true,
    crm: {
      salesforce: 'Recommended_Motion__c',
      hubspot: 'recommended_motion',
      dynamics: 'new_recommendedmotion',
    },
    sheet: { header: 'Motion', width: 30 },
    description: "the quadrant's sales motion (a customer is never worked as a new logo)",
  },
  {
    name: 'owner',
    kind: 'text',
    step: 'coverage',
    when: 'always',
    crm: {
      salesforce: 'Assigned_Owner__c',
      hubspot: 'segment_assigned_owner',
      dynamics: 'new_assignedowner',
    },
    sheet: { header: 'Owner', width: 22 },
    description: 'the named rep or pool the territory plan assigns (a rep name, not a CRM user id)',
  },
  {
    name: 'queue',
    kind: 'text',
    step: 'routing',
    when: 'always',
    sql: true,
    crm: { salesforce: 'Routing_Queue__c', hubspot: 'routing_queue', dynamics: 'new_routingqueue' },
    sheet: { header: 'New-lead queue', width: 26 },
    description:
      "the routing queue of the first rule the account matches: where the account's new leads go (its owner is the territory's)",
  },
  {
    name: 'queue_rep',
    kind: 'text',
    step: 'routing',
    when: 'always',
    description:
      "the queue's rep, round-robin within the queue, who takes the account's new leads (segments.csv only: the account's one owner is `owner`)",
  },
  {
    name: 'potential_basis',
    kind: 'text',
    step: 'spend',
    when: 'potential basis',
    description:
      "where potential came from: size, or the industry's (else all) customers for an account without one",
  },
  {
    name: 'whitespace_new_logo',
    kind: 'number',
    unit: 'money',
    step: 'spend',
    digits: 2,
    when: 'product lines',
    crm: {
      salesforce: 'Whitespace_New_Logo__c',
      hubspot: 'whitespace_new_logo',
      dynamics: 'new_whitespacenewlogo',
    },
    description: 'whitespace of an account that buys nothing yet',
  },
  {
    name: 'whitespace_upsell',
    kind: 'number',
    unit: 'money',
    step: 'spend',
    digits: 2,
    when: 'product lines',
    crm: {
      salesforce: 'Whitespace_Upsell__c',
      hubspot: 'whitespace_upsell',
      dynamics: 'new_whitespaceupsell',
    },
    description: 'whitespace in the product lines the account already buys',
  },
  {
    name: 'whitespace_cross_sell',
    kind: 'number',
    unit: 'money',
    step: 'spend',
    digits: 2,
    when: 'product lines',
    crm: {
      salesforce: 'Whitespace_Cross_Sell__c',
      hubspot: 'whitespace_cross_sell',
      dynamics: 'new_whitespacecrosssell',
    },
    description: 'whitespace in the product lines the account does not buy yet',
  },
  {
    name: 'previous_owner',
    kind: 'text',
    step: 'coverage',
    when: 'current owners',
    crm: {
      salesforce: 'Previous_Owner__c',
      hubspot: 'segment_previous_owner',
      dynamics: 'new_previousowner',
    },
    sheet: { header: 'Previous owner', width: 22 },
    description: 'the owner before this plan',
  },
  {
    name: 'ultimate_parent_id',
    kind: 'text',
    step: 'hierarchy',
    when: 'hierarchy',
    crm: {
      salesforce: 'Ultimate_Parent_Account__c',
      hubspot: 'ultimate_parent_company_id',
      dynamics: 'new_ultimateparentaccount',
    },
    description: "the account id at the top of the account's family",
  },
  {
    name: 'family_accounts',
    kind: 'number',
    unit: 'count',
    step: 'hierarchy',
    when: 'hierarchy',
    description: 'accounts in the family',
  },
  {
    name: 'family_spend',
    kind: 'number',
    unit: 'money',
    step: 'hierarchy',
    when: 'hierarchy',
    description: "the family's current spend",
  },
  {
    name: 'family_spend_potential',
    kind: 'number',
    unit: 'money',
    step: 'hierarchy',
    digits: 2,
    when: 'hierarchy',
    crm: {
      salesforce: 'Family_Spend_Potential__c',
      hubspot: 'family_spend_potential',
      dynamics: 'new_familyspendpotential',
    },
    description: "the family's spend potential",
  },
  {
    name: 'family_whitespace',
    kind: 'number',
    unit: 'money',
    step: 'hierarchy',
    digits: 2,
    when: 'hierarchy',
    crm: {
      salesforce: 'Family_Whitespace__c',
      hubspot: 'family_whitespace',
      dynamics: 'new_familywhitespace',
    },
    description: "the family's whitespace",
  },
  {
    name: 'family_opportunity',
    kind: 'number',
    unit: 'money',
    step: 'hierarchy',
    digits: 2,
    when: 'hierarchy',
    description: "the family's opportunity",
  },
];

/**
 * The registry's entry for a column, or undefined for a column it does not declare (a model input).
 *
 * @example
 * accountColumn('whitespace')?.unit; // 'money'
 */
export function accountColumn(name: string): AccountColumn | undefined {
  return BY_NAME.get(name);
}

/** Every declared column by name, built once. */
const BY_NAME: ReadonlyMap<string, AccountColumn> = new Map(
  [...FIRMOGRAPHIC_COLUMNS, ...ACCOUNT_COLUMNS].map((c) => [c.name, c]),
);

/**
 * Columns in the order of `segments.csv`: the firmographics, then columns the registry does not declare (the
 * models' inputs) in their given order, then the registry's columns.
 *
 * @example
 * segmentsOrder(['tier', 'employees', 'log10_revenue', 'account_id']); // ['account_id', 'employees', 'log10_revenue', 'tier']
 */
export function segmentsOrder(columns: readonly string[]): string[] {
  const present = new Set(columns);
  const declared = (list: readonly AccountColumn[]) =>
    list.map((c) => c.name).filter((name) => present.has(name));
  return [
    ...declared(FIRMOGRAPHIC_COLUMNS),
    ...columns.filter((name) => !BY_NAME.has(name)),
    ...declared(ACCOUNT_COLUMNS),
  ];
}
