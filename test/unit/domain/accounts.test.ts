import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { adminEffect, dealerGroupChanges, isActiveAdmin, normalizeEmail, selfLockoutReason, userSettingsProblems, userView, type UserChange } from '#domain/accounts';
import { allRoles, dealerRoles, staffRoles, type Role } from '#domain/identity';

const dealer = { currency: 'USD', shipToIds: ['S-1', 'S-2', 'S-3'] };
const currency = fc.stringMatching(/^[A-Z]{3}$/);
const shipToId = fc.constantFrom('S-1', 'S-2', 'S-3', 'S-9', 'OTHER-1');
const status = fc.option(fc.constantFrom('active' as const, 'deactivated' as const), { nil: undefined });
const roles = fc.option(fc.subarray([...dealerRoles]), { nil: undefined });

describe('normalizeEmail', () => {
  it('is idempotent and ignores case and surrounding blanks', () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.constantFrom('', ' ', '\t'), (email, pad) => {
        const normalized = normalizeEmail(`${pad}${email.toUpperCase()}${pad}`);
        expect(normalized).toBe(normalizeEmail(email));
        expect(normalizeEmail(normalized)).toBe(normalized);
      }),
    );
  });
});

describe('userSettingsProblems', () => {
  it('accepts dealer roles, a limit in the dealer currency and ship-tos of the dealer', () => {
    expect(userSettingsProblems({ roles: ['buyer', 'approver'], orderLimit: { amountMinor: 1000, currency: 'USD' }, shipToIds: ['S-2'] }, dealer)).toEqual([]);
  });

  it('accepts cleared settings (null) and no settings at all', () => {
    expect(userSettingsProblems({ orderLimit: null, shipToIds: null }, dealer)).toEqual([]);
    expect(userSettingsProblems({}, dealer)).toEqual([]);
  });

  it('flags a limit exactly when its currency is not the dealer currency', () => {
    fc.assert(
      fc.property(currency, fc.nat(), (code, amountMinor) => {
        const problems = userSettingsProblems({ orderLimit: { amountMinor, currency: code } }, dealer);
        expect(problems.some((p) => p.code === 'currency_mismatch' && p.field === 'body.orderLimit.currency')).toBe(code !== 'USD');
      }),
    );
  });

  it('flags a limit that is not a non-negative integer of minor units', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ max: -1 }), fc.double({ noInteger: true, noNaN: true })), (amountMinor) => {
        const problems = userSettingsProblems({ orderLimit: { amountMinor, currency: 'USD' } }, dealer);
        expect(problems.map((p) => p.field)).toEqual(['body.orderLimit.amountMinor']);
      }),
    );
  });

  it('flags exactly the ship-tos that are not the dealer’s, by position', () => {
    fc.assert(
      fc.property(fc.array(shipToId, { minLength: 1, maxLength: 6 }), (ids) => {
        const flagged = userSettingsProblems({ shipToIds: ids }, dealer).map((p) => p.field);
        const expected = ids.flatMap((id, i) => (dealer.shipToIds.includes(id) ? [] : [`body.shipToIds.${i}`]));
        expect(flagged).toEqual(expected);
      }),
    );
  });

  it('never lets a dealer admin grant a staff role, and wants at least one role', () => {
    fc.assert(
      fc.property(fc.subarray([...allRoles], { minLength: 1 }), (chosen) => {
        const flagged = userSettingsProblems({ roles: chosen }, dealer).map((p) => p.field);
        const expected = chosen.flatMap((role, i) => ((staffRoles as readonly string[]).includes(role) ? [`body.roles.${i}`] : []));
        expect(flagged).toEqual(expected);
      }),
    );
    expect(userSettingsProblems({ roles: [] }, dealer)).toEqual([{ field: 'body.roles', code: 'too_small', message: 'at least one role' }]);
  });
});

describe('selfLockoutReason', () => {
  it('never stops an admin changing somebody else', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), roles, status, (actor, target, chosen, next) => {
        fc.pre(actor !== target);
        expect(selfLockoutReason(actor, target, { roles: chosen, status: next })).toBeUndefined();
      }),
    );
  });

  it('stops an admin exactly when they would deactivate themselves or drop their own dealer-admin role', () => {
    fc.assert(
      fc.property(fc.uuid(), roles, status, (self, chosen, next) => {
        const lockedOut = next === 'deactivated' || (chosen !== undefined && !chosen.includes('dealer-admin'));
        expect(selfLockoutReason(self, self, { roles: chosen, status: next }) !== undefined).toBe(lockedOut);
      }),
    );
  });
});

describe('dealerGroupChanges', () => {
  it('adds exactly the wanted roles and removes every other dealer role', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...dealerRoles), { maxLength: 6 }), (wanted) => {
        const { add, remove } = dealerGroupChanges(wanted, dealerRoles);
        expect(new Set(add)).toEqual(new Set(wanted));
        expect(add).toHaveLength(new Set(wanted).size);
        expect(remove.filter((role) => add.includes(role))).toEqual([]);
        expect([...add, ...remove].sort()).toEqual([...dealerRoles].sort());
      }),
    );
  });
});

describe('userView', () => {
  it('renders unset settings as null', () => {
    const roles: Role[] = ['viewer'];
    expect(userView({ userId: 'u', email: 'e', name: 'n', roles, status: 'active' })).toEqual({
      userId: 'u',
      email: 'e',
      name: 'n',
      roles,
      status: 'active',
      orderLimit: null,
      shipToIds: null,
    });
  });
});

describe('adminEffect', () => {
  const admin = (userId: string, status: 'active' | 'deactivated' = 'active') => ({ userId, roles: ['dealer-admin' as const], status });

  it('lets one admin of two go, by deactivation or by dropping the role, and refuses the last', () => {
    expect(adminEffect(admin('a'), { status: 'deactivated' }, ['a', 'b'])).toBe('removes');
    expect(adminEffect(admin('a'), { roles: ['buyer'] }, ['a', 'b'])).toBe('removes');
    expect(adminEffect(admin('a'), { status: 'deactivated' }, ['a'])).toBe('none');
    expect(adminEffect(admin('a'), { roles: ['buyer'] }, ['a'])).toBe('none');
  });

  it('keeps the roster for changes that leave an admin an admin, and for users who are not admins', () => {
    expect(adminEffect(admin('a'), { roles: ['dealer-admin', 'approver'], orderLimit: null }, ['a'])).toBe('keeps');
    expect(adminEffect({ userId: 'b', roles: ['buyer'], status: 'active' }, { status: 'deactivated' }, [])).toBe('keeps');
    expect(adminEffect(admin('c', 'deactivated'), { roles: ['buyer'] }, ['a'])).toBe('keeps');
  });

  it('never lets a dealer with an active admin end up without one, whatever sequence of changes is applied through it', () => {
    const user = fc.record({ roles: fc.subarray(['dealer-admin', 'buyer', 'approver'] as const, { minLength: 1 }), status: fc.constantFrom('active' as const, 'deactivated' as const) });
    const change: fc.Arbitrary<UserChange> = fc.record({ roles: fc.option(fc.subarray(['dealer-admin', 'buyer'] as const, { minLength: 1 }), { nil: undefined }), status: fc.option(fc.constantFrom('active' as const, 'deactivated' as const), { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(user, { minLength: 1, maxLength: 5 }), fc.array(fc.tuple(fc.nat(4), change), { maxLength: 20 }), (start, changes) => {
        const users: { userId: string; roles: readonly Role[]; status: 'active' | 'deactivated' }[] = start.map((u, i) => ({ ...u, userId: `u${i}` }));
        users[0] = { userId: 'u0', roles: ['dealer-admin'], status: 'active' };
        for (const [index, c] of changes) {
          const target = users[index % users.length]!;
          if (adminEffect(target, c, users.filter(isActiveAdmin).map((u) => u.userId)) === 'none') continue;
          if (c.roles) target.roles = c.roles;
          if (c.status) target.status = c.status;
        }
        return users.some(isActiveAdmin);
      }),
    );
  });
});
