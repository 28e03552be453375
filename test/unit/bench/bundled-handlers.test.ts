/**
 * The deployed artifacts, not the sources: every catalog function bundled with `bundlingSettings`
 * (stand-ins included) must load in the pinned Node, and health/me must run end to end with
 * Powertools — X-Ray subsegments from `captureLambdaHandler` and `captureAWSv3Client` caught on a
 * local UDP "daemon", DynamoDB reached (at a closed port) with the environment credentials.
 *
 * Powertools is external (it comes from the project's Powertools layer): the layer is built here with
 * `buildPowertoolsLayer` — what the CDK construct deploys — in the system temp dir, away from the
 * project's node_modules, and the bundles are written inside it (`<layer>/nodejs/functions/<name>/`),
 * so their `@aws-lambda-powertools/*` imports resolve to the layer's `nodejs/node_modules` and nothing
 * else, as they resolve to /opt/nodejs/node_modules in Lambda.
 */
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlingSettings } from '#infra/constructs/bundling';
import { buildPowertoolsLayer, layerFileOf, powertoolsEntryPoints, type PowertoolsLayerBuild } from '#infra/constructs/powertools-layer';
import { bundleTarget, bundleTargets, functionsDirOf, lambdaEnvironment, pinnedNode, projectRoot, type BuiltBundle } from '../../../bench/bundles.ts';

const traceId = '1-5759e988-bd862e3fe1be46a994272793';

/** Imports a bundle, invokes its handler once with a Lambda-like context, prints the result. */
const invokeProbe = `
const { handler } = await import(process.env.BUNDLE_URL);
const context = {
  functionName: 'bundle-test', functionVersion: '$LATEST', memoryLimitInMB: '1024', awsRequestId: 'request-1',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:bundle-test',
  logGroupName: '/aws/lambda/bundle-test', logStreamName: 'stream', callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 10000,
};
const result = await handler(JSON.parse(process.env.EVENT), context);
process.stdout.write('\\nRESULT=' + JSON.stringify(result) + '\\n');
setTimeout(() => process.exit(0), 100); // let the X-Ray emitter's UDP sends leave
`;

function httpEvent(path: string, claims?: Record<string, string>) {
  return {
    version: '2.0',
    routeKey: `GET ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: { 'x-correlation-id': 'correlation-1' },
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
      requestId: 'api-request-1',
      routeKey: `GET ${path}`,
      stage: '$default',
      time: '30/Nov/2026:12:00:00 +0000',
      timeEpoch: 0,
      ...(claims ? { authorizer: { jwt: { claims, scopes: [] } } } : {}),
    },
  };
}

interface Invocation {
  readonly code: number | null;
  readonly result: { statusCode: number; headers: Record<string, string>; body: string } | undefined;
  readonly stdout: string;
  readonly stderr: string;
  readonly segments: Array<Record<string, unknown>>;
}

async function invoke(bundle: BuiltBundle, event: unknown, extraEnv: Record<string, string> = {}): Promise<Invocation> {
  const daemon = dgram.createSocket('udp4');
  const segments: Array<Record<string, unknown>> = [];
  // Each datagram is a JSON header line, then the segment document.
  daemon.on('message', (message) => segments.push(JSON.parse(message.toString().split('\n')[1] ?? '{}') as Record<string, unknown>));
  await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
  try {
    const child = spawn(pinnedNode, ['--input-type=module', '--eval', invokeProbe], {
      cwd: path.dirname(bundle.file),
      env: {
        ...lambdaEnvironment(path.dirname(bundle.file)),
        _HANDLER: 'index.handler',
        _X_AMZN_TRACE_ID: `Root=${traceId};Parent=53995c3f42cd8ad8;Sampled=1`,
        AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.address().port}`,
        AWS_MAX_ATTEMPTS: '1',
        BUNDLE_URL: pathToFileURL(bundle.file).href,
        EVENT: JSON.stringify(event),
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const result = /RESULT=(.*)/.exec(stdout)?.[1];
    return { code, result: result ? (JSON.parse(result) as Invocation['result']) : undefined, stdout, stderr, segments };
  } finally {
    daemon.close();
  }
}

describe('bundled functions', { timeout: 60_000 }, () => {
  let layer: PowertoolsLayerBuild;
  const bundles = new Map<string, BuiltBundle>();

  beforeAll(async () => {
    layer = buildPowertoolsLayer(await mkdtemp(path.join(tmpdir(), 'test-powertools-layer-')));
    const functionsDir = functionsDirOf(layer.dir);
    for (const bundle of await Promise.all(
      bundleTargets()
        .filter((target) => !target.withoutStandIns)
        .map((target) => bundleTarget(target, functionsDir, { layer })),
    ))
      bundles.set(bundle.name, bundle);
    // Bundling every function takes longer than the default hook timeout as functions are added.
  }, 120_000);
  afterAll(async () => {
    if (layer) await rm(layer.dir, { recursive: true, force: true });
  });
  const bundle = (name: string): BuiltBundle => {
    const found = bundles.get(name);
    if (!found) throw new Error(`no bundle ${name}`);
    return found;
  };

  it('import stand-in packages only from the modules the stand-ins were written for', () => {
    expect(Object.fromEntries([...bundles.values()].map((b) => [b.name, b.unexpectedStandInImports]))).toEqual(
      Object.fromEntries([...bundles.keys()].map((name) => [name, []])),
    );
  });

  it('carry no credential chain beyond the environment provider', () => {
    for (const b of bundles.values()) {
      expect(b.contributors.map((c) => c.name)).not.toContain('@aws-sdk/nested-clients');
      expect(b.contributors.map((c) => c.name)).not.toContain('@aws-sdk/credential-provider-ini');
    }
  });

  /** Packages the Powertools layer provides: Powertools itself and what Tracer loads the X-Ray SDK with. */
  const layerProvided = /(^|\/)node_modules\/(@aws-lambda-powertools\/|aws-xray-sdk-core\/|cls-hooked\/)/;

  it("carry neither Powertools nor the X-Ray SDK: they import the layer's entry points, nothing else", () => {
    const functions = [...bundles.values()].filter((b) => !b.name.startsWith('bare-'));
    expect(functions.length).toBeGreaterThan(1);
    for (const b of bundles.values()) {
      expect({ bundle: b.name, inputs: b.inputs.filter((input) => layerProvided.test(input)) }).toEqual({ bundle: b.name, inputs: [] });
      // Nothing else is left to the runtime: only entry points of the layer (the AWS SDK stays bundled).
      for (const specifier of b.externalImports) expect(powertoolsEntryPoints).toContain(specifier);
    }
    for (const b of functions) {
      expect(b.externalImports).toEqual(expect.arrayContaining(['@aws-lambda-powertools/logger', '@aws-lambda-powertools/tracer']));
    }
    expect(bundlingSettings.external).toEqual(['@aws-lambda-powertools/*']);
  });

  it('are written where Node finds the layer and not the project (a temp dir outside it)', () => {
    for (const b of bundles.values()) {
      expect(path.relative(layer.dir, b.file).startsWith('nodejs/')).toBe(true);
      expect(path.relative(projectRoot, b.file).startsWith('..')).toBe(true);
    }
  });

  it('count the layer files they load (bench +layer KB): entry points and their chunks, Tracer bringing the X-Ray SDK', () => {
    const measured = bundle('health');

    expect(measured.layer.files).toEqual(expect.arrayContaining(measured.externalImports.map((specifier) => layerFileOf(specifier as (typeof powertoolsEntryPoints)[number]))));
    expect(measured.layer.files.some((file) => file.includes('/_shared/'))).toBe(true);
    expect(measured.layer.bytes).toBeLessThanOrEqual(layer.bytes);
    expect(bundle('bare-ddb-client').layer.bytes).toBe(0);
    expect(measured.layer.contributors.map((c) => c.name)).toEqual(
      expect.arrayContaining(['@aws-lambda-powertools/logger', '@aws-lambda-powertools/metrics', '@aws-lambda-powertools/tracer', 'aws-xray-sdk-core']),
    );
    expect(measured.layer.bytes).toBeGreaterThan(100_000);
    expect(measured.layer.sourceBytes).toBeGreaterThan(measured.layer.bytes);
  });

  it('health answers 200 and traces the invocation', async () => {
    const run = await invoke(bundle('health'), httpEvent('/health'));
    expect(run.code, run.stderr).toBe(0);
    expect(run.result?.statusCode).toBe(200);
    expect(JSON.parse(run.result?.body ?? '{}')).toMatchObject({ status: 'ok' });
    expect(run.segments).toContainEqual(expect.objectContaining({ name: '## index.handler', trace_id: traceId }));
  });

  it('me loads, authorizes and gets as far as DynamoDB, traced by captureAWSv3Client', async () => {
    const run = await invoke(bundle('me'), httpEvent('/me', { sub: 'user-1', 'cognito:groups': '[buyer]', 'custom:dealerId': 'D-1' }), {
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9',
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.result?.statusCode).toBe(500);
    expect(run.stderr).toContain('ECONNREFUSED 127.0.0.1:9');
    expect(run.segments).toContainEqual(
      expect.objectContaining({
        name: 'DynamoDB',
        namespace: 'aws',
        trace_id: traceId,
        aws: expect.objectContaining({ table_name: 'bench-table', region: 'eu-west-1' }) as unknown,
      }),
    );
  });

  it('me without environment credentials fails on credentials, not on loading', async () => {
    const run = await invoke(bundle('me'), httpEvent('/me', { sub: 'user-1', 'cognito:groups': '[buyer]', 'custom:dealerId': 'D-1' }), {
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9',
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_SESSION_TOKEN: '',
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.result?.statusCode).toBe(500);
    expect(run.stderr).toContain('Unable to find environment variable credentials');
  });

  it('every function bundle loads with the configuration a deployed function gets', async () => {
    const probe = `await import(process.env.BUNDLE_URL); process.exit(0);`;
    for (const b of bundles.values()) {
      const child = spawn(pinnedNode, ['--input-type=module', '--eval', probe], {
        env: { ...lambdaEnvironment(path.dirname(b.file)), BUNDLE_URL: pathToFileURL(b.file).href },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect({ bundle: b.name, code, stderr }).toEqual({ bundle: b.name, code: 0, stderr: '' });
    }
  });
});
