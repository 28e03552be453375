import { describe, expect, it } from 'vitest';
import { functionNames } from '#functions/catalog';
import { stageConfig, type Stage } from '#infra/config';
import { functionTagKey } from '#infra/constructs/portal-function';
import { workflowTagKey } from '#infra/stacks/workflows-stack';
import { resourcesOf, stackOutputOf, synthesizePortal, tagValue } from './portal-app.ts';

interface AlarmProperties {
  readonly AlarmName: string;
  readonly AlarmDescription: string;
  readonly AlarmActions: unknown[];
  readonly MetricName: string;
  readonly Namespace: string;
  readonly Dimensions: { Name: string; Value: unknown }[];
  readonly Statistic?: string;
  readonly ExtendedStatistic?: string;
  readonly Period: number;
  readonly EvaluationPeriods: number;
  readonly Threshold: number;
  readonly ComparisonOperator: string;
  readonly TreatMissingData: string;
}

describe.each<Stage>(['prod', 'dev'])('MonitoringStack (%s)', (stage) => {
  const portal = synthesizePortal(stage);
  const alarms = Object.values(resourcesOf(portal.templates.monitoring, 'AWS::CloudWatch::Alarm')).map(
    (alarm) => alarm.Properties as unknown as AlarmProperties,
  );

  /** The resource a weak cross-stack reference points at: its stack's output, then the `Ref` behind it. */
  const referenced = (value: unknown): { type: string; properties: Record<string, unknown> } | undefined => {
    const output = stackOutputOf(value);
    if (!output) return undefined;
    const producer = Object.entries(portal.templates).find(([key]) => portal[key as keyof typeof portal.templates].stackName === output.StackName)?.[1];
    const outputs = (producer?.toJSON() as { Outputs?: Record<string, { Value: { Ref?: string } }> } | undefined)?.Outputs ?? {};
    const logicalId = outputs[output.OutputName as string]?.Value.Ref;
    const resource = logicalId ? (producer?.toJSON() as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> }).Resources[logicalId] : undefined;
    return resource && { type: resource.Type, properties: resource.Properties };
  };
  const dimension = (alarm: AlarmProperties, name: string) => referenced(alarm.Dimensions.find((d) => d.Name === name)?.Value);
  const alarmOn = (namespace: string, metricName: string, dimensionName: string, matches: (resource: { type: string; properties: Record<string, unknown> }) => boolean) =>
    alarms.filter((alarm) => {
      if (alarm.Namespace !== namespace || alarm.MetricName !== metricName) return false;
      const resource = dimension(alarm, dimensionName);
      return resource !== undefined && matches(resource);
    });
  const onFunction = (name: string) => (resource: { type: string; properties: Record<string, unknown> }) =>
    resource.type === 'AWS::Lambda::Function' && tagValue(resource.properties, functionTagKey) === name;
  const isHttpApi = (resource: { type: string }) => resource.type === 'AWS::ApiGatewayV2::Api';

  it('notifies the alarm topic from every alarm, ignores missing data, and names each alarm with the stage', () => {
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toHaveLength(1);
      const topic = referenced(alarm.AlarmActions[0]);
      expect(topic?.type).toBe('AWS::SNS::Topic');
      expect(topic?.properties.TopicName).toBe(`dealer-portal-${stage}-alarms`);
      expect(alarm.TreatMissingData).toBe('notBreaching');
      expect(alarm.AlarmName).toMatch(new RegExp(`^dealer-portal-${stage}-`));
      expect(alarm.AlarmDescription.length).toBeGreaterThan(40);
    }
    expect(new Set(alarms.map((alarm) => alarm.AlarmName)).size).toBe(alarms.length);
  });

  it.each(functionNames)('alarms on the first error and the first throttle of %s in 5 minutes', (name) => {
    for (const metricName of ['Errors', 'Throttles']) {
      const found = alarmOn('AWS/Lambda', metricName, 'FunctionName', onFunction(name));

      expect(found, `${metricName} alarm of ${name}`).toHaveLength(1);
      expect(found[0]).toMatchObject({
        Statistic: 'Sum',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    }
  });

  it('alarms when the HTTP API answers the stage\'s 5xx threshold in 5 minutes', () => {
    const found = alarmOn('AWS/ApiGateway', '5xx', 'ApiId', isHttpApi);

    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: stageConfig[stage].alarms.api5xxPerFiveMinutes,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('alarms when the HTTP API p99 latency is over the stage\'s limit for 3 consecutive 5-minute periods', () => {
    const found = alarmOn('AWS/ApiGateway', 'Latency', 'ApiId', isHttpApi);

    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      ExtendedStatistic: 'p99',
      Period: 300,
      EvaluationPeriods: 3,
      Threshold: stageConfig[stage].alarms.apiP99LatencyMs,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('alarms on failed and timed-out executions of every state machine', () => {
    const machines = Object.values(resourcesOf(portal.templates.workflows, 'AWS::StepFunctions::StateMachine'));
    expect(machines.length).toBeGreaterThan(0);

    for (const machine of machines) {
      const workflow = tagValue(machine.Properties, workflowTagKey);
      const isMachine = (resource: { type: string; properties: Record<string, unknown> }) =>
        resource.type === 'AWS::StepFunctions::StateMachine' && tagValue(resource.properties, workflowTagKey) === workflow;
      for (const metricName of ['ExecutionsFailed', 'ExecutionsTimedOut']) {
        const found = alarmOn('AWS/States', metricName, 'StateMachineArn', isMachine);

        expect(found, `${metricName} alarm of ${workflow}`).toHaveLength(1);
        expect(found[0]).toMatchObject({ Statistic: 'Sum', Period: 300, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
      }
    }
  });

  it('has nothing but these alarms: two per function, two for the API, two per state machine', () => {
    const machines = Object.keys(resourcesOf(portal.templates.workflows, 'AWS::StepFunctions::StateMachine')).length;

    expect(alarms).toHaveLength(2 * functionNames.length + 2 + 2 * machines);
  });

  it('draws the API and function metrics on one stage dashboard', () => {
    const dashboards = Object.values(resourcesOf(portal.templates.monitoring, 'AWS::CloudWatch::Dashboard'));

    expect(dashboards).toHaveLength(1);
    expect(dashboards[0]?.Properties.DashboardName).toBe(`dealer-portal-${stage}-operations`);
  });
});
