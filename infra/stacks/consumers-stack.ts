import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { FunctionName } from '#functions/catalog';
import { eventPattern, eventRules } from '#events/rules';
import { schedules } from '#events/schedules';
import { metricsNamespace, resourceName, serviceName, type Stage, type StageConfig } from '#infra/config';
import { DeadLetterQueue } from '#infra/constructs/dead-letter-queue';
import { PortalFunction, type WorkflowResource } from '#infra/constructs/portal-function';

export interface ConsumersStackProps extends StackProps {
  readonly stage: Stage;
  readonly config: StageConfig;
  readonly table: ITableV2;
  readonly bus: IEventBus;
  readonly alarmTopic: ITopic;
  readonly workflows?: Readonly<Record<string, WorkflowResource>>;
}

/** How EventBridge delivers to a consumer, and how often Lambda retries a consumer that throws. */
export const eventDelivery = {
  /** EventBridge → Lambda (async invoke accepted or not): throttling, service errors. */
  targetRetryAttempts: 8,
  targetMaxEventAge: Duration.hours(24),
  /** Lambda async invoke: the consumer threw. Invalid events never pass, so a few tries are enough. */
  functionRetryAttempts: 2,
  functionMaxEventAge: Duration.hours(6),
} as const;

/** The functions this stack deploys: the targets of `eventRules` and of `schedules`. */
export const consumerFunctionNames = (): FunctionName[] => [...new Set([...eventRules.map((rule) => rule.target), ...schedules.map((s) => s.target)])];

/** Functions that need the stage's stock freshness limits (`STOCK_FRESHNESS`). */
const freshnessReaders: readonly FunctionName[] = ['stockFeedAge'];

/**
 * Stateless: one rule per `eventRules` entry on the portal bus, matching its contract's source and
 * detail-type, delivering to its consumer. Nothing is lost quietly: an event EventBridge cannot deliver
 * lands in the rule's delivery DLQ; an event the consumer rejects or keeps failing on lands, with the
 * error, in the consumer's failure DLQ; either raises an alarm.
 */
export class ConsumersStack extends Stack {
  readonly functions: Partial<Record<FunctionName, PortalFunction>> = {};
  readonly rules: Record<string, Rule> = {};
  /** Scheduled rules (default bus), by `schedules` name. */
  readonly scheduleRules: Record<string, Rule> = {};
  readonly deliveryDlqs: Record<string, DeadLetterQueue> = {};
  readonly failureDlqs: Partial<Record<FunctionName, DeadLetterQueue>> = {};
  /** Per warehouse: ATP answers are served from a feed older than its freshness limit. */
  readonly stockStalenessAlarms: Record<string, Alarm> = {};
  /** Any warehouse (with a limit of its own or the default) is past its limit or never heard from. */
  readonly staleStockFeedsAlarm: Alarm;
  /** A special-price approval has waited too long for its event to reach the bus (the outbox). */
  readonly approvalOutboxAlarm: Alarm;

  constructor(scope: Construct, id: string, props: ConsumersStackProps) {
    super(scope, id, props);
    const { stage, config, alarmTopic } = props;
    const resources = { table: props.table, bus: props.bus, workflows: props.workflows };

    for (const name of consumerFunctionNames()) {
      const fn = new PortalFunction(this, { stage, config, name, resources });
      const failures = new DeadLetterQueue(this, `${name}FailureDlq`, {
        stage,
        name: `${name}-failed`,
        purpose: `Events the ${name} consumer rejected or failed on`,
        alarmTopic,
      });
      fn.configureAsyncInvoke({
        retryAttempts: eventDelivery.functionRetryAttempts,
        maxEventAge: eventDelivery.functionMaxEventAge,
        onFailure: new SqsDestination(failures.queue),
      });
      if (freshnessReaders.includes(name)) fn.addEnvironment('STOCK_FRESHNESS', JSON.stringify(config.stockFreshness));
      this.functions[name] = fn;
      this.failureDlqs[name] = failures;
    }

    for (const spec of schedules) {
      const fn = this.functions[spec.target];
      if (!fn) throw new Error(`Schedule '${spec.name}' targets '${spec.target}', which this stack did not create`);
      this.scheduleRules[spec.name] = new Rule(this, `${spec.name}Schedule`, {
        ruleName: resourceName(stage, `${spec.name}-schedule`),
        description: spec.description,
        schedule: Schedule.rate(Duration.minutes(spec.rateMinutes)),
        // A missed run is not retried for long: the next one comes in minutes, and the alarm treats the gap as breaching.
        targets: [new LambdaFunction(fn, { retryAttempts: 2, maxEventAge: Duration.minutes(spec.rateMinutes) })],
      });
    }

    for (const spec of eventRules) {
      const fn = this.functions[spec.target];
      if (!fn) throw new Error(`Rule '${spec.name}' targets '${spec.target}', which this stack did not create`);
      const delivery = new DeadLetterQueue(this, `${spec.name}DeliveryDlq`, {
        stage,
        name: `${spec.name}-delivery`,
        purpose: `Events EventBridge could not deliver to ${spec.target}`,
        alarmTopic,
      });
      this.deliveryDlqs[spec.name] = delivery;
      this.rules[spec.name] = new Rule(this, `${spec.name}Rule`, {
        ruleName: resourceName(stage, spec.name),
        description: spec.description,
        eventBus: props.bus,
        eventPattern: eventPattern(spec),
        targets: [
          new LambdaFunction(fn, {
            deadLetterQueue: delivery.queue,
            retryAttempts: eventDelivery.targetRetryAttempts,
            maxEventAge: eventDelivery.targetMaxEventAge,
          }),
        ],
      });
    }

    for (const [warehouseId, limitSeconds] of Object.entries(config.stockFreshness.byWarehouse)) {
      const alarm = new Alarm(this, `StockFeedStale${warehouseId.replace(/[^A-Za-z0-9]/g, '')}`, {
        alarmName: resourceName(stage, `stock-feed-stale-${warehouseId}`),
        alarmDescription: `The ${warehouseId} stock feed is older than ${limitSeconds} s (ATP answers from it are flagged stale), or its age is not being measured`,
        metric: new Metric({
          namespace: metricsNamespace,
          metricName: 'StockFeedAgeSeconds',
          dimensionsMap: { service: serviceName, warehouseId },
          statistic: 'Maximum',
          period: Duration.minutes(5),
        }),
        threshold: limitSeconds,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        // Measured every 5 minutes by the stockFeedAge schedule: no datapoint means the warehouse was never
        // heard from or the measurement stopped — both are alarms.
        treatMissingData: TreatMissingData.BREACHING,
      });
      alarm.addAlarmAction(new SnsAction(alarmTopic));
      this.stockStalenessAlarms[warehouseId] = alarm;
    }

    this.staleStockFeedsAlarm = new Alarm(this, 'StaleStockFeeds', {
      alarmName: resourceName(stage, 'stale-stock-feeds'),
      alarmDescription: `A warehouse stock feed is older than its freshness limit (default ${config.stockFreshness.defaultSeconds} s; ATP answers from it are flagged stale) or a watched one was never heard from — including warehouses without an alarm of their own — or the stockFeedAge schedule stopped measuring. A closed warehouse keeps it in alarm until retired (local/retire-warehouse-feed.ts)`,
      metric: new Metric({
        namespace: metricsNamespace,
        metricName: 'StaleStockFeeds',
        dimensionsMap: { service: serviceName },
        statistic: 'Maximum',
        period: Duration.minutes(5),
      }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.BREACHING,
    });
    this.staleStockFeedsAlarm.addAlarmAction(new SnsAction(alarmTopic));

    this.approvalOutboxAlarm = new Alarm(this, 'SpecialPriceOutboxBacklog', {
      alarmName: resourceName(stage, 'special-price-outbox-backlog'),
      alarmDescription:
        'A special-price approval has not reached the event bus for 15 minutes (the ERP has not heard of it), or the specialPriceOutbox schedule stopped measuring: check the function logs and the bus',
      metric: new Metric({
        namespace: metricsNamespace,
        metricName: 'SpecialPriceOutboxAgeSeconds',
        dimensionsMap: { service: serviceName },
        statistic: 'Maximum',
        period: Duration.minutes(5),
      }),
      threshold: 15 * 60,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      // Measured every 5 minutes (0 when nothing waits): two periods without a datapoint mean the schedule stopped.
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      treatMissingData: TreatMissingData.BREACHING,
    });
    this.approvalOutboxAlarm.addAlarmAction(new SnsAction(alarmTopic));
  }
}
