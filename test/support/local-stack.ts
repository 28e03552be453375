import { inject } from 'vitest';
import { ulid } from 'ulidx';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '#local/stack';
import type { TokenSubject } from '#local/token-issuer';

/**
 * The embedded stack for one test file: shared DynamoDB Local, a fresh table, the real gateway,
 * bus and state machines. Call once per file (handlers read their configuration at import).
 */
export async function startTestStack(options: Omit<LocalStackOptions, 'dynamoEndpoint' | 'tableName'> = {}): Promise<TestStack> {
  const stack = await startLocalStack({
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName: `test-${ulid()}`,
    logLevel: 'SILENT',
    busRetryDelayMs: 5,
    ...options,
  });
  return Object.assign(stack, {
    async call(method: string, path: string, init: { token?: string | undefined; body?: unknown; headers?: Record<string, string> } = {}) {
      const response = await fetch(`${stack.apiUrl}${path}`, {
        method,
        headers: {
          ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
          ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...init.headers,
        },
        ...(init.body !== undefined ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) } : {}),
      });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, headers: response.headers, body: body as Record<string, unknown> & unknown[] };
    },
    token(subject: TokenSubject, options?: { expiresInSeconds?: number }) {
      return stack.tokens.mint(subject, options);
    },
  });
}

export type TestStack = LocalStack & {
  call(method: string, path: string, init?: { token?: string | undefined; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; headers: Headers; body: Record<string, unknown> & unknown[] }>;
  token(subject: TokenSubject, options?: { expiresInSeconds?: number }): Promise<string>;
};
