import * as z from 'zod/mini';
import { defineRouteContract } from './route-contract.ts';

export const contract = defineRouteContract({
  route: 'GET /health',
  summary: 'Liveness probe (no authentication)',
  response: z.object({ status: z.literal('ok'), time: z.iso.datetime() }),
});
