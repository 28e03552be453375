import { describe, expect, it } from 'vitest';
import { claimsAsApiGatewayPasses, matchRoute } from '#local/gateway';
import { routes } from '#functions/routes';

describe('matchRoute', () => {
  it('finds every declared route by its own method and path', () => {
    for (const route of routes) {
      const path = route.path.replace(/\{(\w+)\+?\}/g, 'sample-$1');
      expect(matchRoute(route.method, path)?.route).toBe(route);
    }
  });

  it('extracts and decodes path parameters', () => {
    expect(matchRoute('POST', '/approvals/AP%2D1/decision')?.pathParameters).toEqual({ approvalId: 'AP-1' });
  });

  it('does not match another method, a longer path or a trailing segment', () => {
    expect(matchRoute('DELETE', '/me')).toBeUndefined();
    expect(matchRoute('GET', '/me/extra')).toBeUndefined();
    expect(matchRoute('POST', '/approvals//decision')).toBeUndefined();
  });
});

describe('claimsAsApiGatewayPasses', () => {
  it('renders every claim as a string and arrays as "[a b]"', () => {
    expect(claimsAsApiGatewayPasses({ sub: 'u', exp: 123, 'cognito:groups': ['buyer', 'approver'] })).toEqual({
      sub: 'u',
      exp: '123',
      'cognito:groups': '[buyer approver]',
    });
  });
});
