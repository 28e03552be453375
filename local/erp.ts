import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type * as z from 'zod/mini';
import type { EventContract } from '#events/contract';

/**
 * Plays the ERP: puts contract events on the bus through the real EventBridge API (the local
 * endpoint), the way the ERP integration does in AWS.
 */
export async function publishErpEvents<S extends z.ZodMiniType>(
  contract: EventContract<S>,
  details: readonly z.input<S>[] | readonly unknown[],
): Promise<string[]> {
  const client = new EventBridgeClient({});
  try {
    const ids: string[] = [];
    for (let i = 0; i < details.length; i += 10) {
      const batch = details.slice(i, i + 10);
      const result = await client.send(
        new PutEventsCommand({
          Entries: batch.map((detail) => ({
            EventBusName: process.env.EVENT_BUS_NAME,
            Source: contract.source,
            DetailType: contract.detailType,
            Detail: JSON.stringify(detail),
          })),
        }),
      );
      if (result.FailedEntryCount) throw new Error(`PutEvents rejected ${result.FailedEntryCount} entries: ${JSON.stringify(result.Entries)}`);
      ids.push(...(result.Entries ?? []).map((e) => e.EventId ?? ''));
    }
    return ids;
  } finally {
    client.destroy();
  }
}
