import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { LocalBus, PutEventsEntry } from './bus.ts';
import { StepFunctionsError, type LocalStepFunctions } from './state-machines.ts';
import type { TokenIssuer } from './token-issuer.ts';
import { DirectoryError, directoryOperations, type LocalUserDirectory } from './user-directory.ts';

/**
 * The AWS APIs handlers call besides DynamoDB, answered locally over the real wire protocol
 * (JSON 1.0/1.1 with X-Amz-Target). Handlers' SDK clients reach it through the standard
 * AWS_ENDPOINT_URL_EVENTBRIDGE / AWS_ENDPOINT_URL_SFN / AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER
 * variables, so no handler code knows it is local. It also serves the local token issuer's JWKS.
 */
export interface AwsEndpointDeps {
  readonly bus: LocalBus;
  readonly stepFunctions: LocalStepFunctions;
  readonly tokens: TokenIssuer;
  /** Cognito's admin API (`AWSCognitoIdentityProviderService.Admin*`), reached via AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER. */
  readonly directory: LocalUserDirectory;
}

class AwsApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

type Operation = (body: Record<string, unknown>, deps: AwsEndpointDeps) => unknown;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const optionalText = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const epochSeconds = (iso: string | undefined) => (iso ? new Date(iso).getTime() / 1000 : undefined);

const operations: Record<string, Operation> = {
  'AWSEvents.PutEvents': (body, { bus }) => bus.putEvents((body.Entries as PutEventsEntry[] | undefined) ?? []),
  'AWSStepFunctions.StartExecution': (body, { stepFunctions }) => {
    const input: unknown = typeof body.input === 'string' ? JSON.parse(body.input) : {};
    const execution = stepFunctions.startExecution(text(body.stateMachineArn), input, typeof body.name === 'string' ? body.name : undefined);
    return { executionArn: execution.executionArn, startDate: epochSeconds(execution.startDate) };
  },
  'AWSStepFunctions.DescribeExecution': (body, { stepFunctions }) => {
    const execution = stepFunctions.describeExecution(text(body.executionArn));
    if (!execution) throw new AwsApiError('ExecutionDoesNotExist', `Execution does not exist: '${text(body.executionArn)}'`);
    return {
      executionArn: execution.executionArn,
      stateMachineArn: execution.stateMachineArn,
      name: execution.name,
      status: execution.status,
      startDate: epochSeconds(execution.startDate),
      stopDate: epochSeconds(execution.stopDate),
      input: JSON.stringify(execution.input),
      ...(execution.output !== undefined ? { output: JSON.stringify(execution.output) } : {}),
      ...(execution.error ? { error: execution.error, cause: execution.cause } : {}),
    };
  },
  'AWSStepFunctions.SendTaskSuccess': (body, { stepFunctions }) => {
    const output: unknown = typeof body.output === 'string' ? JSON.parse(body.output) : null;
    stepFunctions.sendTaskSuccess(text(body.taskToken), output);
    return {};
  },
  'AWSStepFunctions.SendTaskFailure': (body, { stepFunctions }) => {
    stepFunctions.sendTaskFailure(text(body.taskToken), optionalText(body.error), optionalText(body.cause));
    return {};
  },
  ...Object.fromEntries(
    directoryOperations.map((name): [string, Operation] => [`AWSCognitoIdentityProviderService.${name}`, (body, { directory }) => directory.call(name, body)]),
  ),
};

/** `GET /local-pool/token/<email or sub>`: a signed-in user's ID token, the local stand-in for the hosted sign-in. */
const tokenPath = /^\/local-pool\/token\/([^/?]+)$/;

export function startAwsEndpoint(deps: AwsEndpointDeps, port = 0): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    void handle(request, response, deps);
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`;
      resolve({ server, url });
    });
  });
}

async function handle(request: IncomingMessage, response: ServerResponse, deps: AwsEndpointDeps) {
  if (request.method === 'GET' && request.url === deps.tokens.jwksPath) {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(deps.tokens.jwks()));
    return;
  }
  const tokenFor = request.method === 'GET' ? tokenPath.exec(request.url ?? '') : null;
  if (tokenFor) {
    try {
      const token = await deps.tokens.mint(deps.directory.subject(decodeURIComponent(tokenFor[1]!)));
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token }));
    } catch (error) {
      const type = error instanceof DirectoryError ? error.awsErrorName : 'InternalFailure';
      response.writeHead(type === 'UserNotFoundException' ? 404 : 403, { 'content-type': 'application/json' }).end(JSON.stringify({ __type: type }));
    }
    return;
  }
  const target = String(request.headers['x-amz-target'] ?? '');
  const contentType = String(request.headers['content-type'] ?? 'application/x-amz-json-1.1');
  const operation = operations[target];
  try {
    if (!operation) throw new AwsApiError('UnknownOperationException', `${target || 'request'} is not emulated locally`);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
    const result = operation(body, deps);
    response.writeHead(200, { 'content-type': contentType }).end(JSON.stringify(result));
  } catch (error) {
    const type =
      error instanceof AwsApiError
        ? error.type
        : error instanceof StepFunctionsError || error instanceof DirectoryError
          ? error.awsErrorName
          : 'InternalFailure';
    const status = type === 'InternalFailure' ? 500 : 400;
    const message = error instanceof Error ? error.message : String(error);
    response.writeHead(status, { 'content-type': contentType, 'x-amzn-errortype': type }).end(JSON.stringify({ __type: type, message }));
  }
}
