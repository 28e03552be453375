import type { Role } from './identity.ts';

/**
 * The permission model, declared once: what each action means and which roles may do it. Every
 * authenticated route names one action (functions/routes.ts); the shared middleware checks it before
 * any handler runs, and docs/permissions.md is generated from this file (`npm run docs`).
 *
 * Dealer-side actions act on the caller's own dealer only (the dealer comes from the token); staff
 * actions span dealers.
 */
export const actions = {
  'me:read': "See one's own user, dealer, roles and ship-tos",
  'shipTos:read': "List one's dealer's ship-to locations",
  'users:read': "List and see the users of one's dealer",
  'users:manage': "Invite users of one's dealer, change their role, limit and ship-tos, deactivate them",
  'approvals:decide': "Approve or reject a pending approval of one's dealer",
  'catalog:read': 'Browse, search and see products the dealer is entitled to',
  'availability:read': "See available-to-promise stock of entitled products for one's ship-tos",
  'dealers:read': 'List all dealers and see each one with its users and status (staff)',
  'dealers:onboard': "Invite a dealer's users as staff — its first dealer admin when the dealer is new (portal admins onboard dealers)",
  'catalog:govern': 'See catalog completeness and quarantined products with their reasons (staff)',
  'prices:quote': "Price lines for one's dealer and one of its ship-tos, with explanations and price versions",
  'prices:requestSpecial': "Ask sales-ops for a better price on a line for one's dealer",
  'prices:readSpecialRequests': "See one's dealer's special-price requests, their status and decision",
  'prices:reviewSpecialRequests': "See every dealer's special-price requests by status (staff)",
  'prices:decideSpecial': 'Approve (price and validity window) or reject a pending special-price request (staff)',
  'prices:readCoverage': "See a dealer's pricing coverage: entitled SKUs with and without a price (staff)",
} as const;

export type Action = keyof typeof actions;

export const rolePermissions: Readonly<Record<Role, readonly Action[]>> = {
  'dealer-admin': ['me:read', 'shipTos:read', 'users:read', 'users:manage', 'catalog:read', 'availability:read', 'prices:quote', 'prices:readSpecialRequests'],
  buyer: ['me:read', 'shipTos:read', 'catalog:read', 'availability:read', 'prices:quote', 'prices:requestSpecial', 'prices:readSpecialRequests'],
  approver: ['me:read', 'shipTos:read', 'approvals:decide', 'catalog:read', 'availability:read', 'prices:quote', 'prices:requestSpecial', 'prices:readSpecialRequests'],
  viewer: ['me:read', 'shipTos:read', 'catalog:read', 'availability:read', 'prices:quote', 'prices:readSpecialRequests'],
  'sales-ops': ['me:read', 'catalog:read', 'dealers:read', 'catalog:govern', 'prices:reviewSpecialRequests', 'prices:decideSpecial', 'prices:readCoverage'],
  credit: ['me:read', 'dealers:read'],
  'portal-admin': ['me:read', 'catalog:read', 'dealers:read', 'dealers:onboard', 'catalog:govern', 'prices:reviewSpecialRequests', 'prices:readCoverage'],
};

export const can = (roles: readonly Role[], action: Action): boolean => roles.some((role) => rolePermissions[role].includes(action));
