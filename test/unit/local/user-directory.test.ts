import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalUserDirectory } from '#local/user-directory';

const pool = 'eu-west-1_localPool';
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('LocalUserDirectory with a file (npm start -- --persist)', () => {
  it('gives a restart the users as they were left: invited, re-grouped, disabled', () => {
    const dir = mkdtempSync(join(tmpdir(), 'directory-'));
    dirs.push(dir);
    const file = join(dir, 'user-directory.json');
    const before = new LocalUserDirectory(pool, file);
    before.add({ sub: 'u-seeded', email: 'Seeded@Example.test', dealerId: 'D-A', groups: ['buyer'] });
    const invited = before.call('AdminCreateUser', { UserPoolId: pool, Username: 'new@example.test', UserAttributes: [{ Name: 'custom:dealerId', Value: 'D-A' }] }) as { User: { Username: string } };
    before.call('AdminAddUserToGroup', { UserPoolId: pool, Username: 'new@example.test', GroupName: 'approver' });
    before.call('AdminDisableUser', { UserPoolId: pool, Username: 'u-seeded' });

    const after = new LocalUserDirectory(pool, file);

    expect(after.find('seeded@example.test')).toMatchObject({ sub: 'u-seeded', enabled: false });
    expect(() => after.subject('u-seeded')).toThrow('disabled');
    expect(after.subject('new@example.test')).toEqual({ sub: invited.User.Username, email: 'new@example.test', groups: ['approver'], dealerId: 'D-A' });
    expect(() => after.add({ sub: 'u-seeded', email: 'seeded@example.test', groups: ['buyer'] })).toThrow('already exists');
  });

  it('keeps nothing without a file', () => {
    new LocalUserDirectory(pool).add({ sub: 'u-1', email: 'one@example.test', groups: ['buyer'] });
    expect(new LocalUserDirectory(pool).find('u-1')).toBeUndefined();
  });
});
