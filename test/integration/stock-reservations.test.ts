import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { ulid } from 'ulidx';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { availableToPromise } from '#domain/atp';
import { maxReservationSkus, StockRepository, stockAttributes } from '#functions/data/stock-repository';
import { keys } from '#functions/data/table-design';
import { createPortalTable, deletePortalTable } from '#local/table';

/** Reservations and the versioned feed writes on DynamoDB Local: atomic, conditional, never oversold. */
const client = new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
const documentClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
const tableName = `test-${ulid()}`;
const stock = new StockRepository(documentClient, tableName);
const at = '2026-11-30T12:00:00.000Z';
const level = (version: number, onHand: number, safetyStock = 0) => ({ version, onHand, safetyStock, asOf: new Date(1_790_000_000_000 + version).toISOString() });

async function row(sku: string, warehouseId: string) {
  const found = (await stock.get([sku])).get(sku);
  return found?.warehouses.find((w) => w.warehouseId === warehouseId);
}

beforeAll(async () => {
  await createPortalTable(client, tableName);
});
afterAll(async () => {
  await deletePortalTable(client, tableName);
});

describe('StockRepository.putLevel', () => {
  it('newest version wins per warehouse, replays and older versions change nothing, reservations are kept', async () => {
    expect(await stock.putLevel('WH-A', 'V-1', level(5, 10, 2))).toBe('applied');
    expect(await stock.putLevel('WH-B', 'V-1', level(1, 4))).toBe('applied');
    expect(await stock.reserve('o-v1', [{ sku: 'V-1', warehouseId: 'WH-A', quantity: 3 }], at)).toEqual({ outcome: 'reserved' });
    expect(await stock.putLevel('WH-A', 'V-1', level(5, 99))).toBe('duplicate');
    expect(await stock.putLevel('WH-A', 'V-1', level(4, 99))).toBe('stale');
    expect(await row('V-1', 'WH-A')).toMatchObject({ onHand: 10, safetyStock: 2, reserved: 3, version: 5 });
    expect(await stock.putLevel('WH-A', 'V-1', level(6, 20, 1))).toBe('applied');
    const after = await row('V-1', 'WH-A');
    expect(after).toMatchObject({ onHand: 20, safetyStock: 1, reserved: 3, version: 6 });
    expect(availableToPromise(after!)).toBe(16);
    expect(await row('V-1', 'WH-B')).toMatchObject({ onHand: 4, version: 1, reserved: 0 });
  });

  it('racing versions of one row converge to the newest', async () => {
    const versions = Array.from({ length: 30 }, (_, i) => i + 1).sort(() => Math.random() - 0.5);
    await Promise.all(versions.map((v) => stock.putLevel('WH-A', 'V-RACE', level(v, v * 10))));
    expect(await row('V-RACE', 'WH-A')).toMatchObject({ version: 30, onHand: 300 });
  });

  it('putLevels decides each row on its own condition, outcomes in row order', async () => {
    await stock.putLevel('WH-A', 'G-2', level(9, 90));
    const rows = ['G-1', 'G-2', 'G-3'].map((sku) => ({ sku, level: level(5, 50) }));
    expect(await stock.putLevels('WH-A', rows)).toEqual(['applied', 'stale', 'applied']);
    expect(await stock.putLevels('WH-A', rows)).toEqual(['duplicate', 'stale', 'duplicate']);
    expect(await row('G-2', 'WH-A')).toMatchObject({ version: 9, onHand: 90 });
    expect(await row('G-3', 'WH-A')).toMatchObject({ version: 5, onHand: 50 });
  });

  it('putLevels of 250 rows: refused rows scattered through the chunk leave the others applied; a SKU twice ends at its newer row', async () => {
    const skus = Array.from({ length: 250 }, (_, i) => `T-${String(i).padStart(4, '0')}`);
    // Every 7th SKU already holds a newer version, every 11th exactly this one (a replay).
    for (const [i, sku] of skus.entries()) {
      if (i % 7 === 0) await stock.putLevel('WH-A', sku, level(9, 900));
      else if (i % 11 === 0) await stock.putLevel('WH-A', sku, level(5, 50));
    }
    const rows = [...skus.map((sku, i) => ({ sku, level: level(5, 50 + (i % 3)) })), { sku: 'T-0001', level: level(6, 61) }];
    const outcomes = await stock.putLevels('WH-A', rows);
    const expected = skus.map((_, i) => (i % 7 === 0 ? 'stale' : i % 11 === 0 ? 'duplicate' : 'applied'));
    // T-0001's two rows are written concurrently: its older row applies first or is refused, its
    // newer one always applies.
    expect(outcomes[1]).toMatch(/^(applied|stale)$/);
    expect([...outcomes.slice(0, 1), ...outcomes.slice(2)]).toEqual([...expected.slice(0, 1), ...expected.slice(2), 'applied']);
    const found = await stock.get(skus);
    for (const [i, sku] of skus.entries()) {
      const wh = found.get(sku)!.warehouses.find((w) => w.warehouseId === 'WH-A')!;
      if (i === 1) expect(wh).toMatchObject({ version: 6, onHand: 61 });
      else if (i % 7 === 0) expect(wh).toMatchObject({ version: 9, onHand: 900 });
      else if (i % 11 === 0) expect(wh).toMatchObject({ version: 5, onHand: 50 });
      else expect(wh).toMatchObject({ version: 5, onHand: 50 + (i % 3) });
    }
    // The same chunk again changes nothing: every row is a replay or older.
    expect(new Set(await stock.putLevels('WH-A', rows.slice(0, 250)))).toEqual(new Set(['duplicate', 'stale']));
  });

  it('putLevels of three versions of a 150-row snapshot racing: every row ends at the newest', async () => {
    const skus = Array.from({ length: 150 }, (_, i) => `R-${String(i).padStart(4, '0')}`);
    const outcomes = await Promise.all([3, 1, 2].map((v) => stock.putLevels('WH-A', skus.map((sku) => ({ sku, level: level(v, v * 100) })))));
    expect(outcomes[0]).toEqual(skus.map(() => 'applied'));
    const found = await stock.get(skus);
    for (const sku of skus) expect(found.get(sku)!.warehouses.find((w) => w.warehouseId === 'WH-A')).toMatchObject({ version: 3, onHand: 300 });
  });

  it('putLevels of a 400-row chunk racing reservations: every row applies, no reservation is lost, net stays in step', async () => {
    const skus = Array.from({ length: 400 }, (_, i) => `K-${String(i).padStart(4, '0')}`);
    await stock.putLevels('WH-A', skus.map((sku) => ({ sku, level: level(1, 10) })));
    await stock.putLevel('WH-B', 'K-0001', level(1, 5));
    const reserved = skus.slice(0, 60);
    const [outcomes, reservations] = await Promise.all([
      stock.putLevels('WH-A', skus.map((sku, i) => ({ sku, level: level(2, 7 + (i % 3), 1) }))),
      Promise.all(reserved.map((sku, i) => stock.reserve(`o-k${i}`, [{ sku, warehouseId: 'WH-A', quantity: 2 }], at))),
    ]);
    expect(outcomes).toHaveLength(400);
    expect(new Set(outcomes)).toEqual(new Set(['applied']));
    expect(new Set(reservations.map((r) => r.outcome))).toEqual(new Set(['reserved']));
    const found = await stock.get(skus);
    for (const [i, sku] of skus.entries()) {
      const wh = found.get(sku)!.warehouses.find((w) => w.warehouseId === 'WH-A')!;
      expect(wh).toMatchObject({ version: 2, onHand: 7 + (i % 3), safetyStock: 1, reserved: i < 60 ? 2 : 0 });
    }
    // The condition attribute the reservations check: onHand − safetyStock − reserved, whatever the interleaving.
    const items = await Promise.all(reserved.map((sku) => documentClient.send(new GetCommand({ TableName: tableName, Key: keys.stock(sku), ConsistentRead: true }))));
    items.forEach(({ Item }, i) => expect(Item?.[stockAttributes.net('WH-A')]).toBe(7 + (i % 3) - 1 - 2));
    expect(await row('K-0001', 'WH-B')).toMatchObject({ version: 1, onHand: 5 });
  });

  it('keeps only the newest statement of an incoming supply; closed supply is not reported', async () => {
    const supply = { supplyId: 'PO-1', sku: 'V-SUP', warehouseId: 'WH-A', expectedDate: '2026-12-10', quantity: 5 };
    expect(await stock.putSupply(supply, 2)).toBe('applied');
    expect(await stock.putSupply({ ...supply, quantity: 99 }, 1)).toBe('stale');
    expect(await stock.putSupply({ ...supply, supplyId: 'PO-2', quantity: 0 }, 1)).toBe('applied');
    expect((await stock.get(['V-SUP'])).get('V-SUP')?.supply).toEqual([supply]);
  });
});

describe('StockRepository.reserve / release', () => {
  it('50 concurrent reservations of 1 unit against 10 available: exactly 10 succeed, ATP ends at 0', async () => {
    await stock.putLevel('WH-A', 'C-50', level(1, 12, 2));
    const outcomes = await Promise.all(Array.from({ length: 50 }, (_, i) => stock.reserve(`o-c50-${i}`, [{ sku: 'C-50', warehouseId: 'WH-A', quantity: 1 }], at)));
    expect(outcomes.filter((o) => o.outcome === 'reserved')).toHaveLength(10);
    expect(outcomes.filter((o) => o.outcome === 'insufficient')).toHaveLength(40);
    const after = await row('C-50', 'WH-A');
    expect(after).toMatchObject({ reserved: 10 });
    expect(availableToPromise(after!)).toBe(0);
  });

  it('a 200-way race oversells nothing', async () => {
    await stock.putLevel('WH-A', 'C-200', level(1, 37));
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, i) => stock.reserve(`o-c200-${i}`, [{ sku: 'C-200', warehouseId: 'WH-A', quantity: 1 + (i % 3) }], at)),
    );
    const reserved = outcomes.reduce((sum, o, i) => sum + (o.outcome === 'reserved' ? 1 + (i % 3) : 0), 0);
    const after = await row('C-200', 'WH-A');
    expect(after!.reserved).toBe(reserved);
    expect(reserved).toBeLessThanOrEqual(37);
    expect(reserved).toBeGreaterThanOrEqual(35);
    expect(after!.onHand - after!.reserved - after!.safetyStock).toBeGreaterThanOrEqual(0);
  });

  it('a mixed reserve/release storm preserves the sum: available + reserved = on-hand − safety stock', async () => {
    await stock.putLevel('WH-A', 'C-MIX', level(1, 20, 0));
    await stock.putLevel('WH-B', 'C-MIX', level(1, 5, 0));
    const held = Array.from({ length: 15 }, (_, i) => `o-mix-held-${i}`);
    await Promise.all(held.map((id) => stock.reserve(id, [{ sku: 'C-MIX', warehouseId: 'WH-A', quantity: 1 }], at)));
    const [releases, reservations] = await Promise.all([
      Promise.all(held.map((id) => stock.release(id))),
      Promise.all(Array.from({ length: 40 }, (_, i) =>
        stock.reserve(`o-mix-${i}`, [
          { sku: 'C-MIX', warehouseId: 'WH-A', quantity: 1 },
          { sku: 'C-MIX', warehouseId: 'WH-B', quantity: i % 2 },
        ].filter((l) => l.quantity > 0), at),
      )),
    ]);
    const reservedNow = reservations.reduce<number[]>((acc, o, i) => (o.outcome === 'reserved' ? [acc[0]! + 1, acc[1]! + (i % 2)] : acc), [0, 0]);
    const a = (await row('C-MIX', 'WH-A'))!;
    const b = (await row('C-MIX', 'WH-B'))!;
    expect(releases.every((o) => o === 'released')).toBe(true);
    expect([a.reserved, b.reserved]).toEqual(reservedNow);
    expect(a.reserved).toBeLessThanOrEqual(20);
    expect(b.reserved).toBeLessThanOrEqual(5);
    // `net#`, what reservation conditions check, kept in step by every reserve and release.
    const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: keys.stock('C-MIX'), ConsistentRead: true }));
    expect([Item![stockAttributes.net('WH-A')], Item![stockAttributes.net('WH-B')]]).toEqual([20 - a.reserved, 5 - b.reserved]);
    // Every unit the releases freed can be reserved again, and not one more.
    const rest = await stock.reserve('o-mix-rest', [
      { sku: 'C-MIX', warehouseId: 'WH-A', quantity: 20 - a.reserved },
      { sku: 'C-MIX', warehouseId: 'WH-B', quantity: 5 - b.reserved },
    ].filter((l) => l.quantity > 0), at);
    expect(rest).toEqual({ outcome: 'reserved' });
    expect(await stock.reserve('o-mix-one-more', [{ sku: 'C-MIX', warehouseId: 'WH-A', quantity: 1 }], at)).toMatchObject({ outcome: 'insufficient' });
  });

  it('reserves many lines across warehouses all or nothing, and reports the short lines', async () => {
    await stock.putLevel('WH-A', 'M-1', level(1, 5));
    await stock.putLevel('WH-B', 'M-1', level(1, 5));
    await stock.putLevel('WH-A', 'M-2', level(1, 1));
    const outcome = await stock.reserve('o-multi', [
      { sku: 'M-1', warehouseId: 'WH-A', quantity: 5 },
      { sku: 'M-1', warehouseId: 'WH-B', quantity: 2 },
      { sku: 'M-2', warehouseId: 'WH-A', quantity: 2 },
    ], at);
    expect(outcome).toEqual({ outcome: 'insufficient', lines: [{ sku: 'M-2', warehouseId: 'WH-A', requested: 2, available: 1 }] });
    expect((await row('M-1', 'WH-A'))!.reserved).toBe(0);
    expect(await stock.reserve('o-multi', [
      { sku: 'M-1', warehouseId: 'WH-A', quantity: 5 },
      { sku: 'M-1', warehouseId: 'WH-B', quantity: 2 },
      { sku: 'M-2', warehouseId: 'WH-A', quantity: 1 },
    ], at)).toEqual({ outcome: 'reserved' });
    // A retry (the same lines, in any order, a line split in two) reserves nothing twice.
    expect(await stock.reserve('o-multi', [
      { sku: 'M-2', warehouseId: 'WH-A', quantity: 1 },
      { sku: 'M-1', warehouseId: 'WH-B', quantity: 2 },
      { sku: 'M-1', warehouseId: 'WH-A', quantity: 3 },
      { sku: 'M-1', warehouseId: 'WH-A', quantity: 2 },
    ], at)).toEqual({ outcome: 'already-reserved' });
    // The same order id with other lines is not a retry: refused with what the order holds, nothing changed.
    expect(await stock.reserve('o-multi', [{ sku: 'M-2', warehouseId: 'WH-A', quantity: 1 }], at)).toEqual({
      outcome: 'reserved-differently',
      held: [
        { sku: 'M-1', warehouseId: 'WH-A', quantity: 5 },
        { sku: 'M-2', warehouseId: 'WH-A', quantity: 1 },
        { sku: 'M-1', warehouseId: 'WH-B', quantity: 2 },
      ],
    });
    expect((await row('M-2', 'WH-A'))!.reserved).toBe(1);
    expect(await stock.release('o-multi')).toBe('released');
    expect(await stock.release('o-multi')).toBe('not-reserved');
    expect((await row('M-1', 'WH-A'))!.reserved).toBe(0);
    expect((await row('M-1', 'WH-B'))!.reserved).toBe(0);
  });

  it('refuses a stock row that the feed never reported, and orders past the transaction limit', async () => {
    expect(await stock.reserve('o-unknown', [{ sku: 'NOPE', warehouseId: 'WH-A', quantity: 1 }], at)).toMatchObject({ outcome: 'insufficient' });
    const lines = Array.from({ length: maxReservationSkus + 1 }, (_, i) => ({ sku: `L-${i}`, warehouseId: 'WH-A', quantity: 1 }));
    expect(await stock.reserve('o-large', lines, at)).toEqual({ outcome: 'too-many-skus', skus: 100, max: 99 });
  });
});
