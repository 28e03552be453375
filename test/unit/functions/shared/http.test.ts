import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Conflict } from '#domain/errors';
import { authenticatedRoute, json, parseJsonBody, publicRoute } from '#functions/shared/http';
import { httpEvent, lambdaContext } from '#test/support/events';

const buyer = { sub: 'u1', email: 'u1@example.test', groups: ['buyer'] as const, dealerId: 'D-1' };

const echo = authenticatedRoute({ roles: ['buyer'] }, async ({ event, principal }) => {
  const body = parseJsonBody(event, z.strictObject({ quantity: z.number().int().positive(), sku: z.string().min(1) }));
  return json(201, { principal, body });
});

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
    const response = await call(echo, httpEvent({ method: 'POST', subject: { ...buyer, groups: ['buyer'] }, body: { sku: 'A', quantity: 2 } }));
    expect(response.statusCode).toBe(201);
    expect(response.parsed).toEqual({
      principal: { kind: 'dealer', userId: 'u1', dealerId: 'D-1', roles: ['buyer'] },
      body: { sku: 'A', quantity: 2 },
    });
  });

  it('answers problem+json with a reason per field for a bad body', async () => {
    const response = await call(echo, httpEvent({ method: 'POST', subject: { ...buyer, groups: ['buyer'] }, body: { sku: '', quantity: 1.5, extra: true } }));
    expect(response.statusCode).toBe(400);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(response.parsed.code).toBe('validation-failed');
    expect(response.parsed.instance).toBe('req-test-1');
    expect(response.parsed.errors?.map((e) => e.field).sort()).toEqual(['body', 'body.quantity', 'body.sku']);
  });

  it('answers problem+json for a body that is not JSON', async () => {
    const response = await call(echo, httpEvent({ method: 'POST', subject: { ...buyer, groups: ['buyer'] }, body: '{"sku":' }));
    expect(response.statusCode).toBe(400);
    expect(response.parsed.errors).toEqual([{ field: 'body', code: 'invalid_json', message: 'the body is not valid JSON' }]);
  });

  it('refuses a role the route does not allow', async () => {
    const response = await call(echo, httpEvent({ method: 'POST', subject: { ...buyer, groups: ['viewer'] }, body: { sku: 'A', quantity: 1 } }));
    expect(response.statusCode).toBe(403);
    expect(response.parsed.code).toBe('forbidden');
  });

  it('refuses claims without a usable role, and a request without claims', async () => {
    const noDealer = await call(echo, httpEvent({ subject: { sub: 'u1', email: 'x', groups: ['buyer'] } }));
    expect(noDealer.statusCode).toBe(401);
    const none = await call(echo, httpEvent({}));
    expect(none.statusCode).toBe(401);
    expect(none.parsed.code).toBe('unauthenticated');
  });

  it('maps a domain conflict to 409 with its own code', async () => {
    const conflicting = authenticatedRoute({ roles: ['buyer'] }, async () => {
      throw new Conflict('approval-closed', 'approval A is already approved');
    });
    const response = await call(conflicting, httpEvent({ subject: { ...buyer, groups: ['buyer'] } }));
    expect(response.statusCode).toBe(409);
    expect(response.parsed).toMatchObject({ code: 'approval-closed', detail: 'approval A is already approved', status: 409 });
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
