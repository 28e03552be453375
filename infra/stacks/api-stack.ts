import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CorsHttpMethod, HttpApi, HttpMethod, HttpStage, LogGroupLogDestination, type HttpRoute } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { FunctionName } from '#functions/catalog';
import { isAuthenticated, routeKey, routes } from '#functions/routes';
import { resourceName, type Stage, type StageConfig } from '#infra/config';
import { PortalFunction, type WorkflowResource } from '#infra/constructs/portal-function';

export interface ApiStackProps extends StackProps {
  readonly stage: Stage;
  readonly config: StageConfig;
  readonly table: ITableV2;
  readonly bus: IEventBus;
  readonly workflows: Readonly<Record<string, WorkflowResource>>;
  /** The user pool route functions with `directory:manage` administer (dealer admins inviting users). */
  readonly userPool: IUserPool;
  /** JWT issuer of the user pool: `https://cognito-idp.<region>.amazonaws.com/<poolId>`. */
  readonly jwtIssuer: string;
  /** The SPA app client id: the only audience the authorizer accepts. */
  readonly jwtAudience: string;
}

/** The functions this stack deploys: every function a route points at. */
export const apiFunctionNames = (): FunctionName[] => [...new Set(routes.map((route) => route.function))];

/** Headers the SPA may send cross-origin. */
const corsAllowHeaders = ['authorization', 'content-type', 'idempotency-key'];

/** One JSON line per request; `$context.requestId` ties it to the function's logs. */
const accessLogFormat = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    sourceIp: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    sub: '$context.authorizer.claims.sub',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    authorizerError: '$context.authorizer.error',
  }),
);

/**
 * Stateless: the HTTP API. Exactly the routes in `functions/routes.ts`, each on its catalog function;
 * every route except the health probe sits behind the Cognito JWT authorizer. CORS, throttling and
 * access logs come from the stage config.
 */
export class ApiStack extends Stack {
  readonly api: HttpApi;
  readonly apiStage: HttpStage;
  readonly authorizer: HttpJwtAuthorizer;
  readonly functions: Partial<Record<FunctionName, PortalFunction>> = {};
  /** Route constructs by route key (`GET /me`). */
  readonly routes: Record<string, HttpRoute> = {};

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { stage, config } = props;
    const resources = { table: props.table, bus: props.bus, workflows: props.workflows, userPool: props.userPool };

    const methods = [...new Set(routes.map((route) => route.method))];
    this.api = new HttpApi(this, 'HttpApi', {
      apiName: resourceName(stage, 'api'),
      description: `Dealer portal ${stage} HTTP API`,
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [...config.corsAllowedOrigins],
        allowMethods: [...methods.map((method) => CorsHttpMethod[method]), CorsHttpMethod.OPTIONS],
        allowHeaders: corsAllowHeaders,
        maxAge: Duration.hours(1),
      },
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      logGroupName: `/aws/apigateway/${resourceName(stage, 'api')}/access`,
      retention: config.logRetention,
      removalPolicy: config.removalPolicy,
    });
    this.apiStage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.apiThrottle.rateLimit, burstLimit: config.apiThrottle.burstLimit },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: accessLogFormat },
    });

    this.authorizer = new HttpJwtAuthorizer('CognitoJwt', props.jwtIssuer, {
      authorizerName: resourceName(stage, 'cognito-jwt'),
      jwtAudience: [props.jwtAudience],
      identitySource: ['$request.header.Authorization'],
    });

    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    for (const name of apiFunctionNames()) {
      const fn = new PortalFunction(this, { stage, config, name, resources });
      if (name === 'availability') fn.addEnvironment('STOCK_FRESHNESS', JSON.stringify(config.stockFreshness));
      this.functions[name] = fn;
      integrations.set(name, new HttpLambdaIntegration(`${name}Integration`, fn));
    }

    for (const route of routes) {
      const integration = integrations.get(route.function);
      if (!integration) throw new Error(`Route ${routeKey(route)} points at '${route.function}', which has no function`);
      const [created] = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        ...(isAuthenticated(route) ? { authorizer: this.authorizer } : {}),
      });
      if (created) this.routes[routeKey(route)] = created;
    }

    new CfnOutput(this, 'ApiUrl', { value: this.apiStage.url, description: 'Base URL of the HTTP API' });
  }
}
