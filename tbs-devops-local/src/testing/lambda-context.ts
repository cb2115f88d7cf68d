import type { Context } from 'aws-lambda';

export interface LambdaContextOptions {
  functionName?: string;
  awsRequestId?: string;
  memoryLimitInMB?: number;
  /** What `getRemainingTimeInMillis()` answers. */
  remainingTimeMs?: number;
  region?: string;
  accountId?: string;
}

/** A Lambda context as the Node.js runtime hands it to a handler, for invoking handlers in tests. */
export function lambdaContext(options: LambdaContextOptions = {}): Context {
  const functionName = options.functionName ?? 'tbs-test-Function';
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '000000000000';
  const remainingTimeMs = options.remainingTimeMs ?? 10_000;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${accountId}:function:${functionName}`,
    memoryLimitInMB: String(options.memoryLimitInMB ?? 512),
    awsRequestId: options.awsRequestId ?? '8f5e2c1a-3b4d-4e6f-9a0b-1c2d3e4f5a6b',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/01/10/[$LATEST]0123456789abcdef0123456789abcdef',
    getRemainingTimeInMillis: () => remainingTimeMs,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
