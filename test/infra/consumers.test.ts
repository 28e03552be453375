import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { eventRules } from '#events/rules';
import { eventDelivery } from '#infra/stacks/consumers-stack';
import { resourcesOf, stackOutputOf, synthesizePortal, tagValue } from './portal-app.ts';

const dev = synthesizePortal('dev');
const consumers = dev.templates.consumers;

/** Bus rules (event patterns); scheduled rules are asserted in stock-staleness.test.ts. */
const rules = Object.values(resourcesOf(consumers, 'AWS::Events::Rule')).filter((r) => r.Properties.ScheduleExpression === undefined);
const queues = resourcesOf(consumers, 'AWS::SQS::Queue');
const functions = resourcesOf(consumers, 'AWS::Lambda::Function');
const logicalIdOfFunction = (name: string) =>
  Object.entries(functions).find(([, fn]) => tagValue(fn.Properties, 'portal:function') === name)?.[0];

type Target = { Arn: { 'Fn::GetAtt': [string, string] }; DeadLetterConfig?: { Arn: { 'Fn::GetAtt': [string, string] } }; RetryPolicy?: unknown };

describe('ConsumersStack', () => {
  it('has one rule per eventRules entry', () => {
    expect(rules).toHaveLength(eventRules.length);
  });

  describe.each(eventRules.map((rule) => [rule.name, rule] as const))('rule %s', (name, spec) => {
    const rule = rules.find((r) => r.Properties.Name === `dealer-portal-dev-${name}`);
    const [target] = (rule?.Properties.Targets ?? []) as Target[];

    it('matches its contract on the portal bus', () => {
      expect(rule?.Properties.EventPattern).toEqual({ source: [spec.contract.source], 'detail-type': [spec.contract.detailType] });
      expect(stackOutputOf(rule?.Properties.EventBusName)?.StackName).toBe(dev.events.stackName);
    });

    it('delivers to its target function with retries and a dead-letter queue', () => {
      expect(target?.Arn['Fn::GetAtt'][0]).toBe(logicalIdOfFunction(spec.target));
      expect(target?.RetryPolicy).toEqual({
        MaximumRetryAttempts: eventDelivery.targetRetryAttempts,
        MaximumEventAgeInSeconds: eventDelivery.targetMaxEventAge.toSeconds(),
      });
      expect(queues[target?.DeadLetterConfig?.Arn['Fn::GetAtt'][0] ?? '']).toBeDefined();
    });

    it('parks events its consumer fails on in a failure DLQ after 2 retries', () => {
      consumers.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: logicalIdOfFunction(spec.target) },
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('FailureDlq'), 'Arn'] } } },
      });
    });
  });

  it('encrypts every DLQ and refuses non-TLS access to it', () => {
    for (const [logicalId, queue] of Object.entries(queues)) {
      expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
      consumers.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: logicalId }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('alarms to the alarm topic as soon as any DLQ holds a message', () => {
    // The stock feed staleness alarms are tested in stock-staleness.test.ts.
    const alarms = Object.values(resourcesOf(consumers, 'AWS::CloudWatch::Alarm')).filter((alarm) => alarm.Properties.Namespace === 'AWS/SQS');
    const watched = alarms.map((alarm) => (alarm.Properties.Dimensions as { Value: { 'Fn::GetAtt': [string, string] } }[])[0]?.Value['Fn::GetAtt'][0]);

    expect(watched.sort()).toEqual(Object.keys(queues).sort());
    for (const alarm of alarms) {
      expect(alarm.Properties).toMatchObject({
        MetricName: 'ApproximateNumberOfMessagesVisible',
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      });
      const actions = alarm.Properties.AlarmActions as unknown[];
      expect(actions.map((action) => stackOutputOf(action)?.StackName)).toEqual([dev.alerts.stackName]);
    }
  });

  it('sends alarms to the stage alarm e-mail over a TLS-only topic', () => {
    dev.templates.alerts.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'portal-dev-alarms@example.com' });
    dev.templates.alerts.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });
});
