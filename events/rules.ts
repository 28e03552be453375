import type { FunctionName } from '#functions/catalog';
import type { EventContract } from './contract.ts';
import { dealerUpserted } from './dealer-upserted.ts';

/**
 * Bus rules: which contract goes to which function. The CDK events stack creates one rule per entry
 * (with retries and a DLQ); the local bus matches events against the same list.
 */
export interface EventRuleSpec {
  readonly name: string;
  readonly description: string;
  readonly contract: EventContract;
  readonly target: FunctionName;
}

export const eventRules = [
  {
    name: 'dealerUpserted',
    description: 'ERP dealer-master updates into the dealer table items',
    contract: dealerUpserted,
    target: 'dealerUpserted',
  },
] as const satisfies readonly EventRuleSpec[];

/** The EventBridge event pattern a rule uses: source and detail-type of its contract. */
export const eventPattern = (rule: EventRuleSpec) => ({
  source: [rule.contract.source],
  detailType: [rule.contract.detailType],
});
