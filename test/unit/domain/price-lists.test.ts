import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { retainedVersions, versionInForce, type PointerVersion } from '#domain/price-lists';

const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);

/** A pointer's versions, newest first (distinct, descending version numbers), with any effective dates. */
const pointerVersions = fc
  .uniqueArray(fc.integer({ min: 1, max: 1_000 }), { minLength: 1, maxLength: 12 })
  .chain((numbers) =>
    fc.tuple(
      fc.constant([...numbers].sort((a, b) => b - a)),
      fc.array(fc.integer({ min: 0, max: 60 }), { minLength: numbers.length, maxLength: numbers.length }),
    ),
  )
  .map(([numbers, offsets]): PointerVersion[] => numbers.map((version, i) => ({ version, effectiveFrom: day(offsets[i]!) })));

describe('retainedVersions', () => {
  it('keeps the versions a quote may use on any date from today on, each version future or in force, and prunes the rest', () => {
    fc.assert(
      fc.property(pointerVersions, fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 90 }), (versions, today, later) => {
        const kept = retainedVersions(versions, day(today));

        // The same version is in force on today and every later date, with or without the pruned ones.
        expect(versionInForce(kept, day(today + later))).toEqual(versionInForce(versions, day(today + later)));
        // A version not yet effective, and the newest one, are never dropped.
        for (const v of versions) if (v.effectiveFrom > day(today)) expect(kept).toContainEqual(v);
        expect(kept[0]).toEqual(versions[0]);
        // Order kept, nothing invented; bounded by the future versions + the one in force + the one before it.
        expect(versions.filter((v) => kept.includes(v))).toEqual(kept);
        expect(kept.length).toBeLessThanOrEqual(versions.filter((v) => v.effectiveFrom > day(today)).length + 2);
      }),
    );
  });

  it('keeps the version in force before the newest one, for quotes that read the previous pointer', () => {
    const versions = [
      { version: 9, effectiveFrom: '2026-11-01' },
      { version: 8, effectiveFrom: '2026-10-01' },
      { version: 7, effectiveFrom: '2026-09-01' },
    ];

    expect(retainedVersions(versions, '2026-11-30').map((v) => v.version)).toEqual([9, 8]);
  });

  it('keeps everything while no version is in force yet', () => {
    const versions = [
      { version: 2, effectiveFrom: '2027-02-01' },
      { version: 1, effectiveFrom: '2027-01-01' },
    ];

    expect(retainedVersions(versions, '2026-11-30')).toEqual(versions);
  });
});
