import { json, publicRoute } from '#functions/shared/http';

export const handler = publicRoute(async () => json(200, { status: 'ok', time: new Date().toISOString() }));
