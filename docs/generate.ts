/**
 * Generates the documents derived from code: docs/openapi.json (from the route table and each route's
 * zod contract) and docs/permissions.md (from the permission model). `npm run docs` writes them;
 * test/unit/docs/generated.test.ts fails when a committed copy is out of date.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as z from 'zod/mini';
import { allRoles } from '#domain/identity';
import { actions, can, type Action } from '#domain/permissions';
import type { RouteContract } from '#functions/http/contracts/route-contract';
import { routeKey, routes, type RouteSpec } from '#functions/routes';

const docsDir = fileURLToPath(new URL('.', import.meta.url));
const contractsDir = fileURLToPath(new URL('../functions/http/contracts/', import.meta.url));

/** Every `contract` exported by a module in functions/http/contracts/, by route key. */
export async function loadRouteContracts(): Promise<Map<string, RouteContract>> {
  const contracts = new Map<string, RouteContract>();
  for (const file of (await readdir(contractsDir)).filter((f) => f.endsWith('.ts') && f !== 'route-contract.ts').sort()) {
    const module = (await import(pathToFileURL(`${contractsDir}${file}`).href)) as { contract?: RouteContract };
    if (!module.contract) throw new Error(`${file} exports no contract`);
    if (contracts.has(module.contract.route)) throw new Error(`two contracts for ${module.contract.route}`);
    contracts.set(module.contract.route, module.contract);
  }
  return contracts;
}

/** RFC 9457 problem details, the body of every 4xx the API answers itself. */
const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    code: z.string().check(z.describe('Stable machine-readable error code')),
    detail: z.optional(z.string()),
    instance: z.optional(z.string()),
    errors: z.optional(z.array(z.object({ field: z.string(), code: z.string(), message: z.string() }))).check(z.describe('Per-field reasons')),
  })
  .check(z.describe('RFC 9457 problem details'));

/** A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1), as z.toJSONSchema writes it. */
type JsonSchema = Record<string, unknown>;

/** String formats JSON Schema names, whose regex z.toJSONSchema also writes out as a `pattern`. */
const standardFormats = new Set(['date-time', 'date', 'time', 'duration', 'email', 'uri', 'uuid', 'ipv4', 'ipv6']);

/**
 * Keeps the document to what a client needs, as the generator before this one wrote it:
 * - a plain (non-strict) `z.object` strips unknown keys, so its *output* side gets
 *   `additionalProperties: false`; a response that gains a field must not break clients, so only a
 *   `z.strictObject` says it;
 * - the ±2^53−1 bounds every zod integer carries are implied by `integer` for any JSON client;
 * - a string format JSON Schema names (`date-time`, `email`, ...) is said by `format`, without zod's
 *   long regex for it repeated as a `pattern` (a `.regex()` of one's own on it stays).
 */
function override({ zodSchema, jsonSchema: json }: { zodSchema: z.core.$ZodTypes; jsonSchema: z.core.JSONSchema.BaseSchema }): void {
  const def = zodSchema._zod.def;
  if (def.type === 'object' && def.catchall === undefined && json.additionalProperties === false) delete json.additionalProperties;
  if (json.type === 'integer' && json.minimum === Number.MIN_SAFE_INTEGER) delete json.minimum;
  if (json.type === 'integer' && json.maximum === Number.MAX_SAFE_INTEGER) delete json.maximum;
  const onlyItsFormatsPattern =
    def.type === 'string' && 'pattern' in def && def.pattern instanceof RegExp && !(def.checks ?? []).some((check) => check._zod.def.check === 'string_format');
  if (onlyItsFormatsPattern && typeof json.format === 'string' && standardFormats.has(json.format)) delete json.pattern;
}

/**
 * The JSON Schema of a zod schema, classic or zod/mini alike (both are `$ZodType`s; descriptions come
 * from z.globalRegistry, where classic `.describe()` and mini `z.describe()` put them). `io` picks the
 * input side (what a client sends: a field with a default is optional, a transform is described by what
 * it accepts) or the output side (what a handler returns). A type JSON Schema cannot express becomes
 * `{}` (any) rather than an error. `$schema` is dropped: OpenAPI 3.1's dialect is draft 2020-12.
 */
function jsonSchema(schema: z.core.$ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any', override }) as JsonSchema;
  if ('$defs' in rest) {
    // Only a recursive schema or one registered with an `id` is written with $defs, and inside an
    // OpenAPI document `#/$defs/…` would resolve against the document, not the schema. None exists today.
    throw new Error('a contract schema needs $defs (recursive, or registered with an id): lift them into components.schemas');
  }
  return rest;
}

/** One OpenAPI parameter per property of a route's path or query object schema. */
function parameters(schema: z.core.$ZodType, location: 'path' | 'query'): object[] {
  const object = jsonSchema(schema, 'input') as { type?: unknown; properties?: Record<string, JsonSchema>; required?: string[] };
  if (object.type !== 'object' || !object.properties) throw new Error(`a contract's ${location} schema is not an object schema`);
  const required = new Set(object.required ?? []);
  return Object.entries(object.properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: jsonSchema(problem, 'output') } } });

/**
 * What the generator reads of a route contract, with the schemas typed as zod's core `$ZodType` so a
 * contract written with classic `zod` and one written with `zod/mini` are documented alike.
 */
export interface DocumentedContract extends Pick<RouteContract, 'route' | 'summary' | 'status' | 'conflicts'> {
  readonly path?: z.core.$ZodType | undefined;
  readonly query?: z.core.$ZodType | undefined;
  readonly body?: z.core.$ZodType | undefined;
  readonly response: z.core.$ZodType;
}

/** The OpenAPI operation of one route: its contract's parameters, body and responses, and its permission. */
export function openApiOperation(route: RouteSpec, contract: DocumentedContract): object {
  const isPublic = route.action === 'public';
  const params = [...(contract.path ? parameters(contract.path, 'path') : []), ...(contract.query ? parameters(contract.query, 'query') : [])];
  return {
    operationId: route.function,
    summary: contract.summary,
    description: isPublic ? 'Public.' : `Requires the \`${route.action}\` permission: ${actions[route.action]}.`,
    ...(isPublic ? {} : { security: [{ cognito: [] }] }),
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(contract.body ? { requestBody: { content: { 'application/json': { schema: jsonSchema(contract.body, 'input') } } } } : {}),
    responses: {
      [contract.status ?? 200]: { description: 'Success', content: { 'application/json': { schema: jsonSchema(contract.response, 'output') } } },
      ...(contract.path || contract.query || contract.body ? { 400: problemResponse('Invalid input: per-field reasons, nothing changed') } : {}),
      ...(isPublic
        ? {}
        : {
            401: { description: 'Missing, expired or invalid token (from the authorizer)' },
            403: problemResponse('The user is inactive or lacks the permission'),
          }),
      ...(contract.path ? { 404: problemResponse('No such resource for the caller (also for other dealers\u2019 ids)') } : {}),
      ...(contract.conflicts
        ? {
            409: problemResponse(
              `Conflict; \`code\` is one of: ${Object.entries(contract.conflicts)
                .map(([code, meaning]) => `\`${code}\` (${meaning})`)
                .join('; ')}`,
            ),
          }
        : {}),
    },
  };
}

/** The OpenAPI 3.1 document of the HTTP API: every route in functions/routes.ts with its contract's schemas. */
export async function openApiDocument(): Promise<object> {
  const contracts = await loadRouteContracts();
  const paths: Record<string, Record<string, object>> = {};
  for (const route of routes as readonly RouteSpec[]) {
    const contract = contracts.get(routeKey(route));
    if (!contract) throw new Error(`route ${routeKey(route)} has no contract in functions/http/contracts/`);
    (paths[route.path] ??= {})[route.method.toLowerCase()] = openApiOperation(route, contract);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Dealer portal API', version: '0.1.0', description: 'Generated from functions/routes.ts and functions/http/contracts/ by docs/generate.ts.' },
    components: {
      securitySchemes: {
        cognito: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Cognito ID token (carries cognito:groups and custom:dealerId)',
        },
      },
    },
    paths,
  };
}

export function permissionsMarkdown(): string {
  const actionNames = Object.keys(actions) as Action[];
  const lines = [
    '# Permissions',
    '',
    'Generated from `domain/permissions.ts` and `functions/routes.ts` by `npm run docs`; do not edit by hand.',
    'Every authenticated route declares one action; the shared middleware (`functions/shared/authenticated-route.ts`)',
    "checks it against the roles on the caller's current user record. Dealer roles act on their own dealer only.",
    '',
    '## Role → action',
    '',
    `| action | meaning | ${allRoles.join(' | ')} |`,
    `|---|---|${allRoles.map(() => ':---:').join('|')}|`,
    ...actionNames.map((action) => `| \`${action}\` | ${actions[action]} | ${allRoles.map((role) => (can([role], action) ? '✓' : '')).join(' | ')} |`),
    '',
    '## Routes',
    '',
    '| route | action | roles allowed |',
    '|---|---|---|',
    ...(routes as readonly RouteSpec[]).map((route) => {
      const allowed = route.action === 'public' ? 'anyone (no token)' : allRoles.filter((role) => can([role], route.action as Action)).join(', ');
      return `| \`${routeKey(route)}\` | ${route.action === 'public' ? 'public' : `\`${route.action}\``} | ${allowed} |`;
    }),
    '',
  ];
  return lines.join('\n');
}

export async function generatedDocs(): Promise<Record<string, string>> {
  return {
    'openapi.json': `${JSON.stringify(await openApiDocument(), null, 2)}\n`,
    'permissions.md': permissionsMarkdown(),
  };
}

if (import.meta.main) {
  for (const [file, content] of Object.entries(await generatedDocs())) {
    await writeFile(`${docsDir}${file}`, content);
    console.log(`wrote docs/${file}`);
  }
}
