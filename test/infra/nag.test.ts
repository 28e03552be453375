import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it, vi } from 'vitest';
import { stages } from '#infra/config';
import { nagAcknowledgements } from '#infra/nag';
import { buildPortalApp } from '#infra/stage';
import { synthesizePortal } from './portal-app.ts';

describe('cdk-nag AwsSolutions', () => {
  describe.each(stages)('%s', (stage) => {
    const portal = synthesizePortal(stage);
    const report = portal.validationReport.pluginReports.find((plugin) => plugin.pluginName === 'AwsSolutions');

    it('ran on synthesis and reports no unacknowledged finding', () => {
      expect(report?.conclusion).toBe('success');
      expect(report?.violations).toEqual([]);
    });

    it('has a reason for every acknowledged finding', () => {
      for (const suppressed of report?.suppressedViolations ?? []) expect(suppressed.reason.length).toBeGreaterThan(20);
    });

    it('acknowledges nothing that is not actually found (no stale acknowledgements)', () => {
      const used = new Set((report?.suppressedViolations ?? []).map((violation) => violation.acknowledgedId));
      const { app, ...stacks } = portal;
      const declared = new Set(nagAcknowledgements(app, stacks).map((ack) => ack.id));

      expect([...declared].filter((id) => !used.has(id))).toEqual([]);
    });
  });

  it('fails synthesis on a finding nobody acknowledged', () => {
    const { app, consumers } = buildPortalApp('dev', { skipBundling: true });
    new Queue(consumers, 'UnguardedQueue');
    const printed: string[] = [];
    const capture = (...args: unknown[]) => void printed.push(args.map(String).join(' '));
    const spies = (['log', 'error', 'warn', 'info'] as const).map((method) => vi.spyOn(console, method).mockImplementation(capture));

    try {
      const failure = (() => {
        try {
          app.synth();
          return 'synthesized';
        } catch (error) {
          return error instanceof Error ? error.message : String(error);
        }
      })();

      // The report is printed or carried by the error, depending on whether a console is attached.
      expect([failure, ...printed].join('\n')).toMatch(/UnguardedQueue[\s\S]*AwsSolutions-SQS4/);
      expect(failure).not.toBe('synthesized');
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});
