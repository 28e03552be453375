import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { stageConfig } from '#infra/config';
import { bundlingSettings } from '#infra/constructs/bundling';
import { forwardedBundlingSettings, PortalFunction, projectRoot } from '#infra/constructs/portal-function';
import { cdkJsonContext } from '#infra/stage';

/**
 * One real bundle (no bundling skip): esbuild runs locally, without Docker. The assembly goes under the
 * project root (cdk.out/, gitignored) so the bundle's Powertools imports resolve to node_modules, as they
 * resolve to the Powertools layer in Lambda.
 */
describe('PortalFunction bundling', () => {
  mkdirSync(join(projectRoot, 'cdk.out'), { recursive: true });
  const outdir = mkdtempSync(join(projectRoot, 'cdk.out', 'test-bundling-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));
  const app = new App({ context: cdkJsonContext(), outdir });
  const stack = new Stack(app, 'BundlingProbe');
  new PortalFunction(stack, { stage: 'dev', config: stageConfig.dev, name: 'health', resources: {} });
  const assembly = app.synth();
  const assets = readdirSync(assembly.directory).filter((entry) => entry.startsWith('asset.'));
  const bundleDir = join(assembly.directory, assets[0] ?? 'missing');
  const bundle = join(bundleDir, 'index.mjs');

  it('produces one ESM bundle with its source map', () => {
    expect(assets).toHaveLength(1);
    expect(existsSync(bundle)).toBe(true);
    expect(existsSync(`${bundle}.map`)).toBe(true);
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.handler', Runtime: 'nodejs24.x' });
  });

  it('starts with the createRequire banner and imports nothing but Node built-ins and Powertools (its layer)', () => {
    const code = readFileSync(bundle, 'utf8');
    const specifiers = [...code.matchAll(/(?:from|import)\s*"([^"]+)"/g)].map((match) => match[1] ?? '');
    const packages = [...new Set(specifiers.filter((specifier) => !specifier.startsWith('node:')))].sort();

    expect(code.startsWith(bundlingSettings.banner)).toBe(true);
    expect(bundlingSettings.external).toEqual(['@aws-lambda-powertools/*']);
    // NodejsFunction got the externals (bundling.externalModules): the deployed bundle leaves Powertools out.
    expect(packages).toEqual([
      '@aws-lambda-powertools/logger',
      '@aws-lambda-powertools/logger/middleware',
      '@aws-lambda-powertools/metrics',
      '@aws-lambda-powertools/metrics/middleware',
      '@aws-lambda-powertools/tracer',
      '@aws-lambda-powertools/tracer/middleware',
    ]);
    expect(code).not.toMatch(/aws-xray-sdk|cls-hooked/);
  });

  it('passes every bundlingSettings key to esbuild (platform is always node)', () => {
    const forwarded: readonly string[] = forwardedBundlingSettings;

    expect(Object.keys(bundlingSettings).filter((key) => !forwarded.includes(key))).toEqual([]);
    expect(bundlingSettings.platform).toBe('node');
  });

  it('loads on this Node and exports the handler', async () => {
    const loaded = (await import(pathToFileURL(bundle).href)) as { handler?: unknown };

    expect(typeof loaded.handler).toBe('function');
  });
});
