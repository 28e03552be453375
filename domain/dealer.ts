import type { Money } from './money.ts';

export const dealerStatuses = ['active', 'on-hold', 'closed'] as const;
export type DealerStatus = (typeof dealerStatuses)[number];

export interface Address {
  readonly line1: string;
  readonly line2?: string | undefined;
  readonly city: string;
  readonly region?: string | undefined;
  readonly postalCode: string;
  readonly country: string;
}

/** A dealer's branch (an organisational unit of the dealer); ship-tos may belong to one. */
export interface Branch {
  readonly branchId: string;
  readonly name: string;
}

export interface ShipTo {
  readonly shipToId: string;
  readonly name: string;
  readonly address: Address;
  readonly preferredWarehouseId: string;
  /** The branch this ship-to belongs to, when the ERP says so. */
  readonly branchId?: string | undefined;
}

/** The dealer master as the ERP publishes it. `revision` is the ERP's own monotonic record version. */
export interface Dealer {
  readonly dealerId: string;
  readonly name: string;
  readonly tier: string;
  readonly currency: string;
  readonly paymentTerms: string;
  readonly creditLimit: Money;
  readonly status: DealerStatus;
  /** Branches as the ERP last sent them (stored with the profile, same revision). */
  readonly branches?: readonly Branch[] | undefined;
  /** Warehouses the dealer may be shipped from (absent: all); a ship-to's preferred warehouse always is. */
  readonly allowedWarehouseIds?: readonly string[] | undefined;
  readonly revision: number;
  readonly updatedAt: string;
}

export type RevisionDecision = 'apply' | 'duplicate' | 'stale';

/**
 * Out-of-order and repeated delivery are normal on the bus. Only a strictly newer revision applies;
 * the storage layer enforces the same rule with a conditional write, this names the outcome.
 */
export function decideRevision(current: number | undefined, incoming: number): RevisionDecision {
  if (current === undefined || incoming > current) return 'apply';
  return incoming === current ? 'duplicate' : 'stale';
}
