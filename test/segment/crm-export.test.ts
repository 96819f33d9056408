/** The CRM export in each system's import conventions: the same decisions, the CRM's own key and field names. */
import { describe, expect, it } from 'vitest';
import { crmExport } from '../../src/segment/crm-export.ts';
import { Frame } from '../../src/data/frame.ts';
import { frameToCsv } from '../../src/data/csv-format.ts';
import { loadStudyConfig } from '../../src/study/config.ts';
import { tempFile } from '../helpers.ts';

const segments = Frame.fromColumns({
  account_id: ['0015g00000000noAAA', '9007199254740993'],
  name: ['=HYPERLINK("x")', 'Beta'],
  tier: ['P0', 'P3'],
  fit_score: [97.5, 60],
  road_quadrant: ['Develop', 'Acquire'],
  spend_potential: [1234.6, 10],
  whitespace: [99.4, 10],
  owner: ['Develop rep 01', 'Acquire rep 02'],
});

describe('crm export', () => {
  it('Salesforce: Id and __c fields (the default)', () => {
    expect(frameToCsv(crmExport(segments)).split('\n').slice(0, 2)).toEqual([
      'Id,Name,Segment_Score__c,Segment_Tier__c,Spend_Potential__c,Whitespace__c,ROAD_Quadrant__c,Assigned_Owner__c',
      `0015g00000000noAAA,"'=HYPERLINK(""x"")",97.5,P0,1235,99,Develop,Develop rep 01`,
    ]);
  });

  it('HubSpot: Record ID and property internal names; ids keep every digit', () => {
    const csv = frameToCsv(crmExport(segments, 'hubspot')).split('\n');
    expect(csv[0]).toBe(
      'Record ID,Company name,segment_score,segment_tier,spend_potential,whitespace,road_quadrant,segment_assigned_owner',
    );
    expect(csv[2]).toBe('9007199254740993,Beta,60,P3,10,10,Acquire,Acquire rep 02');
  });

  it('Dynamics 365: accountid and new_ logical names', () => {
    expect(frameToCsv(crmExport(segments, 'dynamics')).split('\n')[0]).toBe(
      'accountid,name,new_segmentscore,new_segmenttier,new_spendpotential,new_whitespace,new_roadquadrant,new_assignedowner',
    );
  });

  it('the study config names the CRM; anything else is refused with the choices', async () => {
    const config = tempFile('study.json', JSON.stringify({ inputs: { accounts: 'a.csv' }, crm: 'hubspot' }));
    expect((await loadStudyConfig(config)).crm).toBe('hubspot');
    const bad = tempFile('study.json', JSON.stringify({ inputs: { accounts: 'a.csv' }, crm: 'sap' }));
    await expect(loadStudyConfig(bad)).rejects.toThrow(
      /study\.json: crm="sap" must be one of "salesforce", "hubspot", "dynamics"$/,
    );
  });
});
