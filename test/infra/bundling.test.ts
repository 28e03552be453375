import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { stageConfig } from '#infra/config';
import { bundlingSettings } from '#infra/constructs/bundling';
import { forwardedBundlingSettings, PortalFunction } from '#infra/constructs/portal-function';
import { cdkJsonContext } from '#infra/stage';

/** One real bundle (no bundling skip): esbuild runs locally, without Docker. */
describe('PortalFunction bundling', () => {
  const app = new App({ context: cdkJsonContext() });
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

  it('starts with the createRequire banner and imports nothing but Node built-ins', () => {
    const code = readFileSync(bundle, 'utf8');
    const specifiers = [...code.matchAll(/(?:from|import)\s*"([^"]+)"/g)].map((match) => match[1] ?? '');

    expect(code.startsWith(bundlingSettings.banner)).toBe(true);
    expect(specifiers.filter((specifier) => !specifier.startsWith('node:'))).toEqual([]);
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
