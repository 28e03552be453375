import { buildPortalApp } from '#infra/stage';
import { workflowTagKey } from '#infra/stacks/workflows-stack';
import { functionTagKey } from '#infra/constructs/portal-function';
import type { AslDefinition } from './state-machines.ts';
import { localAccount, localRegion } from './stack.ts';

type Template = { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
type Tag = { Key: string; Value: string };

/**
 * The state machines exactly as CDK synthesizes them for a stage (dev by default), with the
 * template's references resolved to local ARNs: `Fn::GetAtt [fn, Arn]` becomes the ARN of the
 * catalog function the resource is tagged with, so the local runner invokes the same handler.
 */
export async function synthesizedStateMachines(stage: 'dev' | 'staging' | 'prod' = 'dev'): Promise<Record<string, AslDefinition>> {
  const { app, workflows } = buildPortalApp(stage, { skipBundling: true, nag: false });
  const template = app.synth().getStackArtifact(workflows.artifactId).template as Template;
  return definitionsFromTemplate(template);
}

export function definitionsFromTemplate(template: Template): Record<string, AslDefinition> {
  const tagOf = (properties: Record<string, unknown> | undefined, key: string) =>
    ((properties?.Tags ?? []) as Tag[]).find((tag) => tag.Key === key)?.Value;
  const functionByLogicalId = new Map<string, string>();
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const name = tagOf(resource.Properties, functionTagKey);
    if (name) functionByLogicalId.set(logicalId, name);
  }
  const resolve = (value: unknown): string => {
    if (typeof value === 'string') return value;
    const node = value as Record<string, unknown>;
    if ('Ref' in node) {
      const pseudo: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::Region': localRegion, 'AWS::AccountId': localAccount, 'AWS::URLSuffix': 'amazonaws.com' };
      const resolved = pseudo[String(node.Ref)];
      if (resolved) return resolved;
    }
    if ('Fn::GetAtt' in node) {
      const [logicalId, attribute] = node['Fn::GetAtt'] as [string, string];
      const name = functionByLogicalId.get(logicalId);
      if (name && attribute === 'Arn') return `arn:aws:lambda:${localRegion}:${localAccount}:function:${name}`;
    }
    throw new Error(`cannot resolve ${JSON.stringify(value)} in a state machine definition for local use`);
  };

  const machines: Record<string, AslDefinition> = {};
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::StepFunctions::StateMachine') continue;
    const name = tagOf(resource.Properties, workflowTagKey);
    if (!name) throw new Error(`state machine ${logicalId} has no ${workflowTagKey} tag`);
    const raw = resource.Properties?.DefinitionString;
    const text =
      typeof raw === 'string'
        ? raw
        : (() => {
            const [separator, parts] = (raw as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
            return parts.map(resolve).join(separator);
          })();
    machines[name] = JSON.parse(text) as AslDefinition;
  }
  return machines;
}
