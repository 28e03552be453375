import { randomUUID } from 'node:crypto';
import { eventRules, type EventRuleSpec } from '#events/rules';
import type { LocalFunctions } from './functions.ts';

/** An event as EventBridge delivers it to a target. */
export interface BusEnvelope {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

export interface PutEventsEntry {
  Source?: string | undefined;
  DetailType?: string | undefined;
  Detail?: string | undefined;
  Time?: string | number | Date | undefined;
  Resources?: string[] | undefined;
  EventBusName?: string | undefined;
}

export interface DeadLetter {
  readonly rule: string;
  readonly event: BusEnvelope;
  readonly error: { readonly type: string; readonly message: string };
  readonly attempts: number;
  readonly at: string;
}

export interface LocalBusOptions {
  readonly busName: string;
  readonly region: string;
  /** Re-invocations after a failed one, as Lambda's async retry attempts (AWS: 2). */
  readonly retryAttempts?: number;
  readonly retryDelayMs?: number;
  readonly rules?: readonly EventRuleSpec[];
}

/**
 * A bus that routes like the CDK events stack: the same rule list (source + detail-type → target
 * function). A target that keeps failing parks the event in the dead-letter list with its error,
 * the local face of the DLQ; every accepted event is archived, so it can be replayed.
 */
export class LocalBus {
  readonly deadLetters: DeadLetter[] = [];
  readonly archive: BusEnvelope[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly rules: readonly EventRuleSpec[];

  constructor(
    private readonly functions: LocalFunctions,
    private readonly options: LocalBusOptions,
  ) {
    this.rules = options.rules ?? eventRules;
  }

  putEvents(entries: readonly PutEventsEntry[]): { FailedEntryCount: number; Entries: ({ EventId: string } | { ErrorCode: string; ErrorMessage: string })[] } {
    const results = entries.map((entry) => {
      if (entry.EventBusName && entry.EventBusName !== this.options.busName && !entry.EventBusName.endsWith(`/${this.options.busName}`)) {
        return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${entry.EventBusName} does not exist.` };
      }
      if (!entry.Source || !entry.DetailType || entry.Detail === undefined) {
        return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Source, DetailType and Detail are required.' };
      }
      let detail: unknown;
      try {
        detail = JSON.parse(entry.Detail);
      } catch {
        return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
      }
      if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
        return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail must be a JSON object.' };
      }
      const event: BusEnvelope = {
        version: '0',
        id: randomUUID(),
        'detail-type': entry.DetailType,
        source: entry.Source,
        account: '000000000000',
        time: toIsoSeconds(entry.Time),
        region: this.options.region,
        resources: entry.Resources ?? [],
        detail,
      };
      this.dispatch(event);
      return { EventId: event.id };
    });
    return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
  }

  /** Re-delivers archived events (all, or those a filter keeps), as an archive replay does. */
  replay(filter: (event: BusEnvelope) => boolean = () => true): number {
    const events = this.archive.filter(filter);
    for (const event of events) this.deliver(event);
    return events.length;
  }

  /** Resolves when every delivery started so far, including retries, has finished. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private dispatch(event: BusEnvelope) {
    this.archive.push(event);
    this.deliver(event);
  }

  private deliver(event: BusEnvelope) {
    for (const rule of this.rules) {
      if (rule.contract.source !== event.source || rule.contract.detailType !== event['detail-type']) continue;
      const delivery = this.invokeWithRetries(rule, event);
      this.inFlight.add(delivery);
      void delivery.finally(() => this.inFlight.delete(delivery));
    }
  }

  private async invokeWithRetries(rule: EventRuleSpec, event: BusEnvelope): Promise<void> {
    const attempts = 1 + (this.options.retryAttempts ?? 2);
    let lastError: Error = new Error('not invoked');
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        await this.functions.invoke(rule.target, structuredClone(event));
        return;
      } catch (error) {
        lastError = error instanceof Error ? error : new Error(String(error));
        if (attempt < attempts) await new Promise((r) => setTimeout(r, this.options.retryDelayMs ?? 50));
      }
    }
    this.deadLetters.push({
      rule: rule.name,
      event,
      error: { type: lastError.name, message: lastError.message },
      attempts,
      at: new Date().toISOString(),
    });
  }
}

function toIsoSeconds(time: PutEventsEntry['Time']): string {
  const date = time === undefined ? new Date() : new Date(typeof time === 'number' ? time * 1000 : time);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
