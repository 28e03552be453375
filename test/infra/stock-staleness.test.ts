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
      TreatMissingData: 'notBreaching',
    });
    expect(alarm?.Properties.AlarmActions).toHaveLength(1);
  });

  it('gives the availability function its freshness limits from the stage config', () => {
    const fn = Object.values(resourcesOf(dev.templates.api, 'AWS::Lambda::Function')).find((f) => tagValue(f.Properties, 'portal:function') === 'availability');
    const env = (fn?.Properties.Environment as { Variables: Record<string, string> }).Variables;
    expect(JSON.parse(env.STOCK_FRESHNESS!)).toEqual(stageConfig.dev.stockFreshness);
  });
});
