import { describe, expect, it } from 'vitest';
import * as classic from 'zod';
import * as z from 'zod/mini';
import { openApiOperation, type DocumentedContract } from '../../../docs/generate.ts';
import type { RouteSpec } from '#functions/routes';

/** docs/generate.ts writes the same OpenAPI operation for a contract in zod/mini as for the same contract in classic zod. */

const route: RouteSpec = { method: 'POST', path: '/things/{thingId}', function: 'approvalDecision', action: 'approvals:decide' };

const miniContract: DocumentedContract = {
  route: 'POST /things/{thingId}',
  summary: 'Decide a thing',
  path: z.object({ thingId: z.string().check(z.regex(/^T-\d+$/), z.describe('The thing')) }),
  query: z.object({
    limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))).check(z.describe('Page size, 1–100')),
    mode: z._default(z.enum(['fast', 'slow']), 'fast').check(z.describe('How')),
    tag: z.string(),
  }),
  body: z.strictObject({
    decision: z.enum(['approved', 'rejected']),
    comment: z.optional(z.string().check(z.maxLength(1000))),
    at: z.iso.datetime(),
  }),
  response: z.object({
    thingId: z.string(),
    count: z.int(),
    decidedAt: z.nullable(z.string()).check(z.describe('When; null while pending')),
    skus: z.pipe(z.string(), z.transform((value) => value.split(','))),
  }),
  status: 201,
  conflicts: { 'already-decided': 'decided before' },
};

const classicContract: DocumentedContract = {
  route: 'POST /things/{thingId}',
  summary: 'Decide a thing',
  path: classic.object({ thingId: classic.string().regex(/^T-\d+$/).describe('The thing') }),
  query: classic.object({
    limit: classic.coerce.number().int().min(1).max(100).optional().describe('Page size, 1–100'),
    mode: classic.enum(['fast', 'slow']).default('fast').describe('How'),
    tag: classic.string(),
  }),
  body: classic.strictObject({
    decision: classic.enum(['approved', 'rejected']),
    comment: classic.string().max(1000).optional(),
    at: classic.iso.datetime(),
  }),
  response: classic.object({
    thingId: classic.string(),
    count: classic.number().int(),
    decidedAt: classic.string().nullable().describe('When; null while pending'),
    skus: classic.string().transform((value) => value.split(',')),
  }),
  status: 201,
  conflicts: { 'already-decided': 'decided before' },
};

const problemJson = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: expect.objectContaining({ description: 'RFC 9457 problem details' }) as unknown } },
});

describe.each([
  ['zod/mini', miniContract],
  ['classic zod', classicContract],
])('the OpenAPI operation of a %s contract', (_flavour, contract) => {
  const operation = openApiOperation(route, contract) as Record<string, unknown>;

  it('names the operation, its permission and the cognito security', () => {
    expect(operation).toMatchObject({
      operationId: 'approvalDecision',
      summary: 'Decide a thing',
      description: expect.stringMatching(/^Requires the `approvals:decide` permission: /) as unknown,
      security: [{ cognito: [] }],
    });
  });

  it('has one parameter per path and query property, required as the object says, with its description', () => {
    expect(operation.parameters).toEqual([
      { name: 'thingId', in: 'path', required: true, description: 'The thing', schema: { type: 'string', pattern: '^T-\\d+$', description: 'The thing' } },
      {
        name: 'limit',
        in: 'query',
        required: false,
        description: 'Page size, 1–100',
        schema: { type: 'integer', minimum: 1, maximum: 100, description: 'Page size, 1–100' },
      },
      { name: 'mode', in: 'query', required: false, description: 'How', schema: { type: 'string', enum: ['fast', 'slow'], default: 'fast', description: 'How' } },
      { name: 'tag', in: 'query', required: true, schema: { type: 'string' } },
    ]);
  });

  it('describes the body by its input side, closed only because it is strict, without $schema', () => {
    expect(operation.requestBody).toEqual({
      content: {
        'application/json': {
          schema: {
            type: 'object',
            properties: {
              decision: { type: 'string', enum: ['approved', 'rejected'] },
              comment: { type: 'string', maxLength: 1000 },
              at: { type: 'string', format: 'date-time' },
            },
            required: ['decision', 'at'],
            additionalProperties: false,
          },
        },
      },
    });
  });

  it('describes the success response by its output side; a transform’s output is any', () => {
    expect(operation.responses).toMatchObject({
      201: {
        description: 'Success',
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: {
                thingId: { type: 'string' },
                count: { type: 'integer' },
                decidedAt: { type: ['string', 'null'], description: 'When; null while pending' },
                skus: {},
              },
              required: ['thingId', 'count', 'decidedAt', 'skus'],
            },
          },
        },
      },
    });
    const success = JSON.stringify((operation.responses as Record<string, unknown>)[201]);
    expect(success).not.toContain('additionalProperties');
    expect(success).not.toContain('$schema');
  });

  it('answers problem+json for invalid input, a forbidden caller, an unknown id and each conflict', () => {
    const responses = operation.responses as Record<string, unknown>;
    expect(Object.keys(responses).sort()).toEqual(['201', '400', '401', '403', '404', '409']);
    expect(responses).toMatchObject({
      400: problemJson('Invalid input: per-field reasons, nothing changed'),
      401: { description: 'Missing, expired or invalid token (from the authorizer)' },
      403: problemJson('The user is inactive or lacks the permission'),
      404: problemJson('No such resource for the caller (also for other dealers’ ids)'),
      409: problemJson('Conflict; `code` is one of: `already-decided` (decided before)'),
    });
    expect(responses[401]).not.toHaveProperty('content');
  });
});

describe('the OpenAPI operation', () => {
  it('is the same for a zod/mini contract and its classic twin', () => {
    expect(openApiOperation(route, miniContract)).toEqual(openApiOperation(route, classicContract));
  });

  it('of a public route without input has no security, no parameters and only the success response', () => {
    const operation = openApiOperation(
      { method: 'GET', path: '/health', function: 'health', action: 'public' },
      { route: 'GET /health', summary: 'Up?', response: z.object({ status: z.literal('ok') }) },
    );
    expect(operation).toEqual({
      operationId: 'health',
      summary: 'Up?',
      description: 'Public.',
      responses: {
        200: {
          description: 'Success',
          content: { 'application/json': { schema: { type: 'object', properties: { status: { type: 'string', const: 'ok' } }, required: ['status'] } } },
        },
      },
    });
  });

  it('says a standard string format by `format` alone, keeping a pattern of one’s own', () => {
    const operation = openApiOperation(
      { method: 'GET', path: '/health', function: 'health', action: 'public' },
      {
        route: 'GET /health',
        summary: 'Up?',
        response: z.object({
          email: z.email(),
          site: z.url(),
          workEmail: z.email().check(z.regex(/@acme\.example$/)),
          classicEmail: classic.email(),
          day: classic.iso.date(),
        }),
      },
    ) as { responses: { 200: { content: { 'application/json': { schema: { properties: Record<string, object> } } } } } };
    const { properties } = operation.responses[200].content['application/json'].schema;
    expect(properties.email).toEqual({ type: 'string', format: 'email' });
    expect(properties.site).toEqual({ type: 'string', format: 'uri' });
    expect(properties.workEmail).toMatchObject({ allOf: [{ pattern: expect.any(String) as unknown }, { pattern: '@acme\\.example$' }] });
    expect(properties.classicEmail).toEqual({ type: 'string', format: 'email' });
    expect(properties.day).toEqual({ type: 'string', format: 'date' });
  });

  it('rejects a path or query schema that is not an object', () => {
    expect(() => openApiOperation(route, { ...miniContract, query: z.string() })).toThrow(/query schema is not an object/);
  });
});
