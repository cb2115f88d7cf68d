import { describe, expect, it } from 'vitest';
import { checkDynamoDbTable, checkLambdaFunction, checkLogGroup, checkSqsQueue } from '../../src/rules';
import { compliantFunction, compliantLogGroup, compliantQueue, compliantTable } from '../fixtures/hook-requests';

const rules = (violations: { rule: string }[]) => violations.map((v) => v.rule).sort();

describe('Lambda function rules', () => {
  it('accept a function with reserved concurrency, active tracing, JSON logs and a supported runtime', () => {
    expect(checkLambdaFunction(compliantFunction)).toEqual([]);
  });

  it('reject a function missing every standard, with a fix for each', () => {
    const violations = checkLambdaFunction({ Runtime: 'nodejs16.x', Role: 'arn:role', Handler: 'index.handler' });
    expect(rules(violations)).toEqual([
      'lambda-active-tracing',
      'lambda-json-logging',
      'lambda-reserved-concurrency',
      'lambda-supported-runtime',
    ]);
    expect(violations.every((v) => v.fix.length > 10)).toBe(true);
  });

  it('reject zero reserved concurrency (it disables the function) and PassThrough tracing', () => {
    const v = checkLambdaFunction({
      ...compliantFunction,
      ReservedConcurrentExecutions: 0,
      TracingConfig: { Mode: 'PassThrough' },
    });
    expect(rules(v)).toEqual(['lambda-active-tracing', 'lambda-reserved-concurrency']);
  });

  it('accept intrinsic values in an unresolved template and container images without a runtime', () => {
    const v = checkLambdaFunction({
      PackageType: 'Image',
      ReservedConcurrentExecutions: { Ref: 'Concurrency' },
      TracingConfig: { Mode: { 'Fn::If': ['IsProd', 'Active', 'Active'] } },
      LoggingConfig: { LogFormat: 'JSON' },
    });
    expect(v).toEqual([]);
  });
});

describe('log group rules', () => {
  it('accept retention and a KMS key', () => {
    expect(checkLogGroup(compliantLogGroup)).toEqual([]);
  });

  it('reject a log group without retention or key, and a retention CloudWatch does not accept', () => {
    expect(rules(checkLogGroup({ LogGroupName: '/aws/lambda/x' }))).toEqual(['log-group-kms', 'log-group-retention']);
    expect(rules(checkLogGroup({ ...compliantLogGroup, RetentionInDays: 42 }))).toEqual(['log-group-retention']);
  });
});

describe('SQS queue rules', () => {
  it('accept a queue with a DLQ and SSE, and a DLQ that declares RedriveAllowPolicy', () => {
    expect(checkSqsQueue(compliantQueue)).toEqual([]);
    expect(
      checkSqsQueue({ SqsManagedSseEnabled: true, RedriveAllowPolicy: { redrivePermission: 'allowAll' } }),
    ).toEqual([]);
  });

  it('read RedrivePolicy given as a JSON string, as hook requests may carry it', () => {
    const v = checkSqsQueue({
      KmsMasterKeyId: 'alias/aws/sqs',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:r:1:dlq', maxReceiveCount: 5 }),
    });
    expect(v).toEqual([]);
  });

  it('reject a queue without DLQ or SSE, and a DLQ that denies redrive', () => {
    expect(rules(checkSqsQueue({ VisibilityTimeout: 30 }))).toEqual(['sqs-dead-letter-queue', 'sqs-encryption']);
    expect(
      rules(checkSqsQueue({ SqsManagedSseEnabled: true, RedriveAllowPolicy: { redrivePermission: 'denyAll' } })),
    ).toEqual(['sqs-dead-letter-queue']);
  });

  it('reject a redrive policy without a target or with an unbounded receive count', () => {
    const v = checkSqsQueue({ SqsManagedSseEnabled: 'true', RedrivePolicy: { maxReceiveCount: 1000 } });
    expect(rules(v)).toEqual(['sqs-dead-letter-queue', 'sqs-max-receive-count']);
  });
});

describe('DynamoDB table rules', () => {
  it('accept on-demand billing, PITR and SSE', () => {
    expect(checkDynamoDbTable(compliantTable)).toEqual([]);
  });

  it('reject a provisioned table without PITR or SSE', () => {
    const v = checkDynamoDbTable({ KeySchema: [], ProvisionedThroughput: { ReadCapacityUnits: 5 } });
    expect(rules(v)).toEqual(['dynamodb-encryption', 'dynamodb-on-demand', 'dynamodb-point-in-time-recovery']);
  });
});
