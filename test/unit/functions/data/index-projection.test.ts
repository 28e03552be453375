import { describe, expect, it } from 'vitest';
import { listItemAttributes } from '#functions/data/catalog-items';
import { filterExpression } from '#functions/data/catalog-search-repository';
import { quarantineEntryAttributes } from '#functions/data/governance-repository';
import { indexedAttributes, tableDesign } from '#functions/data/table-design';

/** What the readers of gsi1/gsi2 entries read must be among the attributes the indexes copy. */
describe('index projections', () => {
  const projected = new Set<string>(indexedAttributes);

  it('copy every attribute a catalog listing reads or filters on', () => {
    const filter = filterExpression({ dealerListableOnly: true, text: ['bolt'], attributes: [{ code: 'material', values: ['steel'] }] });
    const filtered = Object.entries(filter.names)
      .filter(([placeholder]) => !/^#f\d+$/.test(placeholder))
      .map(([, name]) => name);
    expect([...listItemAttributes, ...filtered].filter((name) => !projected.has(name))).toEqual([]);
  });

  it('copy what the quarantine report reads', () => {
    expect(quarantineEntryAttributes.filter((name) => !projected.has(name))).toEqual([]);
  });

  it('stay within CloudFormation’s 20 non-key attributes per index', () => {
    for (const index of tableDesign.globalSecondaryIndexes) expect(index.projectedAttributes.length).toBeLessThanOrEqual(20);
  });
});
