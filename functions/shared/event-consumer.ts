import type { Context } from 'aws-lambda';
import * as z from 'zod/mini';
import type { EventContract } from '#events/contract';
import type { FieldProblem } from '#domain/errors';
import { observed } from './observed.ts';
import { logger, metrics } from './powertools.ts';
import { fieldProblems } from './validation.ts';
import './zod-messages.ts';

/**
 * The EventBridge envelope. Written here rather than taken from Powertools parser because that
 * schema imports zod's full namespace, which would triple every consumer's bundle.
 */
const envelope = z.object({
  id: z.string(),
  source: z.string(),
  'detail-type': z.string(),
  time: z.string(),
  detail: z.unknown(),
});

export interface BusEvent<D> {
  readonly id: string;
  readonly time: string;
  readonly detail: D;
}

/**
 * An event that can never be processed. Retrying it cannot help, so the consumer fails it and the
 * platform (Lambda's on-failure destination in AWS, the local bus locally) parks it in the DLQ with
 * these reasons.
 */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
  constructor(readonly problems: readonly FieldProblem[]) {
    super(JSON.stringify(problems));
  }
}

export type ConsumerOutcome = 'applied' | 'duplicate' | 'stale';

/** A bus consumer: parse the envelope and the contract's detail, then hand a typed event to `fn`. */
export function eventConsumer<S extends z.ZodMiniType>(
  contract: EventContract<S>,
  fn: (event: BusEvent<z.infer<S>>) => Promise<ConsumerOutcome>,
) {
  return observed<unknown, { outcome: ConsumerOutcome }>()
    .handler(async (raw: unknown, _context: Context) => {
      const outer = envelope.safeParse(raw);
      if (!outer.success) throw reject(fieldProblems('event', outer.error));
      const { id, source, time } = outer.data;
      logger.setCorrelationId(id);
      if (source !== contract.source || outer.data['detail-type'] !== contract.detailType) {
        throw reject([{ field: 'event.detail-type', code: 'unexpected_event', message: `expected ${contract.source}/${contract.detailType}` }]);
      }
      const detail = contract.detail.safeParse(outer.data.detail);
      if (!detail.success) throw reject(fieldProblems('detail', detail.error));
      const outcome = await fn({ id, time, detail: detail.data });
      metrics.addDimension('detailType', contract.detailType);
      metrics.addMetric(`Event${outcome[0]!.toUpperCase()}${outcome.slice(1)}`, 'Count', 1);
      logger.info('event processed', { detailType: contract.detailType, outcome });
      return { outcome };
    });

  function reject(problems: FieldProblem[]): InvalidEventError {
    metrics.addMetric('EventRejected', 'Count', 1);
    logger.warn('event rejected', { detailType: contract.detailType, problems });
    return new InvalidEventError(problems);
  }
}
