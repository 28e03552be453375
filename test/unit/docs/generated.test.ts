import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generatedDocs, loadRouteContracts } from '../../../docs/generate.ts';
import { routeKey, routes } from '#functions/routes';

describe('generated docs', () => {
  it('have a contract for every route and no contract without a route', async () => {
    const contracts = await loadRouteContracts();
    expect([...contracts.keys()].sort()).toEqual(routes.map(routeKey).sort());
  });

  it('are up to date (run `npm run docs` after changing routes, contracts or permissions)', async () => {
    for (const [file, content] of Object.entries(await generatedDocs())) {
      expect(readFileSync(`docs/${file}`, 'utf8'), `docs/${file}`).toBe(content);
    }
  });
});
