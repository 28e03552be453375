import { randomUUID } from 'node:crypto';
import { StateMachine, ExecutionError } from 'aws-local-stepfunctions';
import { functionNames, type FunctionName } from '#functions/catalog';
import type { LocalFunctions } from './functions.ts';

/**
 * Runs the state machines CDK synthesizes, with aws-local-stepfunctions, and answers the Step
 * Functions calls handlers make (StartExecution, SendTaskSuccess, SendTaskFailure,
 * DescribeExecution). Task states are mapped to the in-process functions by the Lambda ARN their
 * definition names, exactly as the service would invoke them.
 */
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionRecord {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly input: unknown;
  readonly startDate: string;
  status: ExecutionStatus;
  output?: unknown;
  error?: string | undefined;
  cause?: string | undefined;
  stopDate?: string | undefined;
  readonly done: Promise<void>;
}

/** An error the Step Functions API would answer with, by its AWS error name. */
export class StepFunctionsError extends Error {
  constructor(
    readonly awsErrorName: 'StateMachineDoesNotExist' | 'TaskTimedOut' | 'InvalidToken',
    message: string,
  ) {
    super(message);
  }
}

interface AslState {
  Type: string;
  Resource?: string;
  Parameters?: { FunctionName?: string } & Record<string, unknown>;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  Iterator?: { States: Record<string, AslState> };
  ItemProcessor?: { States: Record<string, AslState> };
  Branches?: { States: Record<string, AslState> }[];
}
export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
  TimeoutSeconds?: number;
}

/** Node timers cannot wait longer than ~24.8 days; a longer AWS timeout is clipped locally. */
const maxTimerSeconds = Math.floor((2 ** 31 - 1) / 1000);
/** aws-local-stepfunctions applies 60 s to a Task without TimeoutSeconds. */
const interpreterDefaultTimeoutSeconds = 60;

export interface LocalStateMachineOptions {
  /** Seconds to use instead of a Task state's `TimeoutSeconds`, by state name, so tests need not wait hours. */
  readonly timeoutOverrides?: Record<string, number>;
}

export class LocalStepFunctions {
  private readonly machines = new Map<string, { definition: AslDefinition; options: LocalStateMachineOptions }>();
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly waiting = new Map<string, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly tokens = new Map<string, string>();

  constructor(private readonly functions: LocalFunctions) {}

  register(stateMachineArn: string, definition: AslDefinition, options: LocalStateMachineOptions = {}): void {
    this.machines.set(stateMachineArn, { definition: withLocalTimeouts(definition, options), options });
  }

  get stateMachineArns(): string[] {
    return [...this.machines.keys()];
  }

  startExecution(stateMachineArn: string, input: unknown, name: string = randomUUID()): ExecutionRecord {
    const machine = this.machines.get(stateMachineArn);
    if (!machine) throw new StepFunctionsError('StateMachineDoesNotExist', `state machine ${stateMachineArn} does not exist`);
    const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    const existing = this.executions.get(executionArn);
    if (existing) return existing; // StartExecution is idempotent by name
    const token = `${randomUUID()}.${Buffer.from(executionArn).toString('base64url')}`;
    const startDate = new Date().toISOString();
    const stateMachine = new StateMachine(machine.definition as never, { validationOptions: { checkArn: false, checkPaths: true } });
    const run = stateMachine.run(input as never, {
      overrides: { taskResourceLocalHandlers: this.taskHandlers(machine.definition, token) as never },
      context: { Execution: { Id: executionArn, Name: name, Input: input, StartTime: startDate }, Task: { Token: token } } as never,
    });
    this.tokens.set(token, executionArn);
    const record: ExecutionRecord = {
      executionArn,
      stateMachineArn,
      name,
      input,
      startDate,
      status: 'RUNNING',
      done: run.result.then(
        (output) => {
          record.status = 'SUCCEEDED';
          record.output = output;
        },
        (error: Error) => {
          const cause = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : error;
          record.status = error.name === 'ExecutionTimeoutError' ? 'TIMED_OUT' : 'FAILED';
          record.error = cause.name;
          record.cause = cause.message;
        },
      ).finally(() => {
        record.stopDate = new Date().toISOString();
        this.settleWaiting(token, new StepFunctionsError('TaskTimedOut', 'the execution has ended'));
      }),
    };
    this.executions.set(executionArn, record);
    return record;
  }

  describeExecution(executionArn: string): ExecutionRecord | undefined {
    return this.executions.get(executionArn);
  }

  sendTaskSuccess(taskToken: string, output: unknown): void {
    this.waitingFor(taskToken).resolve(output);
    this.waiting.delete(taskToken);
  }

  sendTaskFailure(taskToken: string, error: string | undefined, cause: string | undefined): void {
    const failure = new Error(cause ?? '');
    failure.name = error ?? 'TaskFailed';
    this.waitingFor(taskToken).reject(failure);
    this.waiting.delete(taskToken);
  }

  private waitingFor(taskToken: string) {
    if (!this.tokens.has(taskToken)) throw new StepFunctionsError('InvalidToken', 'invalid task token');
    const waiter = this.waiting.get(taskToken);
    if (!waiter) throw new StepFunctionsError('TaskTimedOut', 'task timed out or was already completed');
    return waiter;
  }

  private settleWaiting(token: string, error: Error) {
    this.waiting.get(token)?.reject(error);
    this.waiting.delete(token);
  }

  /** One local handler per Task state, built from the state's integration (Resource) and target function. */
  private taskHandlers(definition: AslDefinition, token: string): Record<string, (input: unknown) => Promise<unknown>> {
    const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const [stateName, state] of allStates(definition.States)) {
      if (state.Type !== 'Task' || !state.Resource) continue;
      const resource = state.Resource;
      if (resource.endsWith(':lambda:invoke.waitForTaskToken')) {
        handlers[stateName] = async (input) => {
          const { FunctionName, Payload, [timeoutKey]: timeoutSeconds } = input as { FunctionName: string; Payload: unknown; [timeoutKey]?: number };
          const timeoutMs = (timeoutSeconds ?? state.TimeoutSeconds ?? interpreterDefaultTimeoutSeconds) * 1000;
          const callback = new Promise((resolve, reject) => this.waiting.set(token, { resolve, reject }));
          // The interpreter fails the state with States.Timeout at the same moment; from then on a
          // late SendTaskSuccess must get TaskTimedOut, as it would from the service.
          const expiry = setTimeout(() => this.waiting.delete(token), timeoutMs);
          expiry.unref();
          // The callback task's Lambda failing fails the task.
          await this.functions.invoke(functionFromArn(FunctionName), Payload).catch((error: Error) => this.settleWaiting(token, error));
          try {
            return await callback;
          } finally {
            clearTimeout(expiry);
          }
        };
      } else if (resource.endsWith(':lambda:invoke')) {
        handlers[stateName] = async (input) => {
          const { FunctionName, Payload } = input as { FunctionName: string; Payload: unknown; [timeoutKey]?: number };
          const result = await this.functions.invoke(functionFromArn(FunctionName), Payload);
          return { Payload: result, StatusCode: 200, ExecutedVersion: '$LATEST' };
        };
      } else if (resource.includes(':function:')) {
        handlers[stateName] = (input) => this.functions.invoke(functionFromArn(resource), input);
      } else {
        throw new Error(`state ${stateName}: integration ${resource} has no local equivalent yet`);
      }
    }
    return handlers;
  }
}

/** `arn:aws:lambda:<region>:<account>:function:<catalog name>` → the catalog name. */
function functionFromArn(arn: string): FunctionName {
  const name = arn.split(':function:')[1]?.split(':')[0];
  const known = functionNames.find((candidate) => candidate === name);
  if (!known) throw new Error(`no local function for ${arn}`);
  return known;
}

function* allStates(states: Record<string, AslState>): Generator<[string, AslState]> {
  for (const [name, state] of Object.entries(states)) {
    yield [name, state];
    const nested = [state.Iterator, state.ItemProcessor, ...(state.Branches ?? [])].filter((n) => n !== undefined);
    for (const child of nested) yield* allStates(child.States);
  }
}

/**
 * AWS evaluates a Task's `TimeoutSecondsPath` against the state's input; aws-local-stepfunctions
 * evaluates it against the input after `Parameters`. To keep AWS semantics, the path is copied into
 * the Parameters under a reserved key, which the local task handler strips before invoking.
 */
const timeoutKey = '__localTimeoutSeconds';

function withLocalTimeouts(definition: AslDefinition, options: LocalStateMachineOptions): AslDefinition {
  const copy = structuredClone(definition);
  if (copy.TimeoutSeconds && copy.TimeoutSeconds > maxTimerSeconds) copy.TimeoutSeconds = maxTimerSeconds;
  for (const [name, state] of allStates(copy.States)) {
    const override = options.timeoutOverrides?.[name];
    if (override !== undefined) {
      state.TimeoutSeconds = override;
      delete state.TimeoutSecondsPath;
    }
    if (state.TimeoutSecondsPath && state.Parameters) {
      state.Parameters[`${timeoutKey}.$`] = state.TimeoutSecondsPath;
      state.TimeoutSecondsPath = `$.${timeoutKey}`;
    }
    if (state.TimeoutSeconds && state.TimeoutSeconds > maxTimerSeconds) state.TimeoutSeconds = maxTimerSeconds;
  }
  return copy;
}
