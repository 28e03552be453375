import { describe, expect, it } from 'vitest';
import type { Dealer, ShipTo } from '#domain/dealer';
import { dealerUpserted } from '#events/dealer-upserted';
import { applyDealerUpsert } from '#functions/use-cases/dealer-master';
import { dealerUpsertedDetail } from '#test/support/fixtures';

describe('DealerUpserted allowedWarehouseIds (additive)', () => {
  it('keeps events without it valid, and accepts a list', () => {
    expect(dealerUpserted.detail.safeParse(dealerUpsertedDetail('D-1')).success).toBe(true);
    expect(dealerUpserted.detail.safeParse(dealerUpsertedDetail('D-1', { dealer: { allowedWarehouseIds: ['WH-EAST'] } })).success).toBe(true);
  });

  it('refuses an empty list or a bad id, with the field', () => {
    const empty = dealerUpserted.detail.safeParse(dealerUpsertedDetail('D-1', { dealer: { allowedWarehouseIds: [] } }));
    expect(empty.error?.issues[0]?.path).toEqual(['dealer', 'allowedWarehouseIds']);
    const bad = dealerUpserted.detail.safeParse(dealerUpsertedDetail('D-1', { dealer: { allowedWarehouseIds: ['WH#EAST'] } }));
    expect(bad.error?.issues[0]?.path).toEqual(['dealer', 'allowedWarehouseIds', 0]);
  });

  it('is stored on the dealer when sent (de-duplicated) and absent when not', async () => {
    const stored: Dealer[] = [];
    const dealers = { upsert: (dealer: Dealer, _shipTos: readonly ShipTo[]) => (stored.push(dealer), Promise.resolve('applied' as const)) };
    await applyDealerUpsert(dealerUpserted.detail.parse(dealerUpsertedDetail('D-1', { dealer: { allowedWarehouseIds: ['WH-EAST', 'WH-EAST', 'WH-NORTH'] } })), { dealers: dealers as never });
    await applyDealerUpsert(dealerUpserted.detail.parse(dealerUpsertedDetail('D-2')), { dealers: dealers as never });
    expect(stored[0]!.allowedWarehouseIds).toEqual(['WH-EAST', 'WH-NORTH']);
    expect(stored[1]).not.toHaveProperty('allowedWarehouseIds');
  });
});
