import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { claimsAsApiGatewayPasses } from '#local/gateway';
import type { TokenSubject } from '#local/token-issuer';
import { dealerIdClaim } from '#functions/shared/auth';

/** An API Gateway payload 2.0 event for unit tests of handlers, claims rendered as API Gateway does. */
export function httpEvent(init: {
  method?: string;
  path?: string;
  subject?: TokenSubject | undefined;
  body?: unknown;
  pathParameters?: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  headers?: Record<string, string>;
}): APIGatewayProxyEventV2WithJWTAuthorizer {
  const method = init.method ?? 'GET';
  const path = init.path ?? '/';
  const claims = init.subject
    ? claimsAsApiGatewayPasses({
        sub: init.subject.sub,
        email: init.subject.email,
        'cognito:groups': [...init.subject.groups],
        ...(init.subject.dealerId ? { [dealerIdClaim]: init.subject.dealerId } : {}),
      })
    : {};
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', ...init.headers },
    ...(init.pathParameters ? { pathParameters: init.pathParameters } : {}),
    ...(init.queryStringParameters ? { queryStringParameters: init.queryStringParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims, scopes: [] } },
      domainName: 'test',
      domainPrefix: 'test',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: 'req-test-1',
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    ...(init.body !== undefined ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) } : {}),
    isBase64Encoded: false,
  };
}

export const lambdaContext = (): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:test',
  memoryLimitInMB: '128',
  awsRequestId: 'aws-req-1',
  logGroupName: '/aws/lambda/test',
  logStreamName: 'test',
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});
