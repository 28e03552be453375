import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Counts the requests `client` sends while `fn` runs (a middleware at the initialize step, removed
 * afterwards): how the benchmarks check a call against its DynamoDB request budget.
 */
export async function countRequests<T>(client: DynamoDBDocumentClient, fn: () => Promise<T>): Promise<{ result: T; requests: number }> {
  let requests = 0;
  const name = `count-${Math.random()}`;
  client.middlewareStack.add(
    (next) => async (args) => {
      requests++;
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    return { result: await fn(), requests };
  } finally {
    client.middlewareStack.remove(name);
  }
}
