import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { isAuthenticated, routeKey, routes } from '#functions/routes';
import { stageConfig } from '#infra/config';
import { resourcesOf, synthesizePortal, tagValue } from './portal-app.ts';

const dev = synthesizePortal('dev');
const prod = synthesizePortal('prod');
const api = dev.templates.api;

const routeResources = Object.values(resourcesOf(api, 'AWS::ApiGatewayV2::Route'));
const routeByKey = (key: string) => routeResources.find((route) => route.Properties.RouteKey === key);
const functionNameOfIntegration = (target: unknown): string | undefined => {
  const integrationId = ((target as { 'Fn::Join': [string, [string, { Ref: string }]] })['Fn::Join'][1][1]).Ref;
  const integration = resourcesOf(api, 'AWS::ApiGatewayV2::Integration')[integrationId];
  const [functionId] = (integration?.Properties.IntegrationUri as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
  const fn = resourcesOf(api, 'AWS::Lambda::Function')[functionId];
  return fn && tagValue(fn.Properties, 'portal:function');
};

describe('ApiStack', () => {
  it('has exactly the routes of the route table', () => {
    expect(routeResources.map((route) => route.Properties.RouteKey).sort()).toEqual(routes.map(routeKey).sort());
  });

  it.each(routes.map((route) => [routeKey(route), route] as const))('%s calls its catalog function', (key, route) => {
    expect(functionNameOfIntegration(routeByKey(key)?.Properties.Target)).toBe(route.function);
  });

  it.each(routes.filter(isAuthenticated).map(routeKey))('%s is behind the JWT authorizer', (key) => {
    const properties = routeByKey(key)?.Properties;
    const authorizerId = (properties?.AuthorizerId as { Ref?: unknown } | undefined)?.Ref;

    expect(properties?.AuthorizationType).toBe('JWT');
    expect(resourcesOf(api, 'AWS::ApiGatewayV2::Authorizer')[String(authorizerId)]).toBeDefined();
  });

  it('leaves only the health probe public', () => {
    const publicRoutes = routeResources.filter((route) => route.Properties.AuthorizationType !== 'JWT');

    expect(publicRoutes.map((route) => route.Properties.RouteKey)).toEqual(['GET /health']);
    expect(publicRoutes[0]?.Properties.AuthorizationType).toBe('NONE');
  });

  it('verifies Cognito tokens: issuer is the user pool provider URL, audience the SPA client', () => {
    const fromIdentityStack = (output: RegExp) => ({
      'Fn::GetStackOutput': Match.objectLike({ StackName: dev.identity.stackName, OutputName: Match.stringLikeRegexp(output.source) }),
    });

    api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: fromIdentityStack(/UserPool.*ProviderURL/),
        Audience: [fromIdentityStack(/SpaClient/)],
      },
    });
  });

  it('takes CORS and throttling from the stage config and logs every request', () => {
    const config = stageConfig.dev;

    api.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      Name: 'dealer-portal-dev-api',
      CorsConfiguration: Match.objectLike({ AllowOrigins: config.corsAllowedOrigins }),
    });
    api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: config.apiThrottle.rateLimit, ThrottlingBurstLimit: config.apiThrottle.burstLimit },
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] }, Format: Match.stringLikeRegexp('\\$context\\.requestId') },
    });
  });

  it('throttles prod with the prod settings', () => {
    prod.templates.api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: stageConfig.prod.apiThrottle.rateLimit, ThrottlingBurstLimit: stageConfig.prod.apiThrottle.burstLimit },
    });
  });
});
