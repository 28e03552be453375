/**
 * Generates the documents derived from code: docs/openapi.json (from the route table and each route's
 * zod contract) and docs/permissions.md (from the permission model). `npm run docs` writes them;
 * test/unit/docs/generated.test.ts fails when a committed copy is out of date.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
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

const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().describe('Stable machine-readable error code'),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })).optional().describe('Per-field reasons'),
  })
  .describe('RFC 9457 problem details');

const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: problem } } });

export async function openApiDocument(): Promise<object> {
  const contracts = await loadRouteContracts();
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'cognito', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'Cognito ID token (carries cognito:groups and custom:dealerId)',
  });
  for (const route of routes as readonly RouteSpec[]) {
    const contract = contracts.get(routeKey(route));
    if (!contract) throw new Error(`route ${routeKey(route)} has no contract in functions/http/contracts/`);
    const isPublic = route.action === 'public';
    registry.registerPath({
      method: route.method.toLowerCase() as 'get',
      path: route.path,
      operationId: route.function,
      summary: contract.summary,
      description: isPublic ? 'Public.' : `Requires the \`${route.action}\` permission: ${actions[route.action]}.`,
      ...(isPublic ? {} : { security: [{ cognito: [] }] }),
      request: {
        ...(contract.path ? { params: contract.path } : {}),
        ...(contract.query ? { query: contract.query } : {}),
        ...(contract.body ? { body: { content: { 'application/json': { schema: contract.body } } } } : {}),
      },
      responses: {
        [contract.status ?? 200]: { description: 'Success', content: { 'application/json': { schema: contract.response } } },
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
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Dealer portal API', version: '0.1.0', description: 'Generated from functions/routes.ts and functions/http/contracts/ by docs/generate.ts.' },
  });
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
