import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '#infra/constructs/portal-function';
import {
  buildPowertoolsLayer,
  layerFileOf,
  layerScopeDir,
  powertoolsEntryPoints,
  powertoolsVersion,
  sharedChunkDir,
  stagePowertoolsLayer,
  staleLayerCopyMs,
  synthesizedPowertoolsLayer,
  type PowertoolsLayerBuild,
} from '#infra/constructs/powertools-layer';
import { resourcesOf, synthesizePortal } from './portal-app.ts';

const installedLoggerVersion = (JSON.parse(readFileSync(join(projectRoot, 'node_modules/@aws-lambda-powertools/logger/package.json'), 'utf8')) as { version: string })
  .version;
const prod = synthesizePortal('prod');
const pinnedNode = join(projectRoot, 'node_modules', '.bin', 'node');

describe('Powertools layer', () => {
  it('is the installed Powertools version, the one package.json pins', () => {
    const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

    expect(powertoolsVersion()).toBe(installedLoggerVersion);
    expect(manifest.dependencies['@aws-lambda-powertools/logger']).toBe(installedLoggerVersion);
  });

  const stacksWithFunctions = Object.entries(prod.templates).filter(([, template]) => Object.keys(resourcesOf(template, 'AWS::Lambda::Function')).length > 0);

  it('is attached where functions are deployed', () => {
    expect(stacksWithFunctions.map(([key]) => key).sort()).toEqual(['api', 'consumers', 'workflows']);
  });

  it('is deployed by no stack without functions, and resolved from no SSM parameter', () => {
    for (const [key, template] of Object.entries(prod.templates)) {
      const json = JSON.stringify(template.toJSON());
      expect({ key, ssm: json.includes('/aws/service/powertools/') }).toEqual({ key, ssm: false });
      if (!stacksWithFunctions.some(([withFunctions]) => withFunctions === key)) {
        expect({ key, layers: Object.keys(resourcesOf(template, 'AWS::Lambda::LayerVersion')) }).toEqual({ key, layers: [] });
      }
    }
  });

  describe.each(stacksWithFunctions)('%s stack', (_key, template) => {
    const layers = Object.entries(resourcesOf(template, 'AWS::Lambda::LayerVersion'));

    it('deploys one layer, an asset of this project, for Node 24 on ARM64, naming the Powertools version', () => {
      expect(layers).toHaveLength(1);
      const [, layer] = layers[0]!;
      expect(layer.Properties).toMatchObject({
        CompatibleRuntimes: ['nodejs24.x'],
        CompatibleArchitectures: ['arm64'],
        Content: { S3Bucket: expect.anything() as unknown, S3Key: expect.stringMatching(/\.zip$/) as unknown },
      });
      expect(layer.Properties.Description).toContain(`Powertools for AWS Lambda (TypeScript) ${installedLoggerVersion}`);
    });

    it('gives every function exactly that layer', () => {
      const [layerId] = layers[0] ?? [];
      const functions = Object.entries(resourcesOf(template, 'AWS::Lambda::Function'));

      expect(functions.length).toBeGreaterThan(0);
      for (const [logicalId, fn] of functions) {
        expect({ logicalId, layers: fn.Properties.Layers }).toEqual({ logicalId, layers: [{ Ref: layerId }] });
      }
    });
  });
});

describe('Powertools layer contents', { timeout: 60_000 }, () => {
  let layer: PowertoolsLayerBuild;
  const scopeDir = () => layerScopeDir(layer.dir);
  beforeAll(() => {
    layer = buildPowertoolsLayer(mkdtempSync(join(tmpdir(), 'powertools-layer-test-')));
  });
  afterAll(() => rmSync(layer.dir, { recursive: true, force: true }));

  const packages = [...new Set(powertoolsEntryPoints.map((entryPoint) => entryPoint.split('/')[1]!))];

  it('holds nodejs/node_modules/@aws-lambda-powertools: a directory per package and the shared chunks, nothing else', () => {
    expect(readdirSync(layer.dir)).toEqual(['nodejs']);
    expect(readdirSync(join(layer.dir, 'nodejs'))).toEqual(['node_modules']);
    expect(readdirSync(scopeDir()).sort()).toEqual([sharedChunkDir, ...packages].sort());
    expect(packages).toEqual(['logger', 'metrics', 'tracer']);
  });

  it('has exactly the entry points, each package.json exporting them as ESM', () => {
    for (const pkg of packages) {
      const manifest = JSON.parse(readFileSync(join(scopeDir(), pkg, 'package.json'), 'utf8')) as Record<string, unknown>;
      const entryPoints = powertoolsEntryPoints.filter((entryPoint) => entryPoint.split('/')[1] === pkg);
      expect(manifest).toEqual({
        name: `@aws-lambda-powertools/${pkg}`,
        version: installedLoggerVersion,
        type: 'module',
        exports: Object.fromEntries(entryPoints.map((entryPoint) => (entryPoint.endsWith('/middleware') ? ['./middleware', './middleware.mjs'] : ['.', './index.mjs']))),
      });
      const code = readdirSync(join(scopeDir(), pkg)).filter((file) => file.endsWith('.mjs'));
      expect(code.sort()).toEqual(Object.values(manifest.exports as Record<string, string>).map((file) => file.slice(2)).sort());
    }
  });

  it('is minified ESM with source maps, the functions\' banner, and no Powertools file left unbundled', () => {
    const code = layer.files.filter((file) => file.endsWith('.mjs'));
    expect(code.length).toBeGreaterThanOrEqual(powertoolsEntryPoints.length);
    for (const file of code) {
      expect(layer.files).toContain(`${file}.map`);
      const text = readFileSync(join(layer.dir, file), 'utf8');
      expect(text.startsWith("import{createRequire as __cr}from'node:module';")).toBe(true);
      // Only Node built-ins and the layer's own chunks are imported: nothing resolves outside the layer.
      const specifiers = [...text.matchAll(/(?:from|import)\s*"([^"]+)"/g)].map((match) => match[1] ?? '');
      for (const specifier of specifiers) expect(specifier).toMatch(/^(node:|\.\.?\/)/);
    }
    expect(layer.bytes).toBeGreaterThan(100_000);
    expect(layer.bytes).toBeLessThan(250_000);
  });

  it('serves every entry point to a module below its nodejs/ (its node_modules the only one on the path; Lambda resolves /opt/nodejs/node_modules itself)', () => {
    const fnDir = join(layer.dir, 'nodejs', 'probe');
    mkdirSync(fnDir, { recursive: true });
    writeFileSync(
      join(fnDir, 'index.mjs'),
      `${powertoolsEntryPoints.map((entryPoint, i) => `import * as m${i} from '${entryPoint}';`).join('\n')}\n` +
        `console.log(JSON.stringify([${powertoolsEntryPoints.map((_, i) => `Object.keys(m${i}).length`).join(',')}]));\n`,
    );
    const run = spawnSync(pinnedNode, [join(fnDir, 'index.mjs')], { cwd: fnDir, env: { PATH: process.env.PATH, AWS_REGION: 'eu-west-1' }, encoding: 'utf8' });
    rmSync(fnDir, { recursive: true, force: true });

    expect(run.status, run.stderr).toBe(0);
    const exportCounts = JSON.parse(run.stdout) as number[];
    expect(exportCounts.every((count) => count > 0)).toBe(true);
  });

  it('does not make Node load undici when Tracer loads (node:http taken through require: node-http-via-require.ts)', () => {
    const fnDir = join(layer.dir, 'nodejs', 'probe-undici');
    mkdirSync(fnDir, { recursive: true });
    writeFileSync(
      join(fnDir, 'index.mjs'),
      `import { Tracer } from '@aws-lambda-powertools/tracer';\n` +
        `const tracer = new Tracer();\n` +
        `console.log(JSON.stringify({ enabled: tracer.isTracingEnabled(), undici: process.moduleLoadList.filter((m) => m.includes('undici')) }));\n`,
    );
    // Lambda's environment, so Tracer is on and instruments node:http.
    const env = { PATH: process.env.PATH, AWS_REGION: 'eu-west-1', AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x', AWS_LAMBDA_FUNCTION_NAME: 'probe', LAMBDA_TASK_ROOT: fnDir };
    const run = spawnSync(pinnedNode, [join(fnDir, 'index.mjs')], { cwd: fnDir, env, encoding: 'utf8' });
    rmSync(fnDir, { recursive: true, force: true });

    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout.trim().split('\n').at(-1)!)).toEqual({ enabled: true, undici: [] });
  });

  it('is what synthesis deploys: the same files, in a directory keyed by their content', () => {
    const synthesized = synthesizedPowertoolsLayer();
    // Chunk names carry a hash that depends on where the layer was laid out: compare them without it.
    const withoutChunkHashes = (files: readonly string[]) => files.map((file) => file.replace(/chunk-[A-Z0-9]+/, 'chunk-*')).sort();
    expect(withoutChunkHashes(synthesized.files)).toEqual(withoutChunkHashes(layer.files));
    expect(synthesized.bytes).toBe(layer.bytes);
    expect(synthesized.dir).toMatch(new RegExp(`powertools-layer-${installedLoggerVersion.replace(/\./g, '\\.')}-[0-9a-f]{16}$`));
    expect(synthesizedPowertoolsLayer()).toBe(synthesized);
  });

  it('replaces a staged copy that lost or changed a file instead of deploying it as found', () => {
    // Its own base dir: the shared temp-dir copy may be read by other test files' syntheses meanwhile.
    const base = mkdtempSync(join(tmpdir(), 'powertools-stage-'));
    const staged = stagePowertoolsLayer(base);
    const tracer = join(staged.dir, layerFileOf('@aws-lambda-powertools/tracer'));
    const logger = join(staged.dir, layerFileOf('@aws-lambda-powertools/logger'));
    const original = readFileSync(logger);
    rmSync(tracer);
    writeFileSync(logger, 'export {};\n');
    const again = stagePowertoolsLayer(base);
    expect(again.dir).toBe(staged.dir);
    expect(existsSync(tracer)).toBe(true);
    expect(readFileSync(logger).equals(original)).toBe(true);
    rmSync(base, { recursive: true, force: true });
  });

  it('prunes copies of other builds nobody used for a week, and keeps recent ones and what is not a layer copy', () => {
    const base = mkdtempSync(join(tmpdir(), 'powertools-prune-'));
    const copy = (name: string, ageMs: number) => {
      const dir = join(base, name);
      mkdirSync(join(dir, 'nodejs'), { recursive: true });
      const at = new Date(Date.now() - ageMs);
      utimesSync(dir, at, at);
      return dir;
    };
    const day = 24 * 3600 * 1000;
    const oldPin = copy('powertools-layer-2.30.0-0123456789abcdef', staleLayerCopyMs + day);
    const leftover = copy('powertools-layer-2.35.0-fedcba9876543210.4242.tmp', staleLayerCopyMs + day);
    const recent = copy('powertools-layer-2.34.0-00000000000000aa', day);
    const unrelated = copy('something-else', staleLayerCopyMs + day);
    const staged = stagePowertoolsLayer(base);
    expect([oldPin, leftover].filter((dir) => existsSync(dir))).toEqual([]);
    expect([recent, unrelated, staged.dir].every((dir) => existsSync(dir))).toBe(true);
    // Reusing the current copy marks it as in use, so another synthesis's pruning keeps it.
    const aged = new Date(Date.now() - staleLayerCopyMs - day);
    utimesSync(staged.dir, aged, aged);
    expect(stagePowertoolsLayer(base).dir).toBe(staged.dir);
    expect(Date.now() - statSync(staged.dir).mtimeMs).toBeLessThan(day);
    rmSync(base, { recursive: true, force: true });
  });
});

describe('Powertools version check', () => {
  const roots: string[] = [];
  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });
  /** A project root with the given installed Powertools packages and package.json pins. */
  const fakeRoot = (installed: Record<string, string>, pinned: Record<string, string>): string => {
    const root = `${mkdtempSync(join(tmpdir(), 'powertools-version-'))}/`;
    roots.push(root);
    for (const [name, version] of Object.entries(installed)) {
      mkdirSync(join(root, 'node_modules/@aws-lambda-powertools', name), { recursive: true });
      writeFileSync(join(root, 'node_modules/@aws-lambda-powertools', name, 'package.json'), JSON.stringify({ version }));
    }
    writeFileSync(
      join(root, 'package.json'),
      JSON.stringify({ dependencies: Object.fromEntries(Object.entries(pinned).map(([name, version]) => [`@aws-lambda-powertools/${name}`, version])) }),
    );
    return root;
  };

  it('returns the one version every installed package and pin shares', () => {
    expect(powertoolsVersion(fakeRoot({ commons: '2.35.0', logger: '2.35.0', tracer: '2.35.0' }, { logger: '2.35.0', tracer: '2.35.0' }))).toBe('2.35.0');
  });

  it('fails synthesis loudly on mixed installed versions', () => {
    expect(() => powertoolsVersion(fakeRoot({ commons: '2.35.0', logger: '2.35.0', tracer: '2.34.1' }, { logger: '2.35.0', tracer: '2.35.0' }))).toThrow(
      /@aws-lambda-powertools\/tracer installed: 2\.34\.1/,
    );
  });

  it('fails on a range instead of a pin, or a pin that is not what is installed', () => {
    expect(() => powertoolsVersion(fakeRoot({ logger: '2.35.0' }, { logger: '^2.35.0' }))).toThrow(/one exact version/);
    expect(() => powertoolsVersion(fakeRoot({ logger: '2.35.0' }, { logger: '2.36.0' }))).toThrow(/logger in package.json: 2\.36\.0/);
  });
});
