import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memorySource, mergeSorted, type Keyed, type SortedSource } from '#functions/data/sorted-merge';

/** A source like a DynamoDB partition with a filter: reads `limit` candidates, returns the matching ones. */
function partition(keys: readonly string[], matches: (key: string) => boolean = () => true): SortedSource<string> & { reads: number } {
  const sorted = [...keys].sort();
  const source = {
    reads: 0,
    read: async (after: string | undefined, limit: number) => {
      source.reads++;
      const candidates = sorted.filter((k) => after === undefined || k > after).slice(0, limit);
      const more = sorted.filter((k) => after === undefined || k > after).length > limit;
      return { items: candidates.filter(matches).map((k): Keyed<string> => ({ key: k, value: k })), ...(more ? { position: candidates.at(-1) } : {}) };
    },
  };
  return source;
}

async function allPages(sources: () => SortedSource<string>[], limit: number, options: { firstChunk: number; maxChunk: number; maxRounds: number }) {
  const pages: string[][] = [];
  let after: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const page = await mergeSorted(sources(), { limit, after, ...options });
    pages.push(page.items);
    if (page.after === undefined) return pages;
    expect(after === undefined || page.after > after).toBe(true);
    after = page.after;
  }
  throw new Error('paging did not end');
}

describe('mergeSorted', () => {
  it('merges partitions in key order and stops at the page size', async () => {
    const result = await mergeSorted([partition(['a', 'd', 'g']), partition(['b', 'e']), partition(['c', 'f'])], { limit: 4, firstChunk: 2, maxChunk: 8, maxRounds: 6 });
    expect(result.items).toEqual(['a', 'b', 'c', 'd']);
    expect(result.after).toBe('d');
  });

  it('says when nothing follows', async () => {
    const result = await mergeSorted([partition(['a']), partition([])], { limit: 5, firstChunk: 2, maxChunk: 8, maxRounds: 6 });
    expect(result).toMatchObject({ items: ['a'], after: undefined });
  });

  it('returns one item once when two sources hold it (a category and a single entitled SKU)', async () => {
    const result = await mergeSorted([partition(['a', 'b', 'c']), memorySource([{ key: 'b', value: 'b' }])], { limit: 10, firstChunk: 2, maxChunk: 8, maxRounds: 6 });
    expect(result.items).toEqual(['a', 'b', 'c']);
  });

  it('answers a short page with a position past the request’s when a filter finds little within the budget', async () => {
    const keys = Array.from({ length: 500 }, (_, i) => `k${String(i).padStart(4, '0')}`);
    const result = await mergeSorted([partition(keys, (k) => k.endsWith('99'))], { limit: 10, firstChunk: 5, maxChunk: 10, maxRounds: 3 });
    expect(result.items).toEqual([]);
    expect(result.after).toBe('k0024');
    expect(result.rounds).toBe(3);
  });

  it('covers the union of its sources exactly once, in order, across pages, whatever the chunk sizes and budget (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uniqueArray(fc.stringMatching(/^[a-z]{1,4}$/), { maxLength: 30 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 2, max: 5 }),
        async (sourceKeys, limit, firstChunk, maxRounds, modulo) => {
          const matches = (k: string) => k.charCodeAt(0) % modulo !== 0;
          const pages = await allPages(() => sourceKeys.map((keys) => partition(keys, matches)), limit, { firstChunk, maxChunk: 16, maxRounds });
          const expected = [...new Set(sourceKeys.flat().filter(matches))].sort();
          expect(pages.flat()).toEqual(expected);
          for (const page of pages) expect(page.length).toBeLessThanOrEqual(limit);
        },
      ),
    );
  });

  it('keeps pages stable while keys are inserted between them: every earlier key exactly once (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.stringMatching(/^[a-z]{1,3}$/), { minLength: 1, maxLength: 40 }),
        fc.array(fc.stringMatching(/^[a-z]{1,3}$/), { maxLength: 20 }),
        fc.integer({ min: 1, max: 6 }),
        async (initial, inserted, limit) => {
          const live = new Set(initial);
          const seen: string[] = [];
          let after: string | undefined;
          for (let page = 0; page < 200; page++) {
            const result = await mergeSorted([partition([...live])], { limit, after, firstChunk: 3, maxChunk: 12, maxRounds: 6 });
            seen.push(...result.items);
            const next = inserted[page];
            if (next !== undefined) live.add(next);
            if (result.after === undefined) break;
            after = result.after;
          }
          expect(new Set(seen).size).toBe(seen.length);
          for (const key of initial) expect(seen).toContain(key);
        },
      ),
    );
  });
});
