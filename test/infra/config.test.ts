import { App, RemovalPolicy } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { stageConfig, stageFromContext, stages } from '#infra/config';

describe('stageFromContext', () => {
  it.each(stages)('returns %s when selected with -c env=%s', (stage) => {
    const app = new App({ context: { env: stage } });

    expect(stageFromContext(app)).toBe(stage);
  });

  it('fails with the choices when no stage is given', () => {
    const app = new App();

    expect(() => stageFromContext(app)).toThrow(/-c env=dev\|staging\|prod \(got nothing\)/);
  });

  it('fails on an unknown stage', () => {
    const app = new App({ context: { env: 'production' } });

    expect(() => stageFromContext(app)).toThrow(/got "production"/);
  });
});

describe('stageConfig', () => {
  it('retains and protects data in prod only', () => {
    expect(stageConfig.prod).toMatchObject({ removalPolicy: RemovalPolicy.RETAIN, pointInTimeRecovery: true, deletionProtection: true });
    for (const stage of ['dev', 'staging'] as const) {
      expect(stageConfig[stage]).toMatchObject({ removalPolicy: RemovalPolicy.DESTROY, deletionProtection: false });
    }
  });

  it('gives every stage its own alarm address, auth domain and SPA origin', () => {
    const values = (pick: (stage: (typeof stages)[number]) => string) => new Set(stages.map(pick)).size;

    expect(values((s) => stageConfig[s].alarmEmail)).toBe(stages.length);
    expect(values((s) => stageConfig[s].authDomainPrefix)).toBe(stages.length);
    expect(values((s) => stageConfig[s].corsAllowedOrigins[0] ?? '')).toBe(stages.length);
  });
});
