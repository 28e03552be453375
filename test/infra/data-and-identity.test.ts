import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { allRoles } from '#domain/identity';
import { tableDesign } from '#functions/data/table-design';
import { dealerIdClaim } from '#functions/shared/auth';
import { resourcesOf, synthesizePortal } from './portal-app.ts';

const prod = synthesizePortal('prod');
const dev = synthesizePortal('dev');

describe('DataStack', () => {
  it('builds the table from tableDesign: keys, GSIs, TTL, on-demand', () => {
    const keySchema = (pk: string, sk: string) => [
      { AttributeName: pk, KeyType: 'HASH' },
      { AttributeName: sk, KeyType: 'RANGE' },
    ];

    dev.templates.data.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    dev.templates.data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: 'dealer-portal-dev-table',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: keySchema(tableDesign.partitionKey, tableDesign.sortKey),
      TimeToLiveSpecification: { AttributeName: tableDesign.timeToLiveAttribute, Enabled: true },
      GlobalSecondaryIndexes: tableDesign.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: keySchema(index.partitionKey, index.sortKey),
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projectedAttributes] },
      })),
    });
  });

  it('declares every key attribute as a string', () => {
    const [table] = Object.values(resourcesOf(dev.templates.data, 'AWS::DynamoDB::GlobalTable'));
    const keyNames = [
      tableDesign.partitionKey,
      tableDesign.sortKey,
      ...tableDesign.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
    ];

    expect(table?.Properties.AttributeDefinitions).toEqual(
      expect.arrayContaining(keyNames.map((name) => ({ AttributeName: name, AttributeType: 'S' }))),
    );
  });

  it('retains prod data with point-in-time recovery and deletion protection', () => {
    prod.templates.data.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      }),
    });
  });

  it('lets dev data go: no retention, no PITR, no deletion protection', () => {
    dev.templates.data.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: false,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false },
          }),
        ],
      }),
    });
  });

  it('protects the prod stateful stacks from termination', () => {
    expect([prod.data, prod.identity, prod.events].map((stack) => stack.terminationProtection)).toEqual([true, true, true]);
    expect(dev.data.terminationProtection).toBe(false);
  });
});

describe('IdentityStack', () => {
  it('creates users by admin only, signs in with e-mail, and carries the dealerId attribute', () => {
    dev.templates.identity.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameAttributes: ['email'],
      Schema: Match.arrayWith([
        Match.objectLike({ Name: dealerIdClaim.replace('custom:', ''), AttributeDataType: 'String', Mutable: false }),
      ]),
    });
  });

  it('has one group per role', () => {
    const groups = Object.values(resourcesOf(dev.templates.identity, 'AWS::Cognito::UserPoolGroup')).map(
      (group) => group.Properties.GroupName,
    );

    expect(groups.sort()).toEqual([...allRoles].sort());
  });

  it('gives the SPA a public client (SRP, code flow) that can read but not write the dealer id', () => {
    dev.templates.identity.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: Match.arrayWith(['ALLOW_USER_SRP_AUTH']),
      AllowedOAuthFlows: ['code'],
      ReadAttributes: Match.arrayWith([dealerIdClaim]),
      WriteAttributes: Match.not(Match.arrayWith([dealerIdClaim])),
    });
  });

  it('retains and protects the prod user pool', () => {
    prod.templates.identity.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
    });
  });
});

describe('EventsStack', () => {
  it('names the bus with the stage and archives every event on it', () => {
    dev.templates.events.hasResourceProperties('AWS::Events::EventBus', { Name: 'dealer-portal-dev-bus' });
    dev.templates.events.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] },
      EventPattern: { account: [{ Ref: 'AWS::AccountId' }] },
      RetentionDays: 7,
    });
    prod.templates.events.hasResourceProperties('AWS::Events::Archive', { RetentionDays: 90 });
  });
});
