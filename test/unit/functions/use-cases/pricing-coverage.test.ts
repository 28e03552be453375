import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coveragePercent, readOnce } from '#functions/use-cases/pricing-coverage';

describe('coveragePercent', () => {
  it('is 100 exactly when every SKU is priced (or there are none), and never rounds up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 100_000 }), (a, b) => {
        const [priced, total] = a <= b ? [a, b] : [b, a];
        const percent = coveragePercent(priced, total);
        expect(percent === 100).toBe(priced === total);
        expect(percent * total).toBeLessThanOrEqual(priced * 100 + 1e-6);
        expect(Math.round(percent * 10)).toBe(percent * 10);
      }),
    );
  });
});

describe('readOnce', () => {
  it('answers a named read once per argument list and passes everything else through', async () => {
    const calls: string[] = [];
    class Store {
      private readonly prefix = 'v';
      async get(id: string) {
        calls.push(`get ${id}`);
        return `${this.prefix}-${id}`;
      }
      async put(id: string) {
        calls.push(`put ${id}`);
        return id;
      }
    }
    const store = readOnce(new Store(), 'get');

    expect(await Promise.all([store.get('a'), store.get('a'), store.get('b')])).toEqual(['v-a', 'v-a', 'v-b']);
    await store.put('a');
    await store.put('a');

    expect(calls).toEqual(['get a', 'get b', 'put a', 'put a']);
  });
});
