import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  Choice,
  Condition,
  IntegrationPattern,
  JsonPath,
  Succeed,
  TaskInput,
  Timeout,
  type IChainable,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import type { FunctionName } from '#functions/catalog';

/**
 * Order approval (Standard workflow, JSONPath only). An approver decides through the API, which resumes
 * `RequestApproval` with the task token the approval item stores; if nobody decides within
 * `approvalTimeoutSeconds` the approval is escalated.
 *
 *   RequestApproval ──(task token)──▶ Decision? ──approved──▶ Approved
 *         │                                   └──otherwise──▶ Rejected
 *         └──States.Timeout──▶ Escalate ──▶ Escalated
 *
 * The local stack runs the definition CDK synthesizes from this file and maps Task states to handlers by
 * state name, so state names and the task → function map below are part of the contract.
 */
export const orderApprovalWorkflow = 'orderApproval';

export const orderApprovalStates = {
  requestApproval: 'RequestApproval',
  escalate: 'Escalate',
  decision: 'Decision?',
  approved: 'Approved',
  rejected: 'Rejected',
  escalated: 'Escalated',
} as const;

/** Task state → catalog function it invokes. */
export const orderApprovalTasks = {
  [orderApprovalStates.requestApproval]: 'approvalRequest',
  [orderApprovalStates.escalate]: 'approvalEscalate',
} as const satisfies Record<string, FunctionName>;

export type OrderApprovalTaskFunction = (typeof orderApprovalTasks)[keyof typeof orderApprovalTasks];

/** What a caller passes to StartExecution. `approvalTimeoutSeconds` comes from the stage config. */
export interface OrderApprovalInput {
  readonly approvalId: string;
  readonly dealerId: string;
  readonly subject: string;
  readonly approvalTimeoutSeconds: number;
}

/** The longest an execution may live, whatever the input's approval timeout says. */
export const orderApprovalMaxDuration = Duration.days(30);

export function orderApprovalDefinition(
  scope: Construct,
  functions: Readonly<Record<OrderApprovalTaskFunction, IFunction>>,
): IChainable {
  const requestApproval = new LambdaInvoke(scope, orderApprovalStates.requestApproval, {
    comment: 'Record a pending approval with its task token, then wait for the decision',
    lambdaFunction: functions[orderApprovalTasks[orderApprovalStates.requestApproval]],
    integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    payload: TaskInput.fromObject({
      approvalId: JsonPath.stringAt('$.approvalId'),
      dealerId: JsonPath.stringAt('$.dealerId'),
      subject: JsonPath.stringAt('$.subject'),
      taskToken: JsonPath.taskToken,
    }),
    taskTimeout: Timeout.at('$.approvalTimeoutSeconds'),
    resultPath: '$.decision',
  });

  const escalate = new LambdaInvoke(scope, orderApprovalStates.escalate, {
    comment: 'Nobody decided in time: mark the approval escalated',
    lambdaFunction: functions[orderApprovalTasks[orderApprovalStates.escalate]],
    payload: TaskInput.fromObject({ approvalId: JsonPath.stringAt('$.approvalId') }),
    payloadResponseOnly: false,
    resultSelector: { status: JsonPath.stringAt('$.Payload.status') },
    resultPath: '$.escalation',
  });

  requestApproval.addCatch(escalate.next(new Succeed(scope, orderApprovalStates.escalated)), {
    errors: ['States.Timeout'],
    resultPath: '$.timeout',
  });

  return requestApproval.next(
    new Choice(scope, orderApprovalStates.decision)
      .when(Condition.stringEquals('$.decision.decision', 'approved'), new Succeed(scope, orderApprovalStates.approved))
      .otherwise(new Succeed(scope, orderApprovalStates.rejected)),
  );
}
