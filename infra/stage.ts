import { readFileSync } from 'node:fs';
import { App, Tags, type StackProps } from 'aws-cdk-lib';
import { functionNames, type FunctionName } from '#functions/catalog';
import { serviceName, stageConfig, type Stage } from '#infra/config';
import { projectRoot, type PortalFunction } from '#infra/constructs/portal-function';
import { applyNagChecks } from '#infra/nag';
import { AlertsStack } from '#infra/stacks/alerts-stack';
import { ApiStack, apiFunctionNames } from '#infra/stacks/api-stack';
import { ConsumersStack, consumerFunctionNames } from '#infra/stacks/consumers-stack';
import { DataStack } from '#infra/stacks/data-stack';
import { EventsStack } from '#infra/stacks/events-stack';
import { IdentityStack } from '#infra/stacks/identity-stack';
import { MonitoringStack } from '#infra/stacks/monitoring-stack';
import { WorkflowsStack, workflowFunctionNames } from '#infra/stacks/workflows-stack';

export interface PortalStacks {
  readonly data: DataStack;
  readonly identity: IdentityStack;
  readonly events: EventsStack;
  readonly alerts: AlertsStack;
  readonly workflows: WorkflowsStack;
  readonly api: ApiStack;
  readonly consumers: ConsumersStack;
  readonly monitoring: MonitoringStack;
}

/** `DealerPortal-dev-Data`: stack ids and CloudFormation stack names. */
export const stackId = (stage: Stage, concern: string): string => `DealerPortal-${stage}-${concern}`;

/**
 * Every catalog function is deployed by exactly one stack: the API (route targets), the consumers (rule
 * targets) or the workflows (task functions). A function nobody triggers, or two triggers for one
 * function, is a mistake in the catalog — stop synthesis and say so.
 */
export function functionPlacement(): Record<FunctionName, 'api' | 'consumers' | 'workflows'> {
  const placement: Partial<Record<FunctionName, 'api' | 'consumers' | 'workflows'>> = {};
  const place = (names: readonly FunctionName[], stack: 'api' | 'consumers' | 'workflows') => {
    for (const name of names) {
      const already = placement[name];
      if (already) throw new Error(`Catalog function '${name}' is used by both the ${already} and the ${stack} stack`);
      placement[name] = stack;
    }
  };
  place(apiFunctionNames(), 'api');
  place(consumerFunctionNames(), 'consumers');
  place(workflowFunctionNames(), 'workflows');
  const unplaced = functionNames.filter((name) => !placement[name]);
  if (unplaced.length > 0) {
    throw new Error(`Catalog functions not used by any route, rule or workflow: ${unplaced.join(', ')}`);
  }
  return placement as Record<FunctionName, 'api' | 'consumers' | 'workflows'>;
}

/**
 * All stacks of one environment, stateful ones first, wired by props. Deployed with
 * `npx cdk deploy --all -c env=<stage>`.
 */
export function addPortalStage(app: App, stage: Stage): PortalStacks {
  functionPlacement();
  const config = stageConfig[stage];
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const props = (concern: string, description: string, stateful: boolean): StackProps & { stage: Stage } => ({
    stage,
    env,
    stackName: stackId(stage, concern),
    description: `Dealer portal ${stage}: ${description}`,
    terminationProtection: stateful && config.deletionProtection,
  });

  const data = new DataStack(app, stackId(stage, 'Data'), { ...props('Data', 'single DynamoDB table', true), config });
  const identity = new IdentityStack(app, stackId(stage, 'Identity'), {
    ...props('Identity', 'Cognito user pool, role groups, SPA client', true),
    config,
  });
  const events = new EventsStack(app, stackId(stage, 'Events'), {
    ...props('Events', 'event bus and replay archive', true),
    config,
  });
  const alerts = new AlertsStack(app, stackId(stage, 'Alerts'), { ...props('Alerts', 'alarm topic', true), config });

  const workflows = new WorkflowsStack(app, stackId(stage, 'Workflows'), {
    ...props('Workflows', 'Step Functions workflows and their task functions', false),
    config,
    table: data.table,
    bus: events.bus,
  });
  const api = new ApiStack(app, stackId(stage, 'Api'), {
    ...props('Api', 'HTTP API, JWT authorizer and route functions', false),
    config,
    table: data.table,
    bus: events.bus,
    workflows: workflows.workflows,
    userPool: identity.userPool,
    jwtIssuer: identity.issuerUrl,
    jwtAudience: identity.spaClient.userPoolClientId,
  });
  const consumers = new ConsumersStack(app, stackId(stage, 'Consumers'), {
    ...props('Consumers', 'bus rules, consumers, DLQs and alarms', false),
    config,
    table: data.table,
    bus: events.bus,
    alarmTopic: alerts.alarmTopic,
    workflows: workflows.workflows,
  });

  // Every deployed function, from each stack's own map: a function added to any stack is alarmed too.
  const functions = [api.functions, consumers.functions, workflows.functions]
    .flatMap((deployed) => Object.values(deployed))
    .filter((fn): fn is PortalFunction => fn !== undefined);
  const monitoring = new MonitoringStack(app, stackId(stage, 'Monitoring'), {
    ...props('Monitoring', 'operational alarms (API, functions, workflows) and dashboard', false),
    config,
    alarmTopic: alerts.alarmTopic,
    api: api.api,
    functions,
    stateMachines: Object.fromEntries(Object.entries(workflows.workflows).map(([name, workflow]) => [name, workflow.stateMachine])),
  });

  const stacks = { data, identity, events, alerts, workflows, api, consumers, monitoring };
  for (const stack of Object.values(stacks)) {
    Tags.of(stack).add('project', serviceName);
    Tags.of(stack).add('stage', stage);
  }
  return stacks;
}

/** The context in cdk.json (feature flags), so an app built in a test behaves like `cdk synth`. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(`${projectRoot}cdk.json`, 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

export interface BuildPortalAppOptions {
  /** Skip esbuild for every function (assets become placeholders): for fast template assertions. */
  readonly skipBundling?: boolean;
  /** Register the cdk-nag AwsSolutions checks (default true); they run when the app is synthesized. */
  readonly nag?: boolean;
}

/**
 * One stage's app outside the CDK CLI — for tests and for the local stack, which synthesizes the
 * WorkflowsStack to read the state machine definitions. Same feature flags as `cdk synth`.
 */
export function buildPortalApp(stage: Stage, options: BuildPortalAppOptions = {}): { app: App } & PortalStacks {
  const app = new App({
    context: {
      ...cdkJsonContext(),
      env: stage,
      ...(options.skipBundling ? { 'aws:cdk:bundling-stacks': [] } : {}),
    },
  });
  const stacks = addPortalStage(app, stage);
  if (options.nag ?? true) applyNagChecks(app, stacks);
  return { app, ...stacks };
}
