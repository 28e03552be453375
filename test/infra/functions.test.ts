import { describe, expect, it } from 'vitest';
import type { Template } from 'aws-cdk-lib/assertions';
import { functionNames, portalFunctions, type FunctionSpec } from '#functions/catalog';
import { stageConfig } from '#infra/config';
import { functionTagKey } from '#infra/constructs/portal-function';
import { resourcesOf, stackOutputOf, synthesizePortal, tagValue } from './portal-app.ts';

const prod = synthesizePortal('prod');

interface DeployedFunction {
  readonly template: Template;
  readonly logicalId: string;
  readonly properties: Record<string, unknown>;
}

const deployed: DeployedFunction[] = Object.values(prod.templates).flatMap((template) =>
  Object.entries(resourcesOf(template, 'AWS::Lambda::Function')).map(([logicalId, fn]) => ({ template, logicalId, properties: fn.Properties })),
);
const byName = (name: string) => deployed.filter((fn) => tagValue(fn.properties, functionTagKey) === name);

/** Every IAM action granted to a function's role, with the resources it is granted on. */
function grantedActions(fn: DeployedFunction): Map<string, unknown[]> {
  const [roleId] = (fn.properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
  const granted = new Map<string, unknown[]>();
  for (const policy of Object.values(resourcesOf(fn.template, 'AWS::IAM::Policy'))) {
    if (!(policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId)) continue;
    const statements = (policy.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement;
    for (const statement of statements) {
      for (const action of [statement.Action].flat()) granted.set(action, [...(granted.get(action) ?? []), ...[statement.Resource].flat()]);
    }
  }
  return granted;
}

describe('catalog functions', () => {
  it('deploys every catalog function exactly once, and nothing else', () => {
    expect(deployed.map((fn) => tagValue(fn.properties, functionTagKey)).sort()).toEqual([...functionNames].sort());
  });

  describe.each(functionNames)('%s', (name) => {
    const spec: FunctionSpec = portalFunctions[name];
    const [fn] = byName(name);
    const properties = fn?.properties ?? {};
    const environment = (properties.Environment as { Variables: Record<string, unknown> }).Variables;

    it('runs bundled ESM on Node 24, ARM64, with active tracing and a stage-scoped name', () => {
      expect(properties).toMatchObject({
        FunctionName: `dealer-portal-prod-${name}`,
        Description: spec.description,
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        MemorySize: spec.memoryMb ?? stageConfig.prod.lambdaMemoryMb,
      });
    });

    it('configures source maps and Powertools from the stage', () => {
      expect(environment).toMatchObject({
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'dealer-portal',
        POWERTOOLS_METRICS_NAMESPACE: 'DealerPortal',
        POWERTOOLS_LOG_LEVEL: stageConfig.prod.logLevel,
      });
    });

    it('logs to its own log group with the stage retention, retained in prod', () => {
      const logGroupId = (properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      const logGroup = fn?.template.findResources('AWS::Logs::LogGroup')[logGroupId];

      expect(logGroup).toMatchObject({
        DeletionPolicy: 'Retain',
        Properties: { LogGroupName: `/aws/lambda/dealer-portal-prod-${name}`, RetentionInDays: stageConfig.prod.logRetention },
      });
    });

    it('gets exactly the access its catalog entry lists', () => {
      const granted = fn ? grantedActions(fn) : new Map<string, unknown[]>();
      const has = (action: string) => granted.has(action);
      const access = spec.access as readonly string[];

      expect(has('dynamodb:Query')).toBe(access.includes('table:read'));
      expect(has('dynamodb:PutItem')).toBe(access.includes('table:write'));
      expect('TABLE_NAME' in environment).toBe(access.includes('table:read') || access.includes('table:write'));
      expect(has('events:PutEvents')).toBe(access.includes('bus:publish'));
      expect('EVENT_BUS_NAME' in environment).toBe(access.includes('bus:publish'));
      expect(has('states:SendTaskSuccess') && has('states:SendTaskFailure')).toBe(access.includes('workflow:callback'));
      expect(has('states:StartExecution')).toBe(access.includes('workflow:start'));
      expect(has('logs:PutLogEvents')).toBe(true);
      expect([...granted.keys()].some((action) => action.includes('*'))).toBe(false);
    });
  });

  it('grants table reads on the table and the indexes tableDesign names, never index/*', () => {
    const [me] = byName('me');
    const resources = me ? (grantedActions(me).get('dynamodb:Query') ?? []) : [];

    expect(JSON.stringify(resources)).toContain('/index/gsi1');
    expect(JSON.stringify(resources)).not.toContain('/index/*');
  });

  it('lets the approval decision resume the order approval state machine only', () => {
    const [decision] = byName('approvalDecision');
    const resources = decision ? (grantedActions(decision).get('states:SendTaskSuccess') ?? []) : [];

    expect(resources).toHaveLength(1);
    expect(stackOutputOf(resources[0])?.StackName).toBe(prod.workflows.stackName);
    expect(String(stackOutputOf(resources[0])?.OutputName)).toMatch(/OrderApproval/);
  });
});
