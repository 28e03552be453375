import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import { mapBounded } from '#functions/data/bounded-concurrency';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('mapBounded', () => {
  it('returns results in item order with never more than `limit` calls in flight', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: 3 }), { maxLength: 60 }), fc.integer({ min: 1, max: 10 }), async (delays, limit) => {
        let inFlight = 0;
        let peak = 0;
        const results = await mapBounded(delays, limit, async (delay, index) => {
          inFlight += 1;
          peak = Math.max(peak, inFlight);
          for (let i = 0; i <= delay; i++) await tick();
          inFlight -= 1;
          return index * 2;
        });
        expect(results).toEqual(delays.map((_, i) => i * 2));
        expect(peak).toBeLessThanOrEqual(Math.min(limit, delays.length));
        if (delays.length >= limit) expect(peak).toBe(limit);
      }),
      { numRuns: 50 },
    );
  });

  it('on a failure starts nothing more, lets the calls in flight finish, then throws the first error', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const failure = new Error('row 3 failed');
    const run = mapBounded(Array.from({ length: 20 }, (_, i) => i), 4, async (i) => {
      started.push(i);
      await tick();
      if (i === 3) throw failure;
      if (i === 5) throw new Error('a later failure');
      await tick();
      finished.push(i);
      return i;
    });
    await expect(run).rejects.toBe(failure);
    const settledAtRejection = [...finished];
    expect(started).toEqual([0, 1, 2, 3]);
    expect(settledAtRejection.sort()).toEqual([0, 1, 2]);
    await tick();
    await tick();
    expect(finished).toEqual(settledAtRejection);
  });

  it('maps an empty list without calling fn and refuses a limit below 1', async () => {
    expect(await mapBounded([], 8, () => Promise.reject(new Error('not called')))).toEqual([]);
    await expect(mapBounded([1], 0, (x) => Promise.resolve(x))).rejects.toBeInstanceOf(RangeError);
  });
});
