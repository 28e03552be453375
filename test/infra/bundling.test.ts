import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { stageConfig } from '#infra/config';
import { bundlingSettings } from '#infra/constructs/bundling';
import { forwardedBundlingSettings, PortalFunction, projectRoot } from '#infra/constructs/portal-function';
import { powertoolsEntryPoints } from '#infra/constructs/powertools-layer';
import { cdkJsonContext } from '#infra/stage';

/**
 * One real bundle (no bundling skip): esbuild runs locally, without Docker. The assembly goes to the
 * system temp dir, away from the project's node_modules: the bundle is run next to the synthesized
 * Powertools layer asset, as Lambda runs it with the layer under /opt.
 */
describe('PortalFunction bundling', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'test-bundling-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));
  const app = new App({ context: cdkJsonContext(), outdir });
  const stack = new Stack(app, 'BundlingProbe');
  new PortalFunction(stack, { stage: 'dev', config: stageConfig.dev, name: 'health', resources: {} });
  const assembly = app.synth();
  const assets = readdirSync(assembly.directory).filter((entry) => entry.startsWith('asset.'));
  const [layerAssets, functionAssets] = [true, false].map((layer) => assets.filter((asset) => existsSync(join(assembly.directory, asset, 'nodejs')) === layer));
  const bundleDir = join(assembly.directory, functionAssets?.[0] ?? 'missing');
  const layerDir = join(assembly.directory, layerAssets?.[0] ?? 'missing');
  const bundle = join(bundleDir, 'index.mjs');

  it('produces one ESM bundle with its source map, and the Powertools layer asset', () => {
    expect(functionAssets).toHaveLength(1);
    expect(layerAssets).toHaveLength(1);
    expect(readdirSync(join(layerDir, 'nodejs', 'node_modules'))).toEqual(['@aws-lambda-powertools']);
    expect(existsSync(bundle)).toBe(true);
    expect(existsSync(`${bundle}.map`)).toBe(true);
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.handler', Runtime: 'nodejs24.x' });
  });

  it("starts with the createRequire banner and imports nothing but Node built-ins and the Powertools layer's entry points", () => {
    const code = readFileSync(bundle, 'utf8');
    // Static imports, dynamic import() and require() (the banner's), all the forms a bundle leaves to the runtime.
    const specifiers = [...code.matchAll(/(?:from|import|import\(|require\()\s*"([^"]+)"/g)].map((match) => match[1] ?? '');
    const packages = [...new Set(specifiers.filter((specifier) => !specifier.startsWith('node:') && !builtinModules.includes(specifier)))].sort();

    expect(code.startsWith(bundlingSettings.banner)).toBe(true);
    expect(bundlingSettings.external).toEqual(['@aws-lambda-powertools/*']);
    // NodejsFunction got the externals (bundling.externalModules): the deployed bundle leaves Powertools out.
    expect(packages).toEqual([...powertoolsEntryPoints].sort());
    expect(code).not.toMatch(/aws-xray-sdk|cls-hooked/);
  });

  it('passes every bundlingSettings key to esbuild (platform is always node)', () => {
    const forwarded: readonly string[] = forwardedBundlingSettings;

    expect(Object.keys(bundlingSettings).filter((key) => !forwarded.includes(key))).toEqual([]);
    expect(bundlingSettings.platform).toBe('node');
  });

  it('loads in the pinned Node with the layer\'s nodejs/node_modules above it, and exports the handler', () => {
    // The layer asset's layout, the function placed below its nodejs/ so Node finds the packages by its
    // ordinary parent-directory lookup. In Lambda the function is in /var/task and the layer in /opt: that
    // resolution (ES modules from /opt/nodejs/node_modules, documented for Node 18+) is not reproducible
    // here, only the layout, exports and contents it relies on.
    const runDir = mkdtempSync(join(tmpdir(), 'test-bundling-run-'));
    try {
      cpSync(layerDir, runDir, { recursive: true });
      cpSync(bundleDir, join(runDir, 'nodejs', 'fn'), { recursive: true });
      const probe = `const m = await import(${JSON.stringify(pathToFileURL(join(runDir, 'nodejs', 'fn', 'index.mjs')).href)}); console.log(typeof m.handler);`;
      const run = spawnSync(join(projectRoot, 'node_modules', '.bin', 'node'), ['--enable-source-maps', '--input-type=module', '--eval', probe], {
        env: { PATH: process.env.PATH, AWS_REGION: 'eu-west-1' },
        encoding: 'utf8',
      });

      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout.trim()).toBe('function');
    } finally {
      rmSync(runDir, { recursive: true, force: true });
    }
  });
});
