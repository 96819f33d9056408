/**
 * The CRM export: one row per account with the segmentation's decisions as the CRM's own import fields, keyed by
 * the record id the account came with. Three conventions (`crm` in the study config):
 *
 * - `salesforce` (default): `Id` + custom fields `Segment_Tier__c` …, for a Data Loader update on Account `Id`;
 * - `hubspot`: `Record ID` + property internal names `segment_tier` …, for a companies import that updates by
 *   Record ID (create the custom properties first);
 * - `dynamics`: `accountid` + column logical names with the default publisher prefix `new_segmenttier` …, for
 *   Dataverse's "Import from CSV" mapped on the account id.
 *
 * Formulas are neutralized by the CSV writer like every CSV we write.
 */
import { UsageError } from '../core/errors.ts';
import { Frame, type ColumnInput } from '../data/frame.ts';

/** The CRMs whose import conventions the export can follow. */
export const CRM_SYSTEMS = ['salesforce', 'hubspot', 'dynamics'] as const;
export type CrmSystem = (typeof CRM_SYSTEMS)[number];

/** Segment columns → each CRM's field name, in export order. */
export const CRM_FIELDS: readonly (readonly [string, Record<CrmSystem, string>])[] = [
  ['account_id', { salesforce: 'Id', hubspot: 'Record ID', dynamics: 'accountid' }],
  ['name', { salesforce: 'Name', hubspot: 'Company name', dynamics: 'name' }],
  ['tier', { salesforce: 'Segment_Tier__c', hubspot: 'segment_tier', dynamics: 'new_segmenttier' }],
  ['fit_score', { salesforce: 'Segment_Score__c', hubspot: 'segment_score', dynamics: 'new_segmentscore' }],
  ['fit_reasons', { salesforce: 'Fit_Reasons__c', hubspot: 'fit_reasons', dynamics: 'new_fitreasons' }],
  [
    'engagement_score',
    { salesforce: 'Engagement_Score__c', hubspot: 'engagement_score', dynamics: 'new_engagementscore' },
  ],
  [
    'priority_cell',
    { salesforce: 'Priority_Cell__c', hubspot: 'priority_cell', dynamics: 'new_prioritycell' },
  ],
  [
    'motion',
    { salesforce: 'Recommended_Motion__c', hubspot: 'recommended_motion', dynamics: 'new_recommendedmotion' },
  ],
  [
    'industry_priority',
    { salesforce: 'Industry_Priority__c', hubspot: 'industry_priority', dynamics: 'new_industrypriority' },
  ],
  [
    'road_quadrant',
    { salesforce: 'ROAD_Quadrant__c', hubspot: 'road_quadrant', dynamics: 'new_roadquadrant' },
  ],
  ['size_segment', { salesforce: 'Size_Segment__c', hubspot: 'size_segment', dynamics: 'new_sizesegment' }],
  [
    'cluster',
    { salesforce: 'Persona_Cluster__c', hubspot: 'persona_cluster', dynamics: 'new_personacluster' },
  ],
  [
    'spend_potential',
    { salesforce: 'Spend_Potential__c', hubspot: 'spend_potential', dynamics: 'new_spendpotential' },
  ],
  ['whitespace', { salesforce: 'Whitespace__c', hubspot: 'whitespace', dynamics: 'new_whitespace' }],
  [
    'whitespace_new_logo',
    {
      salesforce: 'Whitespace_New_Logo__c',
      hubspot: 'whitespace_new_logo',
      dynamics: 'new_whitespacenewlogo',
    },
  ],
  [
    'whitespace_upsell',
    { salesforce: 'Whitespace_Upsell__c', hubspot: 'whitespace_upsell', dynamics: 'new_whitespaceupsell' },
  ],
  [
    'whitespace_cross_sell',
    {
      salesforce: 'Whitespace_Cross_Sell__c',
      hubspot: 'whitespace_cross_sell',
      dynamics: 'new_whitespacecrosssell',
    },
  ],
  [
    'monthly_touches',
    {
      salesforce: 'Monthly_Touch_Target__c',
      hubspot: 'monthly_touch_target',
      dynamics: 'new_monthlytouchtarget',
    },
  ],
  [
    'owner',
    { salesforce: 'Assigned_Owner__c', hubspot: 'segment_assigned_owner', dynamics: 'new_assignedowner' },
  ],
  [
    'previous_owner',
    { salesforce: 'Previous_Owner__c', hubspot: 'segment_previous_owner', dynamics: 'new_previousowner' },
  ],
  ['queue', { salesforce: 'Routing_Queue__c', hubspot: 'routing_queue', dynamics: 'new_routingqueue' }],
  ['queue_rep', { salesforce: 'Routing_Rep__c', hubspot: 'routing_rep', dynamics: 'new_routingrep' }],
  [
    'ultimate_parent_id',
    {
      salesforce: 'Ultimate_Parent_Account__c',
      hubspot: 'ultimate_parent_company_id',
      dynamics: 'new_ultimateparentaccount',
    },
  ],
  [
    'family_spend_potential',
    {
      salesforce: 'Family_Spend_Potential__c',
      hubspot: 'family_spend_potential',
      dynamics: 'new_familyspendpotential',
    },
  ],
  [
    'family_whitespace',
    { salesforce: 'Family_Whitespace__c', hubspot: 'family_whitespace', dynamics: 'new_familywhitespace' },
  ],
];

/**
 * The export frame from the segments frame (columns it lacks are skipped), with the field names of `crm`. Money
 * is rounded to dollars.
 *
 * @example
 * frameToCsv(crmExport(segments)); // "Id,Name,Segment_Tier__c,Segment_Score__c,…"
 * frameToCsv(crmExport(segments, 'hubspot')); // "Record ID,Company name,segment_tier,segment_score,…"
 */
export function crmExport(segments: Frame, crm: CrmSystem = 'salesforce'): Frame {
  if (!CRM_SYSTEMS.includes(crm))
    throw new UsageError(`crmExport: crm="${String(crm)}" must be one of ${CRM_SYSTEMS.join(', ')}`);
  const columns: Record<string, ColumnInput> = {};
  for (const [source, fields] of CRM_FIELDS) {
    if (!segments.has(source)) continue;
    const column = segments.column(source);
    if (column.kind === 'number' && /spend_potential|whitespace/.test(source)) {
      columns[fields[crm]] = column.values.map((v) => Math.round(v));
    } else columns[fields[crm]] = column.values as ColumnInput;
  }
  return Frame.fromColumns(columns);
}
