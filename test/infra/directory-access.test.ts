import { describe, expect, it } from 'vitest';
import type { Template } from 'aws-cdk-lib/assertions';
import { functionNames, portalFunctions } from '#functions/catalog';
import { directoryActions, functionTagKey } from '#infra/constructs/portal-function';
import { resourcesOf, stackOutputOf, synthesizePortal, tagValue } from './portal-app.ts';

/**
 * `directory:manage` (dealer admins inviting and changing users) is the only Cognito access any function
 * has: exactly the five admin calls the adapter makes, on the one user pool, with USER_POOL_ID set.
 */
const prod = synthesizePortal('prod');

interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
}

const deployed = Object.values(prod.templates).flatMap((template: Template) =>
  Object.values(resourcesOf(template, 'AWS::Lambda::Function')).map((fn) => {
    const [roleId] = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
    const statements = Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
      .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId))
      .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
    const environment = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    return { name: tagValue(fn.Properties, functionTagKey) ?? '', statements, environment };
  }),
);

const cognitoStatements = (statements: readonly Statement[]) => statements.filter((s) => [s.Action].flat().some((action) => action.startsWith('cognito-idp:')));
const managesDirectory = functionNames.filter((name) => (portalFunctions[name].access as readonly string[]).includes('directory:manage'));

describe('directory:manage', () => {
  it('is held by the user-management functions only', () => {
    expect(managesDirectory.sort()).toEqual(['adminDealerUserInvite', 'dealerUserInvite', 'dealerUserUpdate']);
    const withCognito = deployed.filter((fn) => cognitoStatements(fn.statements).length > 0).map((fn) => fn.name);
    expect(withCognito.sort()).toEqual([...managesDirectory].sort());
  });

  describe.each(managesDirectory)('%s', (name) => {
    const fn = deployed.find((candidate) => candidate.name === name);
    const statements = cognitoStatements(fn?.statements ?? []);

    it('may make exactly the five admin calls, no wildcard', () => {
      const actions = statements.flatMap((s) => [s.Action].flat());
      expect([...actions].sort()).toEqual([...directoryActions].sort());
      expect(actions.some((action) => action.includes('*'))).toBe(false);
      expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);
    });

    it("on the identity stack's user pool and nothing else", () => {
      const resources = statements.flatMap((s) => [s.Resource].flat());
      expect(resources).toHaveLength(1);
      expect(resources[0]).not.toBe('*');
      const output = stackOutputOf(resources[0]);
      expect(output?.StackName).toBe(prod.identity.stackName);
      expect(String(output?.OutputName)).toMatch(/UserPool.*Arn/);
    });

    it('knows the user pool id from USER_POOL_ID', () => {
      const output = stackOutputOf(fn?.environment.USER_POOL_ID);
      expect(output?.StackName).toBe(prod.identity.stackName);
      // `Ref` of the pool (its id), not its ARN.
      expect(String(output?.OutputName)).toMatch(/Ref.*UserPool/);
    });
  });

  it('leaves USER_POOL_ID unset everywhere else', () => {
    const others = deployed.filter((fn) => !(managesDirectory as string[]).includes(fn.name));
    expect(others.filter((fn) => 'USER_POOL_ID' in fn.environment).map((fn) => fn.name)).toEqual([]);
  });
});
