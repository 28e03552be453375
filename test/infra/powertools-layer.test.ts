import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '#infra/constructs/portal-function';
import { powertoolsLayerParameterName, powertoolsVersion } from '#infra/constructs/powertools-layer';
import { resourcesOf, synthesizePortal } from './portal-app.ts';

const installedLoggerVersion = (JSON.parse(readFileSync(join(projectRoot, 'node_modules/@aws-lambda-powertools/logger/package.json'), 'utf8')) as { version: string })
  .version;
const prod = synthesizePortal('prod');

interface CfnParameter {
  readonly Type: string;
  readonly Default?: string;
}

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

  describe.each(stacksWithFunctions)('%s stack', (_key, template) => {
    const parameters = (template.toJSON() as { Parameters?: Record<string, CfnParameter> }).Parameters ?? {};
    const layerParameters = Object.entries(parameters).filter(([, parameter]) => parameter.Default?.startsWith('/aws/service/powertools/'));

    it("resolves the layer from AWS's public SSM parameter for the pinned version, once per stack", () => {
      expect(layerParameters).toEqual([
        [expect.any(String), { Type: 'AWS::SSM::Parameter::Value<String>', Default: powertoolsLayerParameterName(installedLoggerVersion) }],
      ]);
      expect(powertoolsLayerParameterName(installedLoggerVersion)).toBe(`/aws/service/powertools/typescript/generic/all/${installedLoggerVersion}`);
    });

    it('gives every function exactly that layer', () => {
      const [parameterId] = layerParameters[0] ?? [];
      const functions = Object.entries(resourcesOf(template, 'AWS::Lambda::Function'));

      expect(functions.length).toBeGreaterThan(0);
      for (const [logicalId, fn] of functions) {
        expect({ logicalId, layers: fn.Properties.Layers }).toEqual({ logicalId, layers: [{ Ref: parameterId }] });
      }
    });
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
