import { isIntrinsic, isRecord, readBoolean } from './property-values';
import type { ResourceProperties, ResourceRuleSet, Violation } from './violation';

export function checkDynamoDbTable(properties: ResourceProperties): Violation[] {
  const violations: Violation[] = [];
  const billing = properties['BillingMode'];
  if (!(billing === 'PAY_PER_REQUEST' || isIntrinsic(billing))) {
    violations.push({
      rule: 'dynamodb-on-demand',
      message: `BillingMode is ${typeof billing === 'string' ? billing : 'PROVISIONED (the default)'}.`,
      fix: 'Set BillingMode: PAY_PER_REQUEST and remove ProvisionedThroughput.',
    });
  }
  const pitr = isRecord(properties['PointInTimeRecoverySpecification'])
    ? readBoolean(properties['PointInTimeRecoverySpecification']['PointInTimeRecoveryEnabled'])
    : undefined;
  if (pitr !== true && pitr !== 'unknown') {
    violations.push({
      rule: 'dynamodb-point-in-time-recovery',
      message: 'Point-in-time recovery is off, so a bad write cannot be rolled back.',
      fix: 'Set PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled: true.',
    });
  }
  const sse = isRecord(properties['SSESpecification'])
    ? readBoolean(properties['SSESpecification']['SSEEnabled'])
    : undefined;
  if (sse !== true && sse !== 'unknown') {
    violations.push({
      rule: 'dynamodb-encryption',
      message: 'SSESpecification.SSEEnabled is not true (the table uses an AWS-owned key you cannot audit).',
      fix: 'Set SSESpecification.SSEEnabled: true (KMS, optionally with KMSMasterKeyId).',
    });
  }
  return violations;
}

export const dynamoDbTableRules: ResourceRuleSet = {
  name: 'dynamodb-table',
  resourceTypes: ['AWS::DynamoDB::Table'],
  check: checkDynamoDbTable,
};
