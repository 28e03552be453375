import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dealerRoles, hasRole, principalFrom, staffRoles } from '#domain/identity';

describe('principalFrom', () => {
  it('makes a dealer principal from dealer groups and a dealer id', () => {
    expect(principalFrom('u1', ['buyer', 'approver'], 'D-1')).toEqual({ kind: 'dealer', userId: 'u1', dealerId: 'D-1', roles: ['buyer', 'approver'] });
  });

  it('makes a staff principal from staff groups without a dealer', () => {
    expect(principalFrom('s1', ['credit'], undefined)).toEqual({ kind: 'staff', userId: 's1', roles: ['credit'] });
  });

  it('ignores groups that are not portal roles', () => {
    expect(principalFrom('u1', ['us-east-1_pool_Google', 'viewer'], 'D-1')?.roles).toEqual(['viewer']);
  });

  it.each([
    ['dealer roles without a dealer', ['buyer'], undefined],
    ['staff roles with a dealer', ['credit'], 'D-1'],
    ['no known role', ['admins'], 'D-1'],
    ['no groups', [], undefined],
  ])('refuses %s', (_label, groups, dealerId) => {
    expect(principalFrom('u1', groups, dealerId)).toBeUndefined();
  });

  it('never mixes dealer and staff roles, whatever the groups', () => {
    fc.assert(
      fc.property(fc.subarray([...dealerRoles, ...staffRoles]), fc.option(fc.constant('D-1'), { nil: undefined }), (groups, dealerId) => {
        const principal = principalFrom('u', groups, dealerId);
        if (!principal) return;
        const roles: readonly string[] = principal.roles;
        if (principal.kind === 'dealer') expect(roles.every((r) => (dealerRoles as readonly string[]).includes(r))).toBe(true);
        else expect(roles.every((r) => (staffRoles as readonly string[]).includes(r))).toBe(true);
      }),
    );
  });
});

describe('hasRole', () => {
  it('is true only when the principal holds one of the roles', () => {
    const principal = principalFrom('u1', ['viewer'], 'D-1')!;
    expect(hasRole(principal, 'viewer', 'buyer')).toBe(true);
    expect(hasRole(principal, 'buyer')).toBe(false);
  });
});
