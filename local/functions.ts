import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context } from 'aws-lambda';
import { portalFunctions, type FunctionName } from '#functions/catalog';

const repositoryRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/**
 * Runs catalog functions in-process, the way Lambda would: the module is loaded once (its module
 * scope is the cold start), then `handler(event, context)` per invocation.
 */
export class LocalFunctions {
  private readonly loaded = new Map<FunctionName, Promise<Handler>>();

  async invoke(name: FunctionName, event: unknown): Promise<unknown> {
    const handler = await this.load(name);
    return handler(event, fakeContext(name));
  }

  private load(name: FunctionName): Promise<Handler> {
    let handler = this.loaded.get(name);
    if (!handler) {
      const entry = resolve(repositoryRoot, portalFunctions[name].entry);
      handler = import(entry).then((module: { handler?: Handler }) => {
        if (typeof module.handler !== 'function') throw new Error(`${entry} does not export a handler`);
        return module.handler;
      });
      this.loaded.set(name, handler);
    }
    return handler;
  }
}

function fakeContext(name: FunctionName): Context {
  const deadline = Date.now() + 30_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `local-${name}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${name}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/local-${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
