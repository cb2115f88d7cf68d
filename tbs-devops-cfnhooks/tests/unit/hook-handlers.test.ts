import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as tableHook } from '../../src/handlers/dynamodb-table-hook';
import { handler as lambdaHook } from '../../src/handlers/lambda-function-hook';
import { handler as logGroupHook } from '../../src/handlers/log-group-hook';
import { handler as sqsHook } from '../../src/handlers/sqs-queue-hook';
import { createHookHandler } from '../../src/hooks/create-hook-handler';
import { createPayloadFetcher, isTrustedPayloadUrl } from '../../src/hooks/fetch-template-payload';
import { lambdaFunctionRules, logGroupRules } from '../../src/rules';
import {
  compliantFunction,
  compliantLogGroup,
  compliantQueue,
  compliantTable,
  resourceRequest,
  stackRequest,
} from '../fixtures/hook-requests';

const quiet = () => undefined;

describe('resource hooks', () => {
  it('answer SUCCESS with the request token for compliant resources', async () => {
    const cases = [
      [lambdaHook, resourceRequest('AWS::Lambda::Function', 'PlaceOrderFunction', compliantFunction)],
      [logGroupHook, resourceRequest('AWS::Logs::LogGroup', 'PlaceOrderLogGroup', compliantLogGroup)],
      [sqsHook, resourceRequest('AWS::SQS::Queue', 'EventsQueue', compliantQueue, 'UPDATE_PRE_PROVISION')],
      [tableHook, resourceRequest('AWS::DynamoDB::Table', 'OrdersTable', compliantTable)],
    ] as const;
    for (const [hook, request] of cases) {
      const response = await hook(request);
      expect(response).toMatchObject({ hookStatus: 'SUCCESS', clientRequestToken: request['clientRequestToken'] });
      expect(response.errorCode).toBeUndefined();
    }
  });

  it('answer FAILED/NonCompliant naming the resource, rule and fix', async () => {
    const request = resourceRequest('AWS::Logs::LogGroup', 'PlaceOrderLogGroup', {
      LogGroupName: '/aws/lambda/x',
      RetentionInDays: '14',
    });
    const response = await createHookHandler(logGroupRules, { log: quiet })(request);
    expect(response.hookStatus).toBe('FAILED');
    expect(response.errorCode).toBe('NonCompliant');
    expect(response.clientRequestToken).toBe('4b90a7e4-b790-456b-a937-0cfdfa211dfe');
    expect(response.message).toContain('PlaceOrderLogGroup: [log-group-kms] Set KmsKeyId');
    expect(response.message).not.toContain('log-group-retention');
  });

  it('let deletes through: there is nothing to make compliant', async () => {
    const request = resourceRequest('AWS::SQS::Queue', 'EventsQueue', {}, 'DELETE_PRE_PROVISION');
    expect((await sqsHook(request)).hookStatus).toBe('SUCCESS');
  });
});

describe('malformed or unexpected requests answer FAILED/InternalFailure and never throw', () => {
  const hook = createHookHandler(lambdaFunctionRules, { log: quiet });
  const valid = resourceRequest('AWS::Lambda::Function', 'Fn', compliantFunction);

  it.each([
    ['not an object', 'hello', 'not a JSON object'],
    ['null', null, 'not a JSON object'],
    ['no token', { ...valid, clientRequestToken: undefined }, 'clientRequestToken'],
    ['unknown invocation point', { ...valid, actionInvocationPoint: 'SOMETIME' }, 'actionInvocationPoint'],
    ['no requestData', { ...valid, requestData: undefined }, 'requestData'],
    [
      'no targetModel',
      { ...valid, requestData: { targetType: 'AWS::Lambda::Function', targetLogicalId: 'Fn' } },
      'targetModel',
    ],
    ['stack without payload', { ...valid, requestData: { targetType: 'STACK', targetLogicalId: 's' } }, 'payload'],
    ['a target type the hook does not evaluate', resourceRequest('AWS::S3::Bucket', 'B', {}), 'TargetFilters'],
  ])('%s', async (_name, event, reason) => {
    const response = await hook(event);
    expect(response.hookStatus).toBe('FAILED');
    expect(response.errorCode).toBe('InternalFailure');
    expect(response.message).toContain(reason);
  });
});

describe('stack and change-set hooks evaluate each resource of the template behind the payload URL', () => {
  let server: Server;
  let base: string;
  const bodies = new Map<string, string>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      const body = bodies.get(req.url ?? '');
      res.writeHead(body === undefined ? 403 : 200, { 'content-type': 'application/json' });
      res.end(body ?? '<Error><Code>AccessDenied</Code></Error>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const template = `
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs24.x
    Tracing: Active
    LoggingConfig: {LogFormat: JSON}
Resources:
  GoodFunction:
    Type: AWS::Serverless::Function
    Properties: {Handler: a.handler, ReservedConcurrentExecutions: 5}
  BadFunction:
    Type: AWS::Serverless::Function
    Properties: {Handler: b.handler}
  Logs:
    Type: AWS::Logs::LogGroup
    Properties: {RetentionInDays: 30}
`;
  const hook = createHookHandler(lambdaFunctionRules, {
    fetchPayload: createPayloadFetcher({ allowLoopback: true }),
    log: quiet,
  });

  it('fails a stack whose SAM function lacks reserved concurrency, after applying Globals', async () => {
    bodies.set('/stack.json', JSON.stringify({ template, previousTemplate: null }));
    const response = await hook(stackRequest(`${base}/stack.json`));
    expect(response).toMatchObject({ hookStatus: 'FAILED', errorCode: 'NonCompliant' });
    expect(response.message).toContain('BadFunction: [lambda-reserved-concurrency]');
    expect(response.message).not.toContain('GoodFunction');
  });

  it('passes a compliant change set', async () => {
    bodies.set(
      '/cs.json',
      JSON.stringify({
        template: template.replace('{Handler: b.handler}', '{Handler: b.handler, ReservedConcurrentExecutions: 2}'),
        changedResources: [],
      }),
    );
    const response = await hook(stackRequest(`${base}/cs.json`, 'CHANGE_SET'));
    expect(response.hookStatus).toBe('SUCCESS');
  });

  it('answers InternalFailure when the payload cannot be fetched or read', async () => {
    bodies.set('/garbage.json', '{"template": "Resources: [unclosed"}');
    for (const path of ['/missing.json', '/garbage.json']) {
      const response = await hook(stackRequest(`${base}${path}`));
      expect(response).toMatchObject({ hookStatus: 'FAILED', errorCode: 'InternalFailure' });
    }
  });

  it('only fetches https URLs of AWS endpoints', async () => {
    expect(isTrustedPayloadUrl('https://hooks-payload.s3.ap-southeast-2.amazonaws.com/x?X-Amz-Signature=1')).toBe(true);
    expect(isTrustedPayloadUrl('https://s3.amazonaws.com/bucket/x')).toBe(true);
    expect(isTrustedPayloadUrl('http://169.254.169.254/latest/meta-data')).toBe(false);
    expect(isTrustedPayloadUrl('https://evil.example.com/s3.amazonaws.com')).toBe(false);
    expect(isTrustedPayloadUrl('https://amazonaws.com.evil.example')).toBe(false);
    expect(isTrustedPayloadUrl('http://bucket.s3.amazonaws.com/x')).toBe(false);
    expect(isTrustedPayloadUrl(`${base}/stack.json`)).toBe(false);
    const strict = createHookHandler(lambdaFunctionRules, { log: quiet });
    const response = await strict(stackRequest(`${base}/stack.json`));
    expect(response).toMatchObject({ hookStatus: 'FAILED', errorCode: 'InternalFailure' });
    expect(response.message).toContain('https URL of an AWS endpoint');
  });
});
