import { busPublisher } from '#functions/adapters/event-publisher';
import { SpecialPriceRepository } from '#functions/data/special-price-repository';
import { busEnv, readEnv, tableEnv } from '#functions/shared/config';
import { documentClient } from '#functions/shared/dynamodb';
import { eventBridge } from '#functions/shared/eventbridge';
import { observed } from '#functions/shared/observed';
import { logger, metrics } from '#functions/shared/powertools';
import { publishPendingApprovals } from '#functions/use-cases/special-prices';

const { TABLE_NAME, EVENT_BUS_NAME } = readEnv({ ...tableEnv, ...busEnv });
const deps = {
  requests: new SpecialPriceRepository(documentClient, TABLE_NAME),
  events: busPublisher(eventBridge, EVENT_BUS_NAME),
  now: () => new Date().toISOString(),
};

/**
 * Every 5 minutes (events/schedules.ts): publishes the special-price approvals whose deciding call did
 * not get the event out. `SpecialPriceOutboxAgeSeconds` is the age of the oldest approval still waiting
 * after the run (0 when none): the alarm on it fires when the bus keeps refusing.
 */
export const handler = observed<unknown, Awaited<ReturnType<typeof publishPendingApprovals>>>().handler(async () => {
  const outcome = await publishPendingApprovals(deps);
  metrics.addMetric('SpecialPriceOutboxAgeSeconds', 'Seconds', outcome.oldestAgeSeconds);
  if (outcome.published + outcome.cleared + outcome.failed > 0) logger.info('special-price outbox', { ...outcome });
  return outcome;
});
