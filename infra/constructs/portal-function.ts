import { fileURLToPath } from 'node:url';
import { Duration, Tags } from 'aws-cdk-lib';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBusGrants, type IEventBus } from 'aws-cdk-lib/aws-events';
import { Grant, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { StateMachineGrants, type IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { portalFunctions, type FunctionAccess, type FunctionName, type FunctionSpec } from '#functions/catalog';
import { tableDesign } from '#functions/data/table-design';
import { lambdaDefaults, metricsNamespace, resourceName, serviceName, type Stage, type StageConfig } from '#infra/config';
import * as bundling from './bundling.ts';
import { powertoolsLayer } from './powertools-layer.ts';

/** Repository root: entry files in the catalog and the lockfile are relative to it. */
export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Tag on every function resource: lets tooling map a synthesized Lambda back to its catalog entry. */
export const functionTagKey = 'portal:function';

const { bundlingSettings } = bundling;
const outputFormats = { esm: OutputFormat.ESM, cjs: OutputFormat.CJS } as const;

/** `bundlingSettings`, with the optional esbuild settings it may carry (read here when present). */
const settings: typeof bundlingSettings & {
  readonly alias?: Readonly<Record<string, string>>;
  readonly legalComments?: string;
  readonly define?: Readonly<Record<string, string>>;
} = bundlingSettings;

type EsbuildArgs = Readonly<Record<string, string | boolean | string[]>>;

/**
 * The settings NodejsFunction has no property for (`alias`, `legalComments`) as `esbuildArgs`: taken from
 * bundling.ts when it provides them, otherwise built here from the same settings.
 */
const extraEsbuildArgs = (): EsbuildArgs => {
  const provided = (bundling as typeof bundling & { readonly esbuildArgs?: EsbuildArgs }).esbuildArgs;
  if (provided) return provided;
  return {
    ...(settings.alias ? { '--alias': Object.entries(settings.alias).map(([name, module]) => `${name}=${module}`) } : {}),
    ...(settings.legalComments ? { '--legal-comments': settings.legalComments } : {}),
  };
};

/** The `bundlingSettings` keys this construct passes to esbuild; a test fails if the settings grow another. */
export const forwardedBundlingSettings = [
  'format', 'target', 'platform', 'minify', 'sourcemap', 'mainFields', 'banner', 'external', 'alias', 'legalComments', 'define',
] as const;

export interface PortalFunctionProps {
  readonly stage: Stage;
  readonly config: StageConfig;
  /** The catalog entry this function deploys; it is also the function's construct id. */
  readonly name: FunctionName;
  /** What the entry's `access` list refers to; a listed access without its resource fails synthesis. */
  readonly resources: PortalResources;
}

/**
 * The one way to deploy a portal function: the catalog entry bundled locally with esbuild (no Docker),
 * ESM with source maps, ARM64 on Node 24, X-Ray tracing, an explicit log group with the stage's
 * retention, Powertools from the stack's Powertools layer configured from the environment, and exactly the access
 * the catalog lists.
 */
export class PortalFunction extends NodejsFunction {
  readonly catalogName: FunctionName;
  readonly spec: FunctionSpec;

  constructor(scope: Construct, props: PortalFunctionProps) {
    const { stage, config, name } = props;
    const spec: FunctionSpec = portalFunctions[name];
    const functionName = resourceName(stage, name);
    const logGroup = new LogGroup(scope, `${name}Logs`, {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: config.logRetention,
      removalPolicy: config.removalPolicy,
    });
    // Its own role, writing only to its own log group (instead of the managed basic execution policy,
    // which may create and write to any log group).
    const role = new Role(scope, `${name}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${functionName}`,
    });
    logGroup.grants.write(role);

    super(scope, name, {
      functionName,
      description: spec.description,
      entry: `${projectRoot}${spec.entry}`,
      handler: 'handler',
      projectRoot,
      depsLockFilePath: `${projectRoot}package-lock.json`,
      runtime: lambdaDefaults.runtime,
      architecture: lambdaDefaults.architecture,
      memorySize: spec.memoryMb ?? config.lambdaMemoryMb,
      timeout: spec.timeoutSeconds === undefined ? lambdaDefaults.timeout : Duration.seconds(spec.timeoutSeconds),
      tracing: Tracing.ACTIVE,
      // Powertools is external to the bundle (bundling.ts): our pre-bundled Powertools layer, one per stack.
      layers: [powertoolsLayer(scope)],
      logGroup,
      role,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: serviceName,
        POWERTOOLS_METRICS_NAMESPACE: metricsNamespace,
        POWERTOOLS_LOG_LEVEL: config.logLevel,
      },
      bundling: {
        format: outputFormats[bundlingSettings.format],
        target: bundlingSettings.target,
        mainFields: [...bundlingSettings.mainFields],
        minify: bundlingSettings.minify,
        sourceMap: bundlingSettings.sourcemap,
        banner: bundlingSettings.banner,
        externalModules: [...bundlingSettings.external],
        ...(settings.define ? { define: { ...settings.define } } : {}),
        esbuildArgs: { ...extraEsbuildArgs() },
        forceDockerBundling: false,
      },
    });

    this.catalogName = name;
    this.spec = spec;
    Tags.of(this).add(functionTagKey, name, { includeResourceTypes: ['AWS::Lambda::Function'] });
    applyCatalogAccess(this, props.resources);
  }
}

/** The shared resources a catalog `access` entry can refer to. */
export interface PortalResources {
  readonly table?: ITableV2;
  readonly bus?: IEventBus;
  /** State machines a `workflow:callback` function may resume or a `workflow:start` function may start. */
  readonly workflows?: Readonly<Record<string, WorkflowResource>>;
  /** The user pool a `directory:manage` function administers. */
  readonly userPool?: IUserPool;
}

export interface WorkflowResource {
  readonly stateMachine: IStateMachine;
  /** Variables a function that starts this workflow needs to build its execution input. */
  readonly startEnvironment?: Readonly<Record<string, string>>;
}

/**
 * DynamoDB actions per access. Reads include the indexes `tableDesign` declares (by name, no `index/*`);
 * writes include ConditionCheckItem because a transaction's condition checks need it.
 */
export const tableActions = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'],
  write: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'],
} as const;

/**
 * The Cognito admin calls a `directory:manage` function makes (functions/adapters/cognito-directory.ts),
 * and nothing else: no reads, no deletes, no attribute or password changes.
 */
export const directoryActions = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminRemoveUserFromGroup',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminEnableUser',
] as const;

/** `orderApproval` → `ORDER_APPROVAL_STATE_MACHINE_ARN`, the variable a `workflow:start` function reads. */
export const stateMachineArnVariable = (workflow: string): string =>
  `${workflow.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}_STATE_MACHINE_ARN`;

/**
 * Grants what a catalog entry's `access` list names, and sets the environment that goes with it, in one
 * place — so a function never has a permission without its variable or the other way round.
 */
export function applyCatalogAccess(fn: PortalFunction, resources: PortalResources): void {
  const missing = (access: FunctionAccess, what: string) =>
    new Error(`Function '${fn.catalogName}' needs '${access}' but no ${what} was given to its stack`);
  const workflows = (access: FunctionAccess) => {
    const machines = Object.entries(resources.workflows ?? {});
    if (machines.length === 0) throw missing(access, 'state machine');
    return machines;
  };

  for (const access of new Set(fn.spec.access)) {
    switch (access) {
      case 'table:read':
      case 'table:write': {
        const { table } = resources;
        if (!table) throw missing(access, 'table');
        const read = access === 'table:read';
        Grant.addToPrincipal({
          grantee: fn,
          actions: [...tableActions[read ? 'read' : 'write']],
          resourceArns: read
            ? [table.tableArn, ...tableDesign.globalSecondaryIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`)]
            : [table.tableArn],
        });
        fn.addEnvironment('TABLE_NAME', table.tableName);
        break;
      }
      case 'bus:publish': {
        const { bus } = resources;
        if (!bus) throw missing(access, 'event bus');
        EventBusGrants.fromEventBus(bus).allPutEvents(fn);
        fn.addEnvironment('EVENT_BUS_NAME', bus.eventBusName);
        break;
      }
      case 'workflow:callback':
        for (const [, { stateMachine }] of workflows(access)) {
          stateMachine.grant(fn, 'states:SendTaskSuccess', 'states:SendTaskFailure');
        }
        break;
      case 'workflow:start':
        for (const [workflow, { stateMachine, startEnvironment }] of workflows(access)) {
          StateMachineGrants.fromStateMachine(stateMachine).startExecution(fn);
          fn.addEnvironment(stateMachineArnVariable(workflow), stateMachine.stateMachineArn);
          for (const [key, value] of Object.entries(startEnvironment ?? {})) fn.addEnvironment(key, value);
        }
        break;
      case 'directory:manage': {
        const { userPool } = resources;
        if (!userPool) throw missing(access, 'user pool');
        Grant.addToPrincipal({ grantee: fn, actions: [...directoryActions], resourceArns: [userPool.userPoolArn] });
        fn.addEnvironment('USER_POOL_ID', userPool.userPoolId);
        break;
      }
      default: {
        const unknown: never = access;
        throw new Error(`Unknown access '${String(unknown)}' on function '${fn.catalogName}'`);
      }
    }
  }
}
