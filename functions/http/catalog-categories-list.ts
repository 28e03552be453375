import { authenticatedRoute } from '#functions/shared/authenticated-route';
import { respond } from '#functions/shared/http';
import { listCategories } from '#functions/use-cases/catalog-read';
import { catalogReadDeps } from './catalog-read-deps.ts';
import { contract } from './contracts/catalog-categories-list.ts';

const deps = catalogReadDeps();

export const handler = authenticatedRoute(async ({ principal }) => respond(contract, await listCategories(principal, deps)));
