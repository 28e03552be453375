import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DomainError, ValidationFailed } from '#domain/errors';

export const problemContentType = 'application/problem+json';

/** RFC 9457 problem details, plus `code` (stable, for clients) and `errors` (per-field reasons). */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  errors?: { field: string; code: string; message: string }[];
}

export function problemFor(error: unknown, requestId: string | undefined): { status: number; body: ProblemBody } {
  if (error instanceof DomainError) {
    const body: ProblemBody = {
      type: `urn:dealer-portal:problem:${error.code}`,
      title: error.title,
      status: error.status,
      code: error.code,
      detail: error.message || error.title,
      ...(requestId ? { instance: requestId } : {}),
      ...(error instanceof ValidationFailed ? { errors: [...error.problems] } : {}),
    };
    return { status: error.status, body };
  }
  // Anything unexpected: no message, no stack, nothing internal reaches the client.
  return {
    status: 500,
    body: {
      type: 'urn:dealer-portal:problem:internal',
      title: 'Internal error',
      status: 500,
      code: 'internal',
      ...(requestId ? { instance: requestId } : {}),
    },
  };
}

export function problemResponse(error: unknown, requestId: string | undefined): APIGatewayProxyStructuredResultV2 {
  const { status, body } = problemFor(error, requestId);
  return { statusCode: status, headers: { 'content-type': problemContentType }, body: JSON.stringify(body) };
}
