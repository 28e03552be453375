import { Stack, Tags, type CfnElement, type StackProps } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { FunctionName } from '#functions/catalog';
import { resourceName, type Stage, type StageConfig } from '#infra/config';
import { PortalFunction, type WorkflowResource } from '#infra/constructs/portal-function';
import {
  orderApprovalDefinition,
  orderApprovalMaxDuration,
  orderApprovalTasks,
  orderApprovalWorkflow,
  type OrderApprovalTaskFunction,
} from '#infra/workflows/order-approval';

export interface WorkflowsStackProps extends StackProps {
  readonly stage: Stage;
  readonly config: StageConfig;
  readonly table: ITableV2;
  readonly bus: IEventBus;
}

/** Tag on every state machine resource: its workflow name (`orderApproval`). */
export const workflowTagKey = 'portal:workflow';

/** The functions this stack deploys: the Task states' functions. */
export const workflowFunctionNames = (): FunctionName[] => [...new Set(Object.values(orderApprovalTasks))];

/**
 * Stateless: the Standard state machines for the long-running human steps and the task functions they
 * invoke. Functions that start or resume a workflow live with their trigger (API, consumers) and get
 * `workflows` from this stack.
 */
export class WorkflowsStack extends Stack {
  readonly orderApproval: StateMachine;
  readonly functions: Readonly<Record<OrderApprovalTaskFunction, PortalFunction>>;
  /** What `applyCatalogAccess` needs for `workflow:start` / `workflow:callback`. */
  readonly workflows: Readonly<Record<string, WorkflowResource>>;

  constructor(scope: Construct, id: string, props: WorkflowsStackProps) {
    super(scope, id, props);
    const { stage, config } = props;
    const resources = { table: props.table, bus: props.bus };
    const task = (name: OrderApprovalTaskFunction) => new PortalFunction(this, { stage, config, name, resources });
    this.functions = { approvalRequest: task('approvalRequest'), approvalEscalate: task('approvalEscalate') };

    const stateMachineName = resourceName(stage, 'order-approval');
    this.orderApproval = new StateMachine(this, 'OrderApproval', {
      stateMachineName,
      comment: 'Order approval: wait for a dealer approver, escalate on timeout',
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(orderApprovalDefinition(this, this.functions)),
      timeout: orderApprovalMaxDuration,
      tracingEnabled: true,
      logs: {
        destination: new LogGroup(this, 'OrderApprovalLogs', {
          logGroupName: `/aws/vendedlogs/states/${stateMachineName}`,
          retention: config.logRetention,
          removalPolicy: config.removalPolicy,
        }),
        level: LogLevel.ALL,
        includeExecutionData: false,
      },
    });
    Tags.of(this.orderApproval).add(workflowTagKey, orderApprovalWorkflow, {
      includeResourceTypes: ['AWS::StepFunctions::StateMachine'],
    });

    this.workflows = {
      [orderApprovalWorkflow]: {
        stateMachine: this.orderApproval,
        startEnvironment: { APPROVAL_TIMEOUT_SECONDS: String(config.approvalTimeoutSeconds) },
      },
    };
  }

  /** Logical id of the order approval state machine in this stack's template. */
  get orderApprovalLogicalId(): string {
    return this.getLogicalId(this.orderApproval.node.defaultChild as CfnElement);
  }
}
