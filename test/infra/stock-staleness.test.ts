import { describe, expect, it } from 'vitest';
import { stageConfig } from '#infra/config';
import { resourcesOf, synthesizePortal, tagValue } from './portal-app.ts';

const dev = synthesizePortal('dev');

describe('stock feed staleness', () => {
  const alarms = Object.values(resourcesOf(dev.templates.consumers, 'AWS::CloudWatch::Alarm')).filter((a) => a.Properties.MetricName === 'StockFeedAgeSeconds');

  it.each(Object.entries(stageConfig.dev.stockFreshness.byWarehouse))('alarms when %s answers come from a feed older than its limit', (warehouseId, limit) => {
    const alarm = alarms.find((a) => (a.Properties.Dimensions as { Name: string; Value: string }[]).some((d) => d.Name === 'warehouseId' && d.Value === warehouseId));
    expect(alarm?.Properties).toMatchObject({
      Namespace: 'DealerPortal',
      Statistic: 'Maximum',
      Threshold: limit,
      ComparisonOperator: 'GreaterThanThreshold',
      // The age is measured on a schedule: no datapoint is a stopped feed or a stopped measurement.
      TreatMissingData: 'breaching',
      Period: 300,
    });
    expect(alarm?.Properties.AlarmActions).toHaveLength(1);
  });

  it('alarms when any warehouse is past its limit, one without an alarm of its own included', () => {
    const any = Object.values(resourcesOf(dev.templates.consumers, 'AWS::CloudWatch::Alarm')).filter((a) => a.Properties.MetricName === 'StaleStockFeeds');
    expect(any).toHaveLength(1);
    expect(any[0]!.Properties).toMatchObject({
      Namespace: 'DealerPortal',
      Statistic: 'Maximum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'breaching',
      Period: 300,
    });
    expect(any[0]!.Properties.AlarmActions).toHaveLength(1);
  });

  it('measures every warehouse feed age every 5 minutes, readers or not', () => {
    const fn = Object.entries(resourcesOf(dev.templates.consumers, 'AWS::Lambda::Function')).find(([, f]) => tagValue(f.Properties, 'portal:function') === 'stockFeedAge');
    expect(fn).toBeDefined();
    const [logicalId, resource] = fn!;
    expect(JSON.parse((resource.Properties.Environment as { Variables: Record<string, string> }).Variables.STOCK_FRESHNESS!)).toEqual(stageConfig.dev.stockFreshness);
    const rules = Object.values(resourcesOf(dev.templates.consumers, 'AWS::Events::Rule')).filter((r) => JSON.stringify(r.Properties.Targets ?? []).includes(logicalId));
    expect(rules).toHaveLength(1);
    expect(rules[0]!.Properties).toMatchObject({ ScheduleExpression: 'rate(5 minutes)', State: 'ENABLED' });
    // Schedules run on the default bus (no EventBusName).
    expect(rules[0]!.Properties.EventBusName).toBeUndefined();
    const permissions = Object.values(resourcesOf(dev.templates.consumers, 'AWS::Lambda::Permission')).filter((p) => JSON.stringify(p.Properties.FunctionName).includes(logicalId));
    expect(permissions.map((p) => p.Properties.Principal)).toContain('events.amazonaws.com');
  });

  it('gives the availability function its freshness limits from the stage config', () => {
    const fn = Object.values(resourcesOf(dev.templates.api, 'AWS::Lambda::Function')).find((f) => tagValue(f.Properties, 'portal:function') === 'availability');
    const env = (fn?.Properties.Environment as { Variables: Record<string, string> }).Variables;
    expect(JSON.parse(env.STOCK_FRESHNESS!)).toEqual(stageConfig.dev.stockFreshness);
  });
});
