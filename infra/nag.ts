import { Stack, Validations, type App, type CfnElement } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { isAuthenticated, routeKey, routes } from '#functions/routes';
import { DeadLetterQueue } from '#infra/constructs/dead-letter-queue';
import { PortalFunction } from '#infra/constructs/portal-function';
import type { PortalStacks } from '#infra/stage';

export interface NagAcknowledgement {
  readonly scope: IConstruct;
  readonly id: string;
  readonly reason: string;
}

const rule = (id: string) => `AwsSolutions::AwsSolutions-${id}`;

/**
 * Every accepted cdk-nag finding, in one place, each with its reason. Anything not listed here fails
 * synthesis. Derived from the construct tree so a new function, queue or task is covered by the same
 * reasoning without another line — and nothing broader than the finding itself is acknowledged.
 */
export function nagAcknowledgements(app: App, stacks: PortalStacks): NagAcknowledgement[] {
  const all = app.node.findAll();
  const acks: NagAcknowledgement[] = [];

  for (const fn of all.filter((c): c is PortalFunction => c instanceof PortalFunction)) {
    acks.push({
      scope: fn.role ?? fn,
      id: rule('IAM5[Resource::*]'),
      reason: 'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions (active tracing)',
    });
  }

  for (const dlq of all.filter((c): c is DeadLetterQueue => c instanceof DeadLetterQueue)) {
    acks.push({
      scope: dlq.queue,
      id: rule('SQS3'),
      reason: 'This queue is itself a dead-letter queue (EventBridge target DLQ or Lambda on-failure destination)',
    });
  }

  const { workflows } = stacks;
  acks.push({
    scope: workflows.orderApproval.role,
    id: rule('IAM5[Resource::*]'),
    reason: 'Step Functions log delivery (logs:*LogDelivery) and X-Ray actions support no resource-level permissions',
  });
  for (const fn of Object.values(workflows.functions)) {
    const logicalId = Stack.of(fn).getLogicalId(fn.node.defaultChild as CfnElement);
    acks.push({
      scope: workflows.orderApproval.role,
      id: rule(`IAM5[Resource::<${logicalId}.Arn>:*]`),
      reason: 'LambdaInvoke grants the task function and its versions/aliases (<arn>:*), nothing else',
    });
  }

  for (const route of routes.filter((r) => !isAuthenticated(r))) {
    const construct = stacks.api.routes[routeKey(route)];
    if (!construct) throw new Error(`Route ${routeKey(route)} was not created`);
    acks.push({ scope: construct, id: rule('APIG4'), reason: `${routeKey(route)} is deliberately public (liveness probe, no data)` });
  }

  const { userPool } = stacks.identity;
  acks.push(
    {
      scope: userPool,
      id: rule('COG2'),
      reason: 'TOTP MFA is offered (optional); requiring it for every dealer user is a product decision still open',
    },
    {
      scope: userPool,
      id: rule('COG8'),
      reason: 'Plus feature plan (threat protection) not bought yet: admin-created users only, strong password policy',
    },
  );
  return acks;
}

/** Runs the AWS Solutions checks on synthesis and records the accepted findings. */
export function applyNagChecks(app: App, stacks: PortalStacks): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  for (const { scope, id, reason } of nagAcknowledgements(app, stacks)) Validations.of(scope).acknowledge({ id, reason });
}
