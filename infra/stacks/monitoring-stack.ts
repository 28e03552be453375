import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { resourceName, type Stage, type StageConfig } from '#infra/config';
import type { PortalFunction } from '#infra/constructs/portal-function';

export interface MonitoringStackProps extends StackProps {
  readonly stage: Stage;
  readonly config: StageConfig;
  readonly alarmTopic: ITopic;
  readonly api: IHttpApi;
  /** Every deployed function, whatever stack deploys it: each gets an errors and a throttles alarm. */
  readonly functions: readonly PortalFunction[];
  /** Every state machine by workflow name (`orderApproval`): each gets failed and timed-out alarms. */
  readonly stateMachines: Readonly<Record<string, IStateMachine>>;
}

/** Every operational alarm evaluates 5-minute periods. */
const period = Duration.minutes(5);

/**
 * Stateless: the operational alarms of a stage, all to its alarm topic, and one small dashboard. API 5xx
 * and p99 latency (thresholds from the stage config), errors and throttles of every function, failed and
 * timed-out executions of every state machine. Built from what the other stacks deploy, so a new function
 * or workflow is alarmed without a change here. Missing data (no traffic) never alarms.
 */
export class MonitoringStack extends Stack {
  /** Alarms by name suffix: `api-5xx`, `<function>-errors`, `<workflow>-executions-failed`, … */
  readonly alarms: Record<string, Alarm> = {};

  private readonly stage: Stage;
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const { stage, config, api } = props;
    this.stage = stage;
    this.action = new SnsAction(props.alarmTopic);

    const { api5xxPerFiveMinutes, apiP99LatencyMs } = config.alarms;
    const serverErrors = api.metricServerError({ period, statistic: 'Sum' });
    const latencyP99 = api.metricLatency({ period, statistic: 'p99' });
    this.alarm('Api5xx', 'api-5xx', {
      metric: serverErrors,
      threshold: api5xxPerFiveMinutes,
      evaluationPeriods: 1,
      description:
        `The HTTP API answered ${api5xxPerFiveMinutes}+ 5xx in 5 minutes: find the failing route in the API access logs ` +
        '(status, integrationError), then its function\'s errors and logs',
    });
    this.alarm('ApiLatencyP99', 'api-p99-latency', {
      metric: latencyP99,
      threshold: apiP99LatencyMs,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      description:
        `HTTP API p99 latency above ${apiP99LatencyMs} ms for 15 minutes: compare integrationLatency in the access logs, ` +
        'look for function duration, cold starts or DynamoDB throttling in the X-Ray traces',
    });

    const byName = [...props.functions].sort((a, b) => a.catalogName.localeCompare(b.catalogName));
    for (const fn of byName) {
      const name = fn.catalogName;
      this.alarm(`${name}Errors`, `${name}-errors`, {
        metric: fn.metricErrors({ period, statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        description: `Function ${resourceName(stage, name)} failed an invocation: read its log group and X-Ray traces, fix, and redrive any DLQ it fed`,
      });
      this.alarm(`${name}Throttles`, `${name}-throttles`, {
        metric: fn.metricThrottles({ period, statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        description: `Function ${resourceName(stage, name)} was throttled: check the account's concurrency (and any reserved concurrency) and request a higher limit if traffic is real`,
      });
    }

    const workflows = Object.entries(props.stateMachines).sort(([a], [b]) => a.localeCompare(b));
    for (const [workflow, machine] of workflows) {
      this.alarm(`${workflow}ExecutionsFailed`, `${workflow}-executions-failed`, {
        metric: machine.metricFailed({ period, statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        description: `A ${workflow} execution failed: open it in the Step Functions console (or its log group), find the failed state, and restart the business step by hand`,
      });
      this.alarm(`${workflow}ExecutionsTimedOut`, `${workflow}-executions-timed-out`, {
        metric: machine.metricTimedOut({ period, statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        description: `A ${workflow} execution hit the state machine's overall timeout: find out why it never finished and settle its approval by hand`,
      });
    }

    const graph = (title: string, left: IMetric[], right: IMetric[] = []) =>
      new GraphWidget({ title, left, right, width: 12, height: 6, period });
    new Dashboard(this, 'Dashboard', {
      dashboardName: resourceName(stage, 'operations'),
      widgets: [
        [
          graph('API requests and 5xx', [api.metricCount({ period, statistic: 'Sum' }), serverErrors], [api.metricClientError({ period, statistic: 'Sum' })]),
          graph('API latency (p50, p99)', [api.metricLatency({ period, statistic: 'p50' }), latencyP99]),
        ],
        [
          graph('Function errors', byName.map((fn) => fn.metricErrors({ period, statistic: 'Sum', label: fn.catalogName }))),
          graph('Function throttles', byName.map((fn) => fn.metricThrottles({ period, statistic: 'Sum', label: fn.catalogName }))),
        ],
      ],
    });
  }

  private alarm(
    id: string,
    name: string,
    options: {
      readonly metric: IMetric;
      readonly threshold: number;
      readonly evaluationPeriods: number;
      readonly description: string;
      readonly comparisonOperator?: ComparisonOperator;
    },
  ): Alarm {
    const alarm = new Alarm(this, id, {
      alarmName: resourceName(this.stage, name),
      alarmDescription: options.description,
      metric: options.metric,
      threshold: options.threshold,
      comparisonOperator: options.comparisonOperator ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: options.evaluationPeriods,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    this.alarms[name] = alarm;
    return alarm;
  }
}
