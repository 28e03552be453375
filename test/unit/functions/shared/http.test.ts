import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { Conflict } from '#domain/errors';
import { authenticatedRoute } from '#functions/shared/authenticated-route';
import { json, parseJsonBody, parseQuery, publicRoute } from '#functions/shared/http';
import { usersInMemory } from '#test/support/users';
import { dealerUser } from '#test/support/fixtures';
import { httpEvent, lambdaContext } from '#test/support/events';

const buyer = { sub: 'u1', email: 'u1@example.test', groups: ['buyer' as const], dealerId: 'D-1' };
const users = usersInMemory(
  dealerUser('D-1', 'u1', ['buyer']),
  dealerUser('D-1', 'u-viewer', ['viewer']),
  dealerUser('D-1', 'u-gone', ['buyer'], { status: 'deactivated' }),
  dealerUser('D-1', 'u-promoted', ['approver']),
);
/** Real route keys: the middleware looks up the action each declares (me:read: every role; decisions: approvers). */
const routeEvent = (init: Parameters<typeof httpEvent>[0]) => ({ ...httpEvent(init), routeKey: 'GET /me' });
const decisionEvent = (init: Parameters<typeof httpEvent>[0]) => ({ ...httpEvent(init), routeKey: 'POST /approvals/{approvalId}/decision' });

const echo = authenticatedRoute(
  async ({ event, principal }) => {
    const body = parseJsonBody(event, z.strictObject({ quantity: z.number().check(z.int(), z.positive()), sku: z.string().check(z.minLength(1)) }));
    return json(201, { principal, body });
  },
  { users },
);

interface Parsed {
  code?: string;
  instance?: string;
  detail?: string;
  status?: number;
  errors?: { field: string; code: string; message: string }[];
  principal?: unknown;
  body?: unknown;
}

async function call(handler: typeof echo, event: ReturnType<typeof httpEvent>) {
  const result = await handler(event, lambdaContext());
  const parsed = (result.body ? JSON.parse(result.body) : {}) as Parsed;
  return { ...result, parsed };
}

describe('authenticatedRoute', () => {
  it('hands the handler the principal from the claims and the parsed body', async () => {
    const response = await call(echo, routeEvent({ method: 'POST', subject: buyer, body: { sku: 'A', quantity: 2 } }));
    expect(response.statusCode).toBe(201);
    expect(response.parsed).toEqual({
      principal: { kind: 'dealer', userId: 'u1', dealerId: 'D-1', roles: ['buyer'] },
      body: { sku: 'A', quantity: 2 },
    });
  });

  it('answers problem+json with a reason per field for a bad body', async () => {
    const response = await call(echo, routeEvent({ method: 'POST', subject: buyer, body: { sku: '', quantity: 1.5, extra: true } }));
    expect(response.statusCode).toBe(400);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(response.parsed.code).toBe('validation-failed');
    expect(response.parsed.instance).toBe('req-test-1');
    expect(response.parsed.errors?.map((e) => e.field).sort()).toEqual(['body', 'body.quantity', 'body.sku']);
  });

  it('answers problem+json for a body that is not JSON', async () => {
    const response = await call(echo, routeEvent({ method: 'POST', subject: buyer, body: '{"sku":' }));
    expect(response.statusCode).toBe(400);
    expect(response.parsed.errors).toEqual([{ field: 'body', code: 'invalid_json', message: 'the body is not valid JSON' }]);
  });

  it('refuses an action the route declares and the role lacks', async () => {
    const response = await call(echo, decisionEvent({ method: 'POST', subject: buyer, body: { sku: 'A', quantity: 1 } }));
    expect(response.statusCode).toBe(403);
    expect(response.parsed.code).toBe('forbidden');
  });

  it('uses the roles on the user record, not stale groups in the token', async () => {
    // The token still says viewer; the record says approver (changed by a dealer admin since).
    const promoted = { sub: 'u-promoted', email: 'x', groups: ['viewer' as const], dealerId: 'D-1' };
    const response = await call(echo, decisionEvent({ method: 'POST', subject: promoted, body: { sku: 'A', quantity: 1 } }));
    expect(response.statusCode).toBe(201);
  });

  it('refuses a deactivated or unknown user although the token is valid', async () => {
    for (const sub of ['u-gone', 'u-nobody']) {
      const response = await call(echo, routeEvent({ subject: { ...buyer, sub } }));
      expect(response.statusCode).toBe(403);
      expect(response.parsed.code).toBe('user-inactive');
    }
  });

  it('refuses a route that declares no action', async () => {
    const response = await call(echo, { ...httpEvent({ subject: buyer }), routeKey: 'GET /undeclared' });
    expect(response.statusCode).toBe(403);
  });

  it('refuses claims without a usable role, and a request without claims', async () => {
    const noDealer = await call(echo, routeEvent({ subject: { sub: 'u1', email: 'x', groups: ['buyer'] } }));
    expect(noDealer.statusCode).toBe(401);
    const none = await call(echo, routeEvent({}));
    expect(none.statusCode).toBe(401);
    expect(none.parsed.code).toBe('unauthenticated');
  });

  it('maps a domain conflict to 409 with its own code', async () => {
    const conflicting = authenticatedRoute(
      async () => {
        throw new Conflict('approval-closed', 'approval A is already approved');
      },
      { users },
    );
    const response = await call(conflicting, routeEvent({ subject: buyer }));
    expect(response.statusCode).toBe(409);
    expect(response.parsed).toMatchObject({ code: 'approval-closed', detail: 'approval A is already approved', status: 409 });
  });
});

describe('authenticatedRoute prefetch', () => {
  /** A user store whose read finishes only when the test says so, recording what had started by then. */
  function gatedUsers() {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const log: string[] = [];
    return {
      log,
      open: () => open(),
      store: { ...users, get: async (u: { userId: string; dealerId?: string | undefined }) => (log.push('user read started'), await gate, log.push('user read done'), users.get(u)) },
    };
  }

  it('runs together with the user-record read and reaches the handler only after the permission check', async () => {
    const gated = gatedUsers();
    const seen: unknown[] = [];
    const route = authenticatedRoute<{ dealerId: string | undefined }>(
      async ({ prefetched }) => {
        seen.push(prefetched);
        gated.log.push('handler');
        return json(200, {});
      },
      {
        users: gated.store,
        prefetch: async (claimed) => {
          gated.log.push('prefetch started');
          return { dealerId: claimed.kind === 'dealer' ? claimed.dealerId : undefined };
        },
      },
    );
    const pending = call(route, routeEvent({ subject: buyer }));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(gated.log).toEqual(['prefetch started', 'user read started']);
    gated.open();
    expect((await pending).statusCode).toBe(200);
    expect(gated.log).toEqual(['prefetch started', 'user read started', 'user read done', 'handler']);
    expect(seen).toEqual([{ dealerId: 'D-1' }]);
  });

  it('a refused caller gets the refusal, not what the prefetch read or threw, and nothing is left unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const handlerCalls: unknown[] = [];
      for (const prefetch of [async () => 'secret data', () => Promise.reject(new Error('bad query')), () => { throw new Error('thrown at once'); }]) {
        const route = authenticatedRoute(async (request) => (handlerCalls.push(request), json(200, request.prefetched)), { users, prefetch });
        const gone = await call(route, routeEvent({ subject: { ...buyer, sub: 'u-gone' } }));
        expect(gone.statusCode).toBe(403);
        expect(gone.parsed.code).toBe('user-inactive');
        expect(gone.body).not.toContain('secret');
        const forbidden = await call(route, decisionEvent({ method: 'POST', subject: buyer }));
        expect(forbidden.statusCode).toBe(403);
        expect(forbidden.parsed.code).toBe('forbidden');
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(handlerCalls).toEqual([]);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('an allowed caller gets the prefetch error as the route would have raised it (a bad query is 400)', async () => {
    const route = authenticatedRoute(async () => json(200, {}), {
      users,
      prefetch: async (_claimed, event) => parseQuery(event, z.object({ skus: z.string().check(z.minLength(1)) })),
    });
    const response = await call(route, routeEvent({ subject: buyer }));
    expect(response.statusCode).toBe(400);
    expect(response.parsed.errors?.map((e) => e.field)).toEqual(['query.skus']);
  });
});

describe('authenticatedRoute userFromPrefetch', () => {
  const asked: string[] = [];
  const watched = { ...users, get: async (u: { userId: string; dealerId?: string | undefined }) => (asked.push(u.userId), users.get(u)) };
  const record = (userId: string) => users.get({ userId, dealerId: 'D-1' });

  it('checks the record the prefetch read, without asking the user store', async () => {
    asked.length = 0;
    type Read = { data: string; user: { user: Awaited<ReturnType<typeof record>> } };
    const route = authenticatedRoute<Read>(async ({ user, prefetched }) => json(200, { userId: user.userId, prefetched: prefetched.data }), {
      users: watched,
      prefetch: async (claimed) => ({ data: 'stock', user: { user: await record(claimed.userId) } }),
      userFromPrefetch: (p) => p.user,
    });
    const ok = await call(route, routeEvent({ subject: buyer }));
    expect(ok.statusCode).toBe(200);
    expect(ok.parsed).toEqual({ userId: 'u1', prefetched: 'stock' });
    // Read and not found: refused like a missing record, what was read never shown.
    const gone = await call(route, routeEvent({ subject: { ...buyer, sub: 'u-gone' } }));
    expect(gone.statusCode).toBe(403);
    expect(gone.parsed.code).toBe('user-inactive');
    expect(gone.body).not.toContain('stock');
    expect(asked).toEqual([]);
  });

  it('asks the user store when the prefetch did not read the record or failed, and refuses before the prefetch error', async () => {
    asked.length = 0;
    const notRead = authenticatedRoute(async ({ user }) => json(200, { userId: user.userId }), { users: watched, prefetch: async () => ({}), userFromPrefetch: () => undefined });
    expect((await call(notRead, routeEvent({ subject: buyer }))).statusCode).toBe(200);
    const failing = authenticatedRoute(async () => json(200, {}), {
      users: watched,
      prefetch: async (_claimed, event) => parseQuery(event, z.object({ skus: z.string().check(z.minLength(1)) })),
      userFromPrefetch: () => ({ user: undefined }),
    });
    const refused = await call(failing, routeEvent({ subject: { ...buyer, sub: 'u-gone' } }));
    expect(refused.statusCode).toBe(403);
    const allowed = await call(failing, routeEvent({ subject: buyer }));
    expect(allowed.statusCode).toBe(400);
    expect(asked).toEqual(['u1', 'u-gone', 'u1']);
  });
});

describe('publicRoute', () => {
  it('turns an unexpected error into a bare 500 that leaks nothing', async () => {
    const failing = publicRoute(async () => {
      throw new Error('connection string postgres://secret@db');
    });
    const response = await call(failing, httpEvent({}));
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('secret');
    expect(response.parsed).toMatchObject({ code: 'internal', status: 500 });
  });
});
