import type { DealerUpsertedDetail } from '#events/dealer-upserted';
import type { PortalUser } from '#domain/user';

/**
 * A small, realistic manufacturer of industrial supplies: two warehouses, three dealers on different
 * tiers, and users for every role; its governed catalog (~300 SKUs) is in demo-catalog.ts.
 * Deterministic, so demo tokens and ids are the same on every start.
 */
export const warehouses = [
  { warehouseId: 'WH-EAST', name: 'Columbus distribution centre', country: 'US', timeZone: 'America/New_York' },
  { warehouseId: 'WH-WEST', name: 'Reno distribution centre', country: 'US', timeZone: 'America/Los_Angeles' },
] as const;

const address = (line1: string, city: string, region: string, postalCode: string, country = 'US') => ({ line1, city, region, postalCode, country });

export const dealers: DealerUpsertedDetail[] = [
  {
    schemaVersion: 1,
    revision: 1,
    occurredAt: '2026-11-01T08:00:00Z',
    dealer: {
      dealerId: 'D-ACME',
      name: 'Acme Industrial Supply',
      tier: 'gold',
      currency: 'USD',
      paymentTerms: 'NET30',
      creditLimitMinor: 25_000_000,
      status: 'active',
      branches: [
        { branchId: 'BR-ACME-EAST', name: 'Acme East' },
        { branchId: 'BR-ACME-WEST', name: 'Acme West' },
      ],
      shipTos: [
        { shipToId: 'ST-ACME-CLE', name: 'Cleveland branch', address: address('1200 Lakeside Ave', 'Cleveland', 'OH', '44114'), preferredWarehouseId: 'WH-EAST', branchId: 'BR-ACME-EAST' },
        { shipToId: 'ST-ACME-PIT', name: 'Pittsburgh branch', address: address('400 Liberty Ave', 'Pittsburgh', 'PA', '15222'), preferredWarehouseId: 'WH-EAST', branchId: 'BR-ACME-EAST' },
        { shipToId: 'ST-ACME-SAC', name: 'Sacramento yard', address: address('77 Industrial Blvd', 'Sacramento', 'CA', '95814'), preferredWarehouseId: 'WH-WEST', branchId: 'BR-ACME-WEST' },
      ],
    },
  },
  {
    schemaVersion: 1,
    revision: 1,
    occurredAt: '2026-11-01T08:00:00Z',
    dealer: {
      dealerId: 'D-BOLT',
      name: 'Bolt & Bearing Co.',
      tier: 'silver',
      currency: 'USD',
      paymentTerms: 'NET45',
      creditLimitMinor: 8_000_000,
      status: 'active',
      shipTos: [
        { shipToId: 'ST-BOLT-DEN', name: 'Denver warehouse', address: address('3300 Walnut St', 'Denver', 'CO', '80205'), preferredWarehouseId: 'WH-WEST' },
        { shipToId: 'ST-BOLT-KC', name: 'Kansas City counter', address: address('901 Grand Blvd', 'Kansas City', 'MO', '64106'), preferredWarehouseId: 'WH-EAST' },
      ],
    },
  },
  {
    schemaVersion: 1,
    revision: 1,
    occurredAt: '2026-11-01T08:00:00Z',
    dealer: {
      dealerId: 'D-CRAN',
      name: 'Crane Hydraulics Ltd',
      tier: 'bronze',
      currency: 'CAD',
      paymentTerms: 'NET30',
      creditLimitMinor: 3_000_000,
      status: 'active',
      // Crane may only be shipped from WH-EAST: its availability never shows WH-WEST.
      allowedWarehouseIds: ['WH-EAST'],
      shipTos: [
        { shipToId: 'ST-CRAN-TOR', name: 'Toronto shop', address: address('55 Front St W', 'Toronto', 'ON', 'M5J 1E6', 'CA'), preferredWarehouseId: 'WH-EAST' },
      ],
    },
  },
];

/** Demo users; `sub` doubles as the user id. Each gets a ready token from `npm start`. */
export const users: (PortalUser & { label: string })[] = [
  { label: 'Acme buyer', userId: 'u-acme-buyer', dealerId: 'D-ACME', email: 'buyer@acme.example', name: 'Ana Buyer', roles: ['buyer'], status: 'active', orderLimit: { amountMinor: 500_000, currency: 'USD' } },
  { label: 'Acme approver', userId: 'u-acme-approver', dealerId: 'D-ACME', email: 'approver@acme.example', name: 'Arno Approver', roles: ['approver'], status: 'active' },
  { label: 'Acme dealer admin', userId: 'u-acme-admin', dealerId: 'D-ACME', email: 'admin@acme.example', name: 'Ada Admin', roles: ['dealer-admin'], status: 'active' },
  { label: 'Acme Sacramento buyer (one ship-to)', userId: 'u-acme-sac-buyer', dealerId: 'D-ACME', email: 'sac@acme.example', name: 'Sam Yard', roles: ['buyer'], status: 'active', orderLimit: { amountMinor: 200_000, currency: 'USD' }, shipToIds: ['ST-ACME-SAC'] },
  { label: 'Bolt buyer', userId: 'u-bolt-buyer', dealerId: 'D-BOLT', email: 'buyer@bolt.example', name: 'Bea Bolt', roles: ['buyer'], status: 'active', orderLimit: { amountMinor: 300_000, currency: 'USD' } },
  { label: 'Crane viewer', userId: 'u-cran-viewer', dealerId: 'D-CRAN', email: 'viewer@crane.example', name: 'Cory Crane', roles: ['viewer'], status: 'active' },
  { label: 'Credit analyst', userId: 'u-staff-credit', email: 'credit@manufacturer.example', name: 'Cara Credit', roles: ['credit'], status: 'active' },
  { label: 'Sales ops', userId: 'u-staff-salesops', email: 'salesops@manufacturer.example', name: 'Sol Sales', roles: ['sales-ops'], status: 'active' },
  { label: 'Portal admin', userId: 'u-staff-admin', email: 'portal@manufacturer.example', name: 'Pat Portal', roles: ['portal-admin'], status: 'active' },
];
