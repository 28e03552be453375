import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { allRoles, isDealerRole, type Role } from '#domain/identity';
import { can, type Action } from '#domain/permissions';
import { dealerUpserted } from '#events/dealer-upserted';
import { UserRepository } from '#functions/data/user-repository';
import { isAuthenticated, routeKey, routes, type RouteSpec } from '#functions/routes';
import { publishErpEvents } from '#local/erp';
import { startTestStack, type TestStack } from '#test/support/local-stack';
import { dealerUpsertedDetail, dealerUser, subjectOf } from '#test/support/fixtures';
import type { PortalUser } from '#domain/user';

/**
 * Every route × every role through the real gateway and middleware: a role without the route's
 * action gets 403 `forbidden`; a role with it never does (whatever else the placeholder input earns).
 */
let stack: TestStack;
const userFor = (role: Role): PortalUser =>
  isDealerRole(role)
    ? dealerUser('D-A', `u-${role}`, [role])
    : { userId: `s-${role}`, email: `${role}@staff.test`, name: role, roles: [role], status: 'active' };

beforeAll(async () => {
  stack = await startTestStack();
  await publishErpEvents(dealerUpserted, [dealerUpsertedDetail('D-A')]);
  await stack.bus.drain();
  const users = new UserRepository(stack.documentClient, stack.tableName);
  await Promise.all(allRoles.map((role) => users.put(userFor(role))));
});
afterAll(() => stack?.stop());

const samplePath = (route: RouteSpec) => route.path.replace(/\{(\w+)\+?\}/g, 'sample-$1');
const authenticated = (routes as readonly RouteSpec[]).filter(isAuthenticated);
const cases = authenticated.flatMap((route) => allRoles.map((role) => [routeKey(route), role, route] as const));

describe('role matrix', () => {
  it.each(cases)('%s as %s', async (_key, role, route) => {
    const token = await stack.token(subjectOf(userFor(role)));
    const response = await stack.call(route.method, samplePath(route), {
      token,
      ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { body: {} }),
    });
    if (can([role], route.action as Action)) {
      expect(response.body?.code, `${role} is allowed ${route.action}`).not.toBe('forbidden');
      expect(response.status).not.toBe(401);
    } else {
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('forbidden');
    }
  });

  it.each(authenticated.map((route) => [routeKey(route), route] as const))('%s without a token is 401', async (_key, route) => {
    const response = await stack.call(route.method, samplePath(route));
    expect(response.status).toBe(401);
  });
});

/**
 * Every dealer-scoped route that takes an id has a cross-dealer test (dealer B with dealer A's id must
 * fail and change nothing). The test lives with the route's other tests; this list says where, and the
 * check below fails when a new route is missing from it.
 */
const crossDealerTests: Record<string, string> = {
  'POST /approvals/{approvalId}/decision': 'test/integration/order-approval-workflow.test.ts',
  'PATCH /dealer/users/{userId}': 'test/integration/accounts.test.ts',
  'GET /catalog/products/{sku}': 'test/integration/catalog.test.ts',
  'GET /quotes/special-price-requests': 'test/integration/special-price-decisions.test.ts',
};

describe('cross-dealer coverage', () => {
  const dealerScopedWithId = authenticated.filter((route) => route.path.includes('{') && allRoles.some((role) => isDealerRole(role) && can([role], route.action as Action)));

  it.each(dealerScopedWithId.map((route) => [routeKey(route)] as const))('%s has a cross-dealer test', (key) => {
    const file = crossDealerTests[key];
    expect(file, `add a cross-dealer test for ${key} and list it in crossDealerTests`).toBeDefined();
    expect(readFileSync(file!, 'utf8')).toMatch(/another dealer|cross-dealer|dealer B/i);
  });
});
