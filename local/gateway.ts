import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { isAuthenticated, routes, routeKey, type RouteSpec } from '#functions/routes';
import type { LocalFunctions } from './functions.ts';
import type { TokenIssuer } from './token-issuer.ts';

/**
 * Routes like the HTTP API: the same route table as CDK, payload format 2.0 events, and for
 * authenticated routes a JWT authorizer that verifies the bearer token and passes its claims the
 * way API Gateway does (as strings; arrays as "[a b]"). No route → 404, bad token → 401, with
 * API Gateway's own bodies, before any function runs.
 */
interface CompiledRoute {
  readonly route: RouteSpec;
  readonly pattern: RegExp;
  readonly params: string[];
  readonly literalSegments: number;
}

function compile(route: RouteSpec): CompiledRoute {
  const params: string[] = [];
  const segments = route.path.split('/').filter(Boolean);
  const source = segments
    .map((segment) => {
      const greedy = /^\{(\w+)\+\}$/.exec(segment);
      if (greedy) {
        params.push(greedy[1]!);
        return '/(.+)';
      }
      const param = /^\{(\w+)\}$/.exec(segment);
      if (param) {
        params.push(param[1]!);
        return '/([^/]+)';
      }
      return `/${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
    })
    .join('');
  return { route, pattern: new RegExp(`^${source || '/'}$`), params, literalSegments: segments.filter((s) => !s.startsWith('{')).length };
}

/** Most literal segments first: API Gateway prefers `/orders/export` over `/orders/{orderId}`. */
const compiled = (routes as readonly RouteSpec[]).map(compile).sort((a, b) => b.literalSegments - a.literalSegments);

export function matchRoute(method: string, path: string): { route: RouteSpec; pathParameters: Record<string, string> } | undefined {
  for (const candidate of compiled) {
    if (candidate.route.method !== method) continue;
    const match = candidate.pattern.exec(path);
    if (!match) continue;
    const pathParameters = Object.fromEntries(candidate.params.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
    return { route: candidate.route, pathParameters };
  }
  return undefined;
}

/** API Gateway's rendering of JWT claims for Lambda: every value a string. */
export function claimsAsApiGatewayPasses(claims: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(claims).map(([key, value]) => [key, Array.isArray(value) ? `[${value.join(' ')}]` : String(value)]),
  );
}

export interface GatewayDeps {
  readonly functions: LocalFunctions;
  readonly tokens: TokenIssuer;
  readonly corsOrigin?: string | undefined;
}

export function startGateway(deps: GatewayDeps, port = 0): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    void handle(request, response, deps).catch(() => {
      if (!response.headersSent) send(response, 500, { message: 'Internal Server Error' });
    });
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}` });
    });
  });
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

async function handle(request: IncomingMessage, response: ServerResponse, deps: GatewayDeps) {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const method = (request.method ?? 'GET').toUpperCase();
  const cors: Record<string, string> = deps.corsOrigin ? { 'access-control-allow-origin': deps.corsOrigin } : {};
  if (method === 'OPTIONS' && deps.corsOrigin) {
    response
      .writeHead(204, {
        ...cors,
        'access-control-allow-methods': 'GET,POST,PUT,PATCH,DELETE',
        'access-control-allow-headers': 'authorization,content-type,idempotency-key,x-correlation-id',
      })
      .end();
    return;
  }
  const matched = matchRoute(method, url.pathname);
  if (!matched) return send(response, 404, { message: 'Not Found' }, cors);

  let claims: Record<string, string> | undefined;
  if (isAuthenticated(matched.route)) {
    const header = request.headers.authorization ?? '';
    const token = header.replace(/^Bearer\s+/i, '');
    const verified = token ? await deps.tokens.verify(token) : undefined;
    if (!verified) return send(response, 401, { message: 'Unauthorized' }, { ...cors, 'www-authenticate': 'Bearer' });
    claims = claimsAsApiGatewayPasses(verified);
  }

  // A request without a body (every GET) is not read as a stream: nothing would come.
  const hasBody = request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
  const chunks: Buffer[] = [];
  if (hasBody) for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = chunks.length ? Buffer.concat(chunks).toString('utf8') : undefined;
  const now = new Date();
  const headers = Object.fromEntries(
    Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(',') : String(v)]),
  );
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = query[k] === undefined ? v : `${query[k]},${v}`;

  const event: APIGatewayProxyEventV2WithJWTAuthorizer = {
    version: '2.0',
    routeKey: routeKey(matched.route),
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(Object.keys(matched.pathParameters).length ? { pathParameters: matched.pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: claims ?? {}, scopes: [] } },
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: request.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey: routeKey(matched.route),
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: false,
  };

  const result = (await deps.functions.invoke(matched.route.function, event)) as
    | { statusCode?: number; headers?: Record<string, string>; body?: string }
    | string
    | undefined;
  // Payload 2.0: a result without statusCode is a 200 JSON body.
  if (result === undefined || typeof result !== 'object' || result.statusCode === undefined) {
    return send(response, 200, result ?? null, cors);
  }
  response.writeHead(result.statusCode, { ...cors, ...(result.headers ?? {}) }).end(result.body ?? '');
}
