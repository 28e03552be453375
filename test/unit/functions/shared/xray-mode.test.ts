import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tracingDisabled } from '#functions/shared/xray-mode';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../../..');
/** Loads the shared Powertools module in a fresh process and asks the X-Ray SDK which mode it started in. */
const probe = `await import('#functions/shared/powertools');
const { createRequire } = await import('node:module');
console.log(JSON.stringify({ automatic: createRequire(import.meta.url)('aws-xray-sdk-core').isAutomaticMode() }));`;

async function xrayModeWith(env: Record<string, string>) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && !k.startsWith('POWERTOOLS_')));
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', probe], { cwd: root, env: { ...clean, ...env } });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as { automatic: boolean };
}

describe('tracingDisabled', () => {
  it('follows Powertools: off when POWERTOOLS_TRACE_ENABLED is false or outside Lambda', () => {
    expect(tracingDisabled({ POWERTOOLS_TRACE_ENABLED: 'false', AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x' })).toBe(true);
    expect(tracingDisabled({ POWERTOOLS_TRACE_ENABLED: 'FALSE', AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x' })).toBe(true);
    expect(tracingDisabled({})).toBe(true);
    expect(tracingDisabled({ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x' })).toBe(false);
    expect(tracingDisabled({ POWERTOOLS_TRACE_ENABLED: 'true', AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x' })).toBe(false);
  });
});

describe('the X-Ray SDK mode Powertools loads it in', { timeout: 30_000 }, () => {
  it('is manual (no async hook on every promise) when tracing is off, automatic in a traced Lambda', async () => {
    expect(await xrayModeWith({ POWERTOOLS_TRACE_ENABLED: 'false' })).toEqual({ automatic: false });
    expect(await xrayModeWith({ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', AWS_REGION: 'eu-west-1' })).toEqual({ automatic: true });
  });
});
