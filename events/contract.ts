import type * as z from 'zod/mini';

/** Event sources on the portal bus. Producers must use exactly these strings. */
export const eventSources = {
  erp: 'manufacturer.erp',
  portal: 'manufacturer.portal',
} as const;
export type EventSource = (typeof eventSources)[keyof typeof eventSources];

/**
 * One versioned event contract: who sends it, its detail-type, the schema version of its detail and
 * the zod schema that every consumer parses the detail with. A breaking change gets a new
 * `schemaVersion` and, while both are live, a second contract.
 */
export interface EventContract<S extends z.ZodMiniType = z.ZodMiniType> {
  readonly source: EventSource;
  readonly detailType: string;
  readonly schemaVersion: number;
  readonly detail: S;
}

export const defineContract = <S extends z.ZodMiniType>(contract: EventContract<S>): EventContract<S> => contract;
