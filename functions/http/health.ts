import { publicRoute, respond } from '#functions/shared/http';
import { contract } from './contracts/health.ts';

export const handler = publicRoute(async () => respond(contract, { status: 'ok', time: new Date().toISOString() }));
