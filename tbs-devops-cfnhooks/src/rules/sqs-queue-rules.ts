import { isSet, readBoolean, readInteger, readJsonObject } from './property-values';
import type { ResourceProperties, ResourceRuleSet, Violation } from './violation';

const MAX_RECEIVE_COUNT_LIMIT = 10;

/**
 * A queue either redrives to a DLQ or declares itself a DLQ with RedriveAllowPolicy: a resource-level
 * hook sees one queue at a time, so the DLQ role has to be visible on the queue itself.
 */
export function checkSqsQueue(properties: ResourceProperties): Violation[] {
  const violations: Violation[] = [];
  const redrive = readJsonObject(properties['RedrivePolicy']);
  const allow = readJsonObject(properties['RedriveAllowPolicy']);
  const declaresDlq = allow !== undefined && (allow === 'unknown' || allow['redrivePermission'] !== 'denyAll');

  if (redrive === undefined && !declaresDlq) {
    violations.push({
      rule: 'sqs-dead-letter-queue',
      message: 'The queue has no RedrivePolicy, so a poison message is retried forever and then lost.',
      fix:
        'Add RedrivePolicy {deadLetterTargetArn: !GetAtt <Dlq>.Arn, maxReceiveCount: 5}; if this queue is itself a ' +
        'DLQ, declare RedriveAllowPolicy {redrivePermission: allowAll}.',
    });
  } else if (redrive !== undefined && redrive !== 'unknown') {
    const target = redrive['deadLetterTargetArn'];
    const count = readInteger(redrive['maxReceiveCount']);
    if (!isSet(target)) {
      violations.push({
        rule: 'sqs-dead-letter-queue',
        message: 'RedrivePolicy has no deadLetterTargetArn.',
        fix: 'Set RedrivePolicy.deadLetterTargetArn: !GetAtt <Dlq>.Arn.',
      });
    }
    if (count === undefined || (typeof count === 'number' && (count < 1 || count > MAX_RECEIVE_COUNT_LIMIT))) {
      violations.push({
        rule: 'sqs-max-receive-count',
        message: `RedrivePolicy.maxReceiveCount must be between 1 and ${MAX_RECEIVE_COUNT_LIMIT}.`,
        fix: 'Set RedrivePolicy.maxReceiveCount: 5 (or argue for another value in the README).',
      });
    }
  }

  const managedSse = readBoolean(properties['SqsManagedSseEnabled']);
  if (!isSet(properties['KmsMasterKeyId']) && managedSse !== true && managedSse !== 'unknown') {
    violations.push({
      rule: 'sqs-encryption',
      message: 'Server-side encryption is not declared.',
      fix: 'Set SqsManagedSseEnabled: true, or KmsMasterKeyId for a customer-managed key.',
    });
  }
  return violations;
}

export const sqsQueueRules: ResourceRuleSet = {
  name: 'sqs-queue',
  resourceTypes: ['AWS::SQS::Queue'],
  check: checkSqsQueue,
};
