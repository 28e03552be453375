import { describe, expect, it } from 'vitest';
import { stageConfig, stages } from '#infra/config';
import { functionTagKey } from '#infra/constructs/portal-function';
import { workflowTagKey } from '#infra/stacks/workflows-stack';
import { orderApprovalMaxDuration, orderApprovalTasks, orderApprovalWorkflow } from '#infra/workflows/order-approval';
import { resourcesOf, synthesizePortal, tagValue } from './portal-app.ts';

const dev = synthesizePortal('dev');
const workflows = dev.templates.workflows;
const machines = resourcesOf(workflows, 'AWS::StepFunctions::StateMachine');
const functions = resourcesOf(workflows, 'AWS::Lambda::Function');

/** The definition with `Ref AWS::Partition` and `Fn::GetAtt [fn, Arn]` resolved through the function tags. */
function definitionOf(properties: Record<string, unknown>): AslDefinition {
  const [separator, parts] = (properties.DefinitionString as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  const resolve = (part: unknown): string => {
    if (typeof part === 'string') return part;
    const node = part as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
    if (node.Ref === 'AWS::Partition') return 'aws';
    const [logicalId, attribute] = node['Fn::GetAtt'] ?? [];
    const name = logicalId && attribute === 'Arn' ? tagValue(functions[logicalId]?.Properties ?? {}, functionTagKey) : undefined;
    if (name) return `arn:aws:lambda:local:000000000000:function:${name}`;
    throw new Error(`unresolvable ${JSON.stringify(part)}`);
  };
  return JSON.parse(parts.map(resolve).join(separator)) as AslDefinition;
}

interface AslState {
  readonly Type: string;
  readonly Resource?: string;
  readonly Parameters?: { FunctionName?: string; Payload?: Record<string, string> };
  readonly Next?: string;
  readonly End?: boolean;
  readonly ResultPath?: string;
  readonly ResultSelector?: Record<string, string>;
  readonly TimeoutSecondsPath?: string;
  readonly Catch?: { ErrorEquals: string[]; ResultPath?: string; Next: string }[];
  readonly Choices?: Record<string, unknown>[];
  readonly Default?: string;
}
interface AslDefinition {
  readonly StartAt: string;
  readonly TimeoutSeconds?: number;
  readonly QueryLanguage?: string;
  readonly States: Record<string, AslState>;
}

describe('WorkflowsStack', () => {
  const [machineId, machine] = Object.entries(machines)[0] ?? [];
  const properties = machine?.Properties ?? {};
  const definition = definitionOf(properties);
  const state = (name: string) => definition.States[name];

  it('deploys one Standard state machine, tagged with its workflow name', () => {
    expect(Object.keys(machines)).toEqual([dev.workflows.orderApprovalLogicalId]);
    expect(machineId).toBe(dev.workflows.orderApprovalLogicalId);
    expect(properties).toMatchObject({ StateMachineName: 'dealer-portal-dev-order-approval', StateMachineType: 'STANDARD' });
    expect(tagValue(properties, workflowTagKey)).toBe(orderApprovalWorkflow);
  });

  it('logs every event without execution data, traces, and caps the execution time', () => {
    expect(properties).toMatchObject({
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false, Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } } }] },
      TracingConfiguration: { Enabled: true },
    });
    expect(definition.TimeoutSeconds).toBe(orderApprovalMaxDuration.toSeconds());
    workflows.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/vendedlogs/states/dealer-portal-dev-order-approval',
      RetentionInDays: stageConfig.dev.logRetention,
    });
  });

  it('uses JSONPath only', () => {
    expect(definition.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
    expect(JSON.stringify(definition)).not.toMatch(/\{%|"Assign"|"Arguments"|"Output"/);
  });

  it('has exactly the states the local runner relies on', () => {
    expect(definition.StartAt).toBe('RequestApproval');
    expect(Object.keys(definition.States).sort()).toEqual(['Approved', 'Decision?', 'Escalate', 'Escalated', 'Rejected', 'RequestApproval']);
  });

  it('RequestApproval waits for the task token, times out from the input and escalates on timeout', () => {
    expect(state('RequestApproval')).toMatchObject({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: {
        FunctionName: 'arn:aws:lambda:local:000000000000:function:approvalRequest',
        Payload: { 'approvalId.$': '$.approvalId', 'dealerId.$': '$.dealerId', 'subject.$': '$.subject', 'taskToken.$': '$$.Task.Token' },
      },
      TimeoutSecondsPath: '$.approvalTimeoutSeconds',
      ResultPath: '$.decision',
      Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.timeout', Next: 'Escalate' }],
      Next: 'Decision?',
    });
  });

  it('Escalate marks the approval escalated and ends in Escalated', () => {
    expect(state('Escalate')).toMatchObject({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'arn:aws:lambda:local:000000000000:function:approvalEscalate', Payload: { 'approvalId.$': '$.approvalId' } },
      ResultSelector: { 'status.$': '$.Payload.status' },
      ResultPath: '$.escalation',
      Next: 'Escalated',
    });
    expect(state('Escalated')?.Type).toBe('Succeed');
  });

  it('Decision? routes approved to Approved and everything else to Rejected', () => {
    expect(state('Decision?')).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.decision.decision', StringEquals: 'approved', Next: 'Approved' }],
      Default: 'Rejected',
    });
    expect([state('Approved')?.Type, state('Rejected')?.Type]).toEqual(['Succeed', 'Succeed']);
  });

  it('invokes each Task state function from the task map', () => {
    for (const [stateName, functionName] of Object.entries(orderApprovalTasks)) {
      expect(state(stateName)?.Parameters?.FunctionName).toBe(`arn:aws:lambda:local:000000000000:function:${functionName}`);
    }
  });

  it.each(stages)('lets the %s approval timeout run out before the execution cap', (stage) => {
    expect(stageConfig[stage].approvalTimeoutSeconds).toBeLessThan(orderApprovalMaxDuration.toSeconds());
  });

  it('tells callers the approval timeout through the environment of workflow starters', () => {
    expect(dev.workflows.workflows[orderApprovalWorkflow]?.startEnvironment).toEqual({
      APPROVAL_TIMEOUT_SECONDS: String(stageConfig.dev.approvalTimeoutSeconds),
    });
  });
});
