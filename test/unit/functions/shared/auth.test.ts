import { describe, expect, it } from 'vitest';
import { Unauthenticated } from '#domain/errors';
import { principalFromClaims } from '#functions/shared/auth';

describe('principalFromClaims', () => {
  it('reads groups in the "[a b]" form API Gateway passes', () => {
    expect(principalFromClaims({ sub: 'u1', 'cognito:groups': '[buyer approver]', 'custom:dealerId': 'D-1' })).toEqual({
      kind: 'dealer',
      userId: 'u1',
      dealerId: 'D-1',
      roles: ['buyer', 'approver'],
    });
  });

  it('reads groups given as a real array', () => {
    expect(principalFromClaims({ sub: 's1', 'cognito:groups': ['sales-ops'] })).toMatchObject({ kind: 'staff', roles: ['sales-ops'] });
  });

  it.each([
    ['no claims', undefined],
    ['no subject', { 'cognito:groups': '[buyer]', 'custom:dealerId': 'D-1' }],
    ['no groups', { sub: 'u1', 'custom:dealerId': 'D-1' }],
    ['dealer role, no dealer', { sub: 'u1', 'cognito:groups': '[buyer]' }],
  ])('refuses %s', (_label, claims) => {
    expect(() => principalFromClaims(claims)).toThrow(Unauthenticated);
  });
});
