import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type * as z from 'zod/mini';
import type { EventContract } from '#events/contract';
import '#functions/shared/zod-messages';

/** Puts portal events on the bus; what use-cases depend on (tests pass a recording fake). */
export interface EventPublisher {
  /** Validates the detail against its contract and publishes it; throws unless the bus accepted it. */
  publish<S extends z.ZodMiniType>(contract: EventContract<S>, detail: z.input<S>): Promise<void>;
}

/**
 * The EventBridge publisher (`bus:publish` access: EVENT_BUS_NAME). A detail that breaks its own
 * contract is a bug and never leaves; a rejected entry is an error, never logged and ignored.
 */
export function busPublisher(client: EventBridgeClient, busName: string): EventPublisher {
  return {
    async publish(contract, detail) {
      const parsed = contract.detail.parse(detail);
      const result = await client.send(
        new PutEventsCommand({ Entries: [{ EventBusName: busName, Source: contract.source, DetailType: contract.detailType, Detail: JSON.stringify(parsed) }] }),
      );
      if (result.FailedEntryCount) {
        const entry = result.Entries?.[0];
        throw new Error(`${contract.detailType} was not accepted by the bus: ${entry?.ErrorCode ?? 'unknown'} ${entry?.ErrorMessage ?? ''}`.trim());
      }
    },
  };
}
