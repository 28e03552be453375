import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { resourceName, type Stage } from '#infra/config';

export interface DeadLetterQueueProps {
  readonly stage: Stage;
  /** Short name, e.g. `dealerUpserted-delivery`; the queue is `dealer-portal-<stage>-<name>-dlq`. */
  readonly name: string;
  /** What lands here, for the alarm description. */
  readonly purpose: string;
  readonly alarmTopic: ITopic;
}

/**
 * A dead-letter queue that someone will notice: encrypted, TLS-only, 14 days of retention, and an alarm
 * to the stage's alarm topic as soon as one message is in it.
 */
export class DeadLetterQueue extends Construct {
  readonly queue: Queue;
  readonly alarm: Alarm;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    const queueName = resourceName(props.stage, `${props.name}-dlq`);

    this.queue = new Queue(this, 'Queue', {
      queueName,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    this.alarm = new Alarm(this, 'DepthAlarm', {
      alarmName: `${queueName}-not-empty`,
      alarmDescription: `${props.purpose} landed in ${queueName}: inspect, fix, then redrive`,
      metric: this.queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.alarm.addAlarmAction(new SnsAction(props.alarmTopic));
  }
}
