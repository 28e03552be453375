import { Stack, type StackProps } from 'aws-cdk-lib';
import { Archive, EventBus } from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import { resourceName, type Stage, type StageConfig } from '#infra/config';

export interface EventsStackProps extends StackProps {
  readonly stage: Stage;
  readonly config: StageConfig;
}

/**
 * Stateful part of eventing: the portal's custom bus, which the ERP, the WMS and carriers publish to,
 * and an archive of every event on it so consumers can be replayed after an outage or a fix. The rules
 * and their consumers live in the consumers stack.
 */
export class EventsStack extends Stack {
  readonly bus: EventBus;
  readonly archive: Archive;

  constructor(scope: Construct, id: string, props: EventsStackProps) {
    super(scope, id, props);
    const { stage, config } = props;

    this.bus = new EventBus(this, 'Bus', {
      eventBusName: resourceName(stage, 'bus'),
      description: `Dealer portal ${stage}: ERP, WMS and carrier updates in, portal events out`,
    });

    this.archive = new Archive(this, 'Archive', {
      sourceEventBus: this.bus,
      archiveName: resourceName(stage, 'archive'),
      description: 'Every event on the portal bus, for replay',
      // An archive needs a pattern; every event on this bus comes from this account's bus, so this matches all.
      eventPattern: { account: [this.account] },
      retention: config.eventArchiveRetention,
    });
  }
}
