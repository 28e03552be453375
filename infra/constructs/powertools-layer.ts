import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Stack } from 'aws-cdk-lib';
import { LayerVersion, type ILayerVersion } from 'aws-cdk-lib/aws-lambda';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';

/**
 * Powertools for AWS Lambda (TypeScript) — Logger, Metrics, Tracer with the X-Ray SDK — is not bundled
 * (`external` in ./bundling.ts): every function gets AWS's official Powertools layer, whose
 * `nodejs/node_modules` Lambda resolves the bundle's `@aws-lambda-powertools/*` imports from. The layer
 * is the one for the version installed here (what the tests and the local stack run), found through the
 * public SSM parameter AWS publishes per version and region; CloudFormation resolves it at deploy, so
 * synthesis stays offline.
 */
const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const scope = '@aws-lambda-powertools';

/** The public SSM parameter holding the layer version ARN of one Powertools release in the deploying region. */
export const powertoolsLayerParameterName = (version: string): string => `/aws/service/powertools/typescript/generic/all/${version}`;

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

/**
 * The one Powertools version the layer must be: every installed `@aws-lambda-powertools/*` package and every
 * pin of one in package.json must name it exactly. Mixed versions, or a range instead of a pin, fail synthesis
 * — the bundle would otherwise be tested against one version and run against another.
 */
export function powertoolsVersion(root: string = projectRoot): string {
  const installedDir = `${root}node_modules/${scope}`;
  const installed = readdirSync(installedDir).map((name) => ({
    what: `${scope}/${name} installed`,
    version: String(readJson(`${installedDir}/${name}/package.json`).version),
  }));
  const manifest = readJson(`${root}package.json`);
  const pinned = Object.entries({ ...(manifest.dependencies as Record<string, string>), ...(manifest.devDependencies as Record<string, string>) })
    .filter(([name]) => name.startsWith(`${scope}/`))
    .map(([name, version]) => ({ what: `${name} in package.json`, version }));
  const all = [...installed, ...pinned];
  const versions = new Set(all.map((entry) => entry.version));
  const [version] = versions;
  if (installed.length === 0 || pinned.length === 0 || versions.size !== 1 || version === undefined || !/^\d+\.\d+\.\d+$/.test(version)) {
    throw new Error(
      'Powertools packages must all be pinned to, and installed at, one exact version (it selects the Powertools ' +
        `Lambda layer): ${all.map(({ what, version: v }) => `${what}: ${v}`).join(', ') || `none found under ${installedDir}`}`,
    );
  }
  return version;
}

const layerId = 'PowertoolsLayer';

/** The stack's one Powertools layer (created on first use): every function of the stack shares it. */
export function powertoolsLayer(construct: Construct): ILayerVersion {
  const stack = Stack.of(construct);
  const existing = stack.node.tryFindChild(layerId);
  if (existing) return existing as ILayerVersion;
  const arn = StringParameter.valueForStringParameter(stack, powertoolsLayerParameterName(powertoolsVersion()));
  return LayerVersion.fromLayerVersionArn(stack, layerId, arn);
}
