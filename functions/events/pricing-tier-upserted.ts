import { pricingTierUpserted } from '#events/pricing-tier-upserted';
import { PriceRepository } from '#functions/data/price-repository';
import { readEnv, tableEnv } from '#functions/shared/config';
import { documentClient } from '#functions/shared/dynamodb';
import { eventConsumer } from '#functions/shared/event-consumer';
import { applyPricingTier } from '#functions/use-cases/price-ingest';

const { TABLE_NAME } = readEnv(tableEnv);
const deps = { prices: new PriceRepository(documentClient, TABLE_NAME) };

export const handler = eventConsumer(pricingTierUpserted, (event) => applyPricingTier(event.detail, deps));
