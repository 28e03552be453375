import type { DealerUpsertedDetail } from '#events/dealer-upserted';
import type { PortalUser } from '#domain/user';
import type { TokenSubject } from '#local/token-issuer';

/** A valid DealerUpserted detail; tests override what they are about. */
export function dealerUpsertedDetail(dealerId: string, overrides: Partial<Omit<DealerUpsertedDetail, 'dealer'>> & { dealer?: Partial<DealerUpsertedDetail['dealer']> } = {}): DealerUpsertedDetail {
  const { dealer, ...rest } = overrides;
  return {
    schemaVersion: 1,
    revision: 1,
    occurredAt: '2026-11-30T09:00:00Z',
    ...rest,
    dealer: {
      dealerId,
      name: `Dealer ${dealerId}`,
      tier: 'silver',
      currency: 'USD',
      paymentTerms: 'NET30',
      creditLimitMinor: 1_000_000,
      status: 'active',
      shipTos: [
        {
          shipToId: `${dealerId}-MAIN`,
          name: 'Main yard',
          address: { line1: '1 Main St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
          preferredWarehouseId: 'WH-EAST',
        },
      ],
      ...dealer,
    },
  };
}

export function dealerUser(dealerId: string, userId: string, roles: PortalUser['roles'], extra: Partial<PortalUser> = {}): PortalUser {
  return { userId, dealerId, email: `${userId}@example.test`, name: userId, roles, status: 'active', ...extra };
}

export const subjectOf = (user: PortalUser): TokenSubject => ({ sub: user.userId, email: user.email, groups: user.roles, dealerId: user.dealerId });
