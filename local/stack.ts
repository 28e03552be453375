import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local.ts';
import { createPortalTable } from './table.ts';
import { createTokenIssuer, type TokenIssuer } from './token-issuer.ts';
import { LocalFunctions } from './functions.ts';
import { LocalBus } from './bus.ts';
import { LocalStepFunctions, type AslDefinition, type LocalStateMachineOptions } from './state-machines.ts';
import { startAwsEndpoint } from './aws-endpoint.ts';
import { startGateway } from './gateway.ts';
import { LocalUserDirectory } from './user-directory.ts';

export const localRegion = 'eu-west-1';
export const localAccount = '000000000000';
/** The local stand-in's user pool id (what USER_POOL_ID holds locally). */
export const localUserPoolId = `${localRegion}_localPool`;
/** Stock feed freshness limits locally (the dev stage's, infra/config.ts `stockFreshness`). */
export const localStockFreshness = { defaultSeconds: 6 * 60 * 60, byWarehouse: { 'WH-EAST': 6 * 60 * 60, 'WH-WEST': 12 * 60 * 60 } };

export interface LocalStackOptions {
  /** Use an already running DynamoDB Local (tests share one); otherwise one is started. */
  readonly dynamoEndpoint?: string | undefined;
  /** Persist DynamoDB Local to this folder (ignored with `dynamoEndpoint`). */
  readonly dataDir?: string | undefined;
  readonly tableName?: string | undefined;
  readonly apiPort?: number | undefined;
  readonly awsPort?: number | undefined;
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT' | undefined;
  /** State machines by name (as synthesized by CDK, ARNs resolved), see workflow-definitions.ts. */
  readonly stateMachines?: Record<string, AslDefinition> | undefined;
  readonly stateMachineOptions?: LocalStateMachineOptions | undefined;
  readonly busRetryAttempts?: number | undefined;
  readonly busRetryDelayMs?: number | undefined;
  readonly corsOrigin?: string | undefined;
}

export interface LocalStack {
  readonly apiUrl: string;
  readonly awsUrl: string;
  readonly dynamoEndpoint: string;
  /** The DynamoDB Local JVM this stack started (benches read its CPU time); undefined with `dynamoEndpoint`. */
  readonly dynamoProcessId: number | undefined;
  readonly tableName: string;
  readonly busName: string;
  readonly tokens: TokenIssuer;
  readonly bus: LocalBus;
  readonly stepFunctions: LocalStepFunctions;
  readonly functions: LocalFunctions;
  readonly documentClient: DynamoDBDocumentClient;
  /** The local user pool: invited users land here; seed users are added with fixed ids. */
  readonly directory: LocalUserDirectory;
  /** An ID token for a directory user (by email or sub), as signing in would give; refused for disabled users. */
  tokenFor(username: string, options?: { expiresInSeconds?: number }): Promise<string>;
  stateMachineArn(name: string): string;
  stop(): Promise<void>;
}

export const stateMachineArn = (name: string) => `arn:aws:states:${localRegion}:${localAccount}:stateMachine:${name}`;

/**
 * The whole portal on one machine: DynamoDB Local, the table from the shared declaration, the
 * functions in-process, the gateway, the bus, the state machines and the token issuer. Handlers
 * are configured only through environment variables, as in Lambda, so this must run before any
 * handler module is imported, and once per process.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  let dynamo: DynamoDbLocal | undefined;
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const dynamoEndpoint = options.dynamoEndpoint ?? (dynamo = await startDynamoDbLocal({ dataDir: options.dataDir })).endpoint;
  const tableName = options.tableName ?? 'dealer-portal-local';
  const busName = 'dealer-portal-local';

  const tokens = await createTokenIssuer();
  const functions = new LocalFunctions();
  const bus = new LocalBus(functions, {
    busName,
    region: localRegion,
    retryAttempts: options.busRetryAttempts,
    retryDelayMs: options.busRetryDelayMs,
  });
  const stepFunctions = new LocalStepFunctions(functions);
  for (const [name, definition] of Object.entries(options.stateMachines ?? {})) {
    stepFunctions.register(stateMachineArn(name), definition, options.stateMachineOptions);
  }

  const directory = new LocalUserDirectory(localUserPoolId, options.dataDir ? join(options.dataDir, 'user-directory.json') : undefined);
  const aws = await startAwsEndpoint({ bus, stepFunctions, tokens, directory }, options.awsPort ?? 0);
  tokens.setBaseUrl(aws.url);

  Object.assign(process.env, {
    AWS_REGION: localRegion,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: aws.url,
    AWS_ENDPOINT_URL_SFN: aws.url,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: aws.url,
    USER_POOL_ID: localUserPoolId,
    TABLE_NAME: tableName,
    STOCK_FRESHNESS: JSON.stringify(localStockFreshness),
    EVENT_BUS_NAME: busName,
    POWERTOOLS_SERVICE_NAME: 'dealer-portal',
    POWERTOOLS_METRICS_NAMESPACE: 'DealerPortal',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_LOG_LEVEL: options.logLevel ?? 'WARN',
    ...Object.fromEntries(Object.keys(options.stateMachines ?? {}).map((name) => [stateMachineEnvName(name), stateMachineArn(name)])),
  });

  const dynamoClient = new DynamoDBClient({ endpoint: dynamoEndpoint, region: localRegion, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await createPortalTable(dynamoClient, tableName);
  const documentClient = DynamoDBDocumentClient.from(dynamoClient, { marshallOptions: { removeUndefinedValues: true } });

  const api = await startGateway({ functions, tokens, corsOrigin: options.corsOrigin }, options.apiPort ?? 0);

  return {
    apiUrl: api.url,
    awsUrl: aws.url,
    dynamoEndpoint,
    dynamoProcessId: dynamo?.pid,
    tableName,
    busName,
    tokens,
    bus,
    stepFunctions,
    functions,
    documentClient,
    directory,
    tokenFor: async (username, tokenOptions) => tokens.mint(directory.subject(username), tokenOptions),
    stateMachineArn,
    async stop() {
      await bus.drain();
      await Promise.all([close(api.server), close(aws.server)]);
      dynamoClient.destroy();
      await dynamo?.stop();
    },
  };
}

/** `orderApproval` → `ORDER_APPROVAL_STATE_MACHINE_ARN`, the variable the CDK stack sets too. */
export const stateMachineEnvName = (name: string) => `${name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}_STATE_MACHINE_ARN`;

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
