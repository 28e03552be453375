import { Duration, RemovalPolicy, type App } from 'aws-cdk-lib';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/**
 * Every environment the portal is deployed to. A stage is chosen with `-c env=<stage>`; everything that
 * differs between environments is in `stageConfig` below — never an `if (stage === 'prod')` in a stack.
 */
export const stages = ['dev', 'staging', 'prod'] as const;
export type Stage = (typeof stages)[number];

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface StageConfig {
  /** What CloudFormation does with stateful resources (table, user pool, bus archive) on stack deletion. */
  readonly removalPolicy: RemovalPolicy;
  /** DynamoDB point-in-time recovery (35 days of restore points). */
  readonly pointInTimeRecovery: boolean;
  /** DynamoDB and Cognito deletion protection: the resource cannot be deleted until this is turned off. */
  readonly deletionProtection: boolean;
  /** Retention of every log group: function logs, API access logs, state machine logs. */
  readonly logRetention: RetentionDays;
  /** How long the bus archive keeps events for replay. */
  readonly eventArchiveRetention: Duration;
  /** Who receives alarm notifications (SNS e-mail subscription, confirmed once by the recipient). */
  readonly alarmEmail: string;
  /** Default route throttling of the HTTP API stage, in requests per second. */
  readonly apiThrottle: { readonly rateLimit: number; readonly burstLimit: number };
  /** Prefix of the Cognito hosted sign-in domain (`<prefix>.auth.<region>.amazoncognito.com`); unique per region. */
  readonly authDomainPrefix: string;
  /** Origins allowed to call the API from a browser: the SPA. */
  readonly corsAllowedOrigins: readonly string[];
  /** How long an approval waits for an approver before the workflow escalates it. */
  readonly approvalTimeoutSeconds: number;
  /**
   * How old a warehouse's stock feed may be before ATP answers from it are flagged stale, in seconds
   * (default, and per warehouse). The availability function gets it as `STOCK_FRESHNESS`; each listed
   * warehouse also gets a staleness alarm on the feed age ATP answers report.
   */
  readonly stockFreshness: { readonly defaultSeconds: number; readonly byWarehouse: Readonly<Record<string, number>> };
  /**
   * Operational alarm thresholds (Monitoring stack). Function errors/throttles and failed or timed-out
   * workflow executions alarm at the first one in every stage; the API alarms are tuned per stage.
   */
  readonly alarms: {
    /** API 5xx responses (sum over 5 minutes) at which the API alarms. */
    readonly api5xxPerFiveMinutes: number;
    /** p99 API latency, in ms, that alarms when exceeded for 3 consecutive 5-minute periods. */
    readonly apiP99LatencyMs: number;
  };
  /** Memory of a function whose catalog entry does not set `memoryMb`. */
  readonly lambdaMemoryMb: number;
  readonly logLevel: LogLevel;
}

/** Settings every stage shares. */
export const lambdaDefaults = {
  runtime: Runtime.NODEJS_24_X,
  architecture: Architecture.ARM_64,
  timeout: Duration.seconds(10),
} as const;

export const serviceName = 'dealer-portal';
export const metricsNamespace = 'DealerPortal';

export const stageConfig: Record<Stage, StageConfig> = {
  dev: {
    removalPolicy: RemovalPolicy.DESTROY,
    pointInTimeRecovery: false,
    deletionProtection: false,
    logRetention: RetentionDays.ONE_WEEK,
    eventArchiveRetention: Duration.days(7),
    alarmEmail: 'portal-dev-alarms@example.com',
    apiThrottle: { rateLimit: 50, burstLimit: 100 },
    authDomainPrefix: 'dealer-portal-dev-auth',
    corsAllowedOrigins: ['https://dev.portal.example.com', 'http://localhost:5173'],
    approvalTimeoutSeconds: 15 * 60,
    stockFreshness: { defaultSeconds: 6 * 60 * 60, byWarehouse: { 'WH-EAST': 6 * 60 * 60, 'WH-WEST': 12 * 60 * 60 } },
    alarms: { api5xxPerFiveMinutes: 25, apiP99LatencyMs: 5000 },
    lambdaMemoryMb: 512,
    logLevel: 'DEBUG',
  },
  staging: {
    removalPolicy: RemovalPolicy.DESTROY,
    pointInTimeRecovery: false,
    deletionProtection: false,
    logRetention: RetentionDays.ONE_MONTH,
    eventArchiveRetention: Duration.days(14),
    alarmEmail: 'portal-staging-alarms@example.com',
    apiThrottle: { rateLimit: 200, burstLimit: 400 },
    authDomainPrefix: 'dealer-portal-staging-auth',
    corsAllowedOrigins: ['https://staging.portal.example.com'],
    approvalTimeoutSeconds: 60 * 60,
    stockFreshness: { defaultSeconds: 6 * 60 * 60, byWarehouse: { 'WH-EAST': 6 * 60 * 60, 'WH-WEST': 12 * 60 * 60 } },
    alarms: { api5xxPerFiveMinutes: 10, apiP99LatencyMs: 3000 },
    lambdaMemoryMb: 1024,
    logLevel: 'INFO',
  },
  prod: {
    removalPolicy: RemovalPolicy.RETAIN,
    pointInTimeRecovery: true,
    deletionProtection: true,
    logRetention: RetentionDays.THREE_MONTHS,
    eventArchiveRetention: Duration.days(90),
    alarmEmail: 'portal-alarms@example.com',
    apiThrottle: { rateLimit: 1000, burstLimit: 2000 },
    authDomainPrefix: 'dealer-portal-prod-auth',
    corsAllowedOrigins: ['https://portal.example.com'],
    approvalTimeoutSeconds: 48 * 60 * 60,
    stockFreshness: { defaultSeconds: 6 * 60 * 60, byWarehouse: { 'WH-EAST': 6 * 60 * 60, 'WH-WEST': 12 * 60 * 60 } },
    alarms: { api5xxPerFiveMinutes: 5, apiP99LatencyMs: 2000 },
    lambdaMemoryMb: 1024,
    logLevel: 'INFO',
  },
};

export const isStage = (value: unknown): value is Stage => (stages as readonly unknown[]).includes(value);

/** The stage selected on the command line: `cdk synth -c env=dev`. Anything else stops synthesis. */
export function stageFromContext(app: App): Stage {
  const value: unknown = app.node.tryGetContext('env');
  if (isStage(value)) return value;
  const given = value === undefined ? 'nothing' : JSON.stringify(value);
  throw new Error(`Choose a stage with -c env=${stages.join('|')} (got ${given}), e.g. npx cdk synth -c env=dev`);
}

/** Physical names carry the stage so two environments can share an account: `dealer-portal-dev-me`. */
export const resourceName = (stage: Stage, name: string): string => `${serviceName}-${stage}-${name}`;
