import type { FunctionName } from '#functions/catalog';
import type { EventContract } from './contract.ts';
import { categoryUpserted } from './category-upserted.ts';
import { dealerEntitlementsSet } from './dealer-entitlements-set.ts';
import { dealerUpserted } from './dealer-upserted.ts';
import { productDiscontinued } from './product-discontinued.ts';
import { productUpserted } from './product-upserted.ts';

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
  {
    name: 'categoryUpserted',
    description: 'Governed taxonomy (categories and attribute templates) into the catalog',
    contract: categoryUpserted,
    target: 'categoryUpserted',
  },
  {
    name: 'productUpserted',
    description: 'ERP product master into the governed catalog (or quarantine)',
    contract: productUpserted,
    target: 'productUpserted',
  },
  {
    name: 'productDiscontinued',
    description: 'ERP discontinuations into the governed catalog',
    contract: productDiscontinued,
    target: 'productDiscontinued',
  },
  {
    name: 'dealerEntitlementsSet',
    description: 'ERP dealer catalog entitlements',
    contract: dealerEntitlementsSet,
    target: 'dealerEntitlementsSet',
  },
] as const satisfies readonly EventRuleSpec[];

/** The EventBridge event pattern a rule uses: source and detail-type of its contract. */
export const eventPattern = (rule: EventRuleSpec) => ({
  source: [rule.contract.source],
  detailType: [rule.contract.detailType],
});
