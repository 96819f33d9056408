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
import { ACCOUNT_COLUMNS, CRM_SYSTEMS, FIRMOGRAPHIC_COLUMNS, type CrmSystem } from './account-columns.ts';

export { CRM_SYSTEMS, type CrmSystem } from './account-columns.ts';

/** Segment columns → each CRM's field name, in export order (the registry's columns that have CRM fields). */
export const CRM_FIELDS: readonly (readonly [string, Readonly<Record<CrmSystem, string>>])[] = [
  ...FIRMOGRAPHIC_COLUMNS,
  ...ACCOUNT_COLUMNS,
].flatMap((c) => (c.crm === undefined ? [] : [[c.name, c.crm] as const]));

/** The money columns, rounded to whole units in the export. */
const MONEY = new Set(ACCOUNT_COLUMNS.filter((c) => c.unit === 'money').map((c) => c.name));

/**
 * The export frame from the segments frame (columns it lacks are skipped), with the field names of `crm`. Money
 * is rounded to dollars.
 *
 * @example
 * frameToCsv(crmExport(segments)); // "Id,Name,Segment_Score__c,Fit_Reasons__c,…"
 * frameToCsv(crmExport(segments, 'hubspot')); // "Record ID,Company name,segment_score,fit_reasons,…"
 */
export function crmExport(segments: Frame, crm: CrmSystem = 'salesforce'): Frame {
  if (!CRM_SYSTEMS.includes(crm))
    throw new UsageError(`crmExport: crm="${String(crm)}" must be one of ${CRM_SYSTEMS.join(', ')}`);
  const columns: Record<string, ColumnInput> = {};
  for (const [source, fields] of CRM_FIELDS) {
    if (!segments.has(source)) continue;
    const column = segments.column(source);
    if (column.kind === 'number' && MONEY.has(source)) {
      columns[fields[crm]] = column.values.map((v) => Math.round(v));
    } else columns[fields[crm]] = column.values as ColumnInput;
  }
  return Frame.fromColumns(columns);
}
