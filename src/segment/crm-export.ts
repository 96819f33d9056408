/**
 * The CRM export: one row per account with Salesforce-style custom fields, ready for a Data Loader upsert
 * on the account `Id`. Formulas are neutralized by the CSV writer like every CSV we write.
 */
import { Frame, type ColumnInput } from '../data/frame.ts';

/** Segment columns → Salesforce-style field names, in export order. */
export const CRM_FIELDS: readonly (readonly [string, string])[] = [
  ['account_id', 'Id'],
  ['name', 'Name'],
  ['tier', 'Segment_Tier__c'],
  ['fit_score', 'Segment_Score__c'],
  ['motion', 'Recommended_Motion__c'],
  ['industry_priority', 'Industry_Priority__c'],
  ['road_quadrant', 'ROAD_Quadrant__c'],
  ['size_segment', 'Size_Segment__c'],
  ['cluster', 'Persona_Cluster__c'],
  ['spend_potential', 'Spend_Potential__c'],
  ['whitespace', 'Whitespace__c'],
  ['monthly_touches', 'Monthly_Touch_Target__c'],
  ['owner', 'Assigned_Owner__c'],
  ['queue', 'Routing_Queue__c'],
  ['queue_rep', 'Routing_Rep__c'],
];

/**
 * The export frame from the segments frame (columns it lacks are skipped). Money is rounded to dollars.
 *
 * @example
 * frameToCsv(crmExport(segments)); // "Id,Name,Segment_Tier__c,Segment_Score__c,…"
 */
export function crmExport(segments: Frame): Frame {
  const columns: Record<string, ColumnInput> = {};
  for (const [source, field] of CRM_FIELDS) {
    if (!segments.has(source)) continue;
    const column = segments.column(source);
    if (column.kind === 'number' && (source === 'spend_potential' || source === 'whitespace')) {
      columns[field] = column.values.map((v) => Math.round(v));
    } else columns[field] = column.values as ColumnInput;
  }
  return Frame.fromColumns(columns);
}
