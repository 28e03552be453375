import { Stack, type StackProps } from 'aws-cdk-lib';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { resourceName, type Stage, type StageConfig } from '#infra/config';

export interface AlertsStackProps extends StackProps {
  readonly stage: Stage;
  readonly config: StageConfig;
}

/**
 * Where alarms go: one topic per stage with the operators' e-mail subscription. Kept apart from the
 * stateless stacks because an e-mail subscription must be confirmed again whenever it is recreated.
 */
export class AlertsStack extends Stack {
  readonly alarmTopic: Topic;

  constructor(scope: Construct, id: string, props: AlertsStackProps) {
    super(scope, id, props);
    const { stage, config } = props;

    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      topicName: resourceName(stage, 'alarms'),
      displayName: `Dealer portal ${stage} alarms`,
      enforceSSL: true,
    });
    this.alarmTopic.addSubscription(new EmailSubscription(config.alarmEmail));
  }
}
