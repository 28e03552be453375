import type { FunctionName } from '#functions/catalog';

/**
 * Functions run on a schedule rather than by an event. The CDK consumers stack creates one EventBridge
 * rule with `rate(<minutes> minutes)` per entry (on the default bus, where schedules live). The local
 * stack does not run schedules; their use-cases are tested directly.
 */
export interface ScheduleSpec {
  readonly name: string;
  readonly description: string;
  readonly rateMinutes: number;
  readonly target: FunctionName;
}

export const schedules = [
  {
    name: 'stockFeedAge',
    description: 'Every 5 minutes: the age of each warehouse stock feed (StockFeedAgeSeconds), whether anyone reads availability or not',
    rateMinutes: 5,
    target: 'stockFeedAge',
  },
  {
    name: 'specialPriceOutbox',
    description: 'Every 5 minutes: publishes the special-price approvals whose deciding call did not get the event out',
    rateMinutes: 5,
    target: 'specialPriceOutbox',
  },
] as const satisfies readonly ScheduleSpec[];
