import { describe, expect, it } from 'vitest';
import { findDuplicates } from '../../src/index.ts';

const rec = (
  accountId: string | null,
  domain: string | null,
  nameKey: string | null,
  country: string | null,
) => ({
  accountId,
  domain,
  nameKey,
  country,
});

describe('findDuplicates', () => {
  it('merges records that share a domain', () => {
    const { groups } = findDuplicates([
      rec('1', 'acme.com', 'acme', 'US'),
      rec('2', 'beta.io', 'beta', 'US'),
      rec('3', 'acme.com', 'acme analytics', null),
    ]);
    expect(groups).toEqual([{ members: [0, 2], rule: 'domain', key: 'acme.com' }]);
  });

  it('merges a domain-less record into the account with the same name and country', () => {
    const { groups } = findDuplicates([
      rec('1', 'acme.com', 'acme', 'US'),
      rec('2', null, 'acme', 'US'),
      rec('3', null, 'acme', 'DE'),
    ]);
    expect(groups).toEqual([{ members: [0, 1], rule: 'name+country', key: 'acme|US' }]);
  });

  it('never merges records with different domains, even with the same name and country', () => {
    const { groups, ambiguous } = findDuplicates([
      rec('1', 'acme.com', 'acme', 'US'),
      rec('2', 'acme-corp.com', 'acme', 'US'),
    ]);
    expect(groups).toEqual([]);
    expect(ambiguous).toEqual([]);
  });

  it('leaves a domain-less record unmerged when its name and country match several domains', () => {
    const { groups, ambiguous } = findDuplicates([
      rec('1', 'acme.com', 'acme', 'US'),
      rec('2', 'acme-corp.com', 'acme', 'US'),
      rec('3', null, 'acme', 'US'),
    ]);
    expect(groups).toEqual([]);
    expect(ambiguous).toEqual([2]);
  });

  it('merges domain-less records with each other by name and country', () => {
    const { groups } = findDuplicates([rec('1', null, 'acme', 'US'), rec('2', null, 'acme', 'US')]);
    expect(groups).toEqual([{ members: [0, 1], rule: 'name+country', key: 'acme|US' }]);
  });

  it('merges repeated account ids and chains rules transitively', () => {
    const { groups } = findDuplicates([
      rec('1', 'acme.com', 'acme', 'US'),
      rec('1', null, 'acme', null),
      rec('9', null, 'acme', 'US'),
      rec('5', 'acme.com', null, null),
    ]);
    expect(groups).toHaveLength(1);
    expect(groups[0]?.members).toEqual([0, 1, 2, 3]);
    expect(groups[0]?.rule).toBe('name+country');
  });

  it('does not match on a missing name or country', () => {
    const { groups } = findDuplicates([
      rec('1', null, null, 'US'),
      rec('2', null, null, 'US'),
      rec('3', null, 'x', null),
      rec('4', null, 'x', null),
    ]);
    expect(groups).toEqual([]);
  });
});
