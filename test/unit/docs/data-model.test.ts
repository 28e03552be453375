import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { keys, tableDesign } from '#functions/data/table-design';

const doc = readFileSync('docs/data-model.md', 'utf8');

describe('docs/data-model.md', () => {
  it('documents every key builder', () => {
    const missing = Object.keys(keys).filter((name) => !doc.includes(`keys.${name}`));
    expect(missing).toEqual([]);
  });

  it('documents every index and the TTL attribute', () => {
    for (const index of tableDesign.globalSecondaryIndexes) expect(doc).toContain(`\`${index.indexName}\``);
    expect(doc).toContain(`\`${tableDesign.timeToLiveAttribute}\``);
  });
});
