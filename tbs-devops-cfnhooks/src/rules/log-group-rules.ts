import { isSet, readInteger } from './property-values';
import type { ResourceProperties, ResourceRuleSet, Violation } from './violation';

// The values CloudWatch Logs accepts for RetentionInDays; anything else fails at deploy time anyway.
const RETENTION_DAYS = new Set([
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
]);

export function checkLogGroup(properties: ResourceProperties): Violation[] {
  const violations: Violation[] = [];
  const retention = readInteger(properties['RetentionInDays']);
  if (retention === undefined || (typeof retention === 'number' && !RETENTION_DAYS.has(retention))) {
    violations.push({
      rule: 'log-group-retention',
      message:
        retention === undefined
          ? 'RetentionInDays is not set, so logs are kept (and paid for) forever.'
          : `RetentionInDays ${retention} is not a value CloudWatch Logs accepts.`,
      fix: 'Set RetentionInDays (e.g. 30, or a parameter with a sane default).',
    });
  }
  if (!isSet(properties['KmsKeyId'])) {
    violations.push({
      rule: 'log-group-kms',
      message: 'KmsKeyId is not set, so the logs are not encrypted with a key you control.',
      fix: 'Set KmsKeyId to the ARN of a customer-managed KMS key whose policy allows logs.<region>.amazonaws.com.',
    });
  }
  return violations;
}

export const logGroupRules: ResourceRuleSet = {
  name: 'log-group',
  resourceTypes: ['AWS::Logs::LogGroup'],
  check: checkLogGroup,
};
