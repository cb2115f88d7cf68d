import { fileURLToPath } from 'node:url';
import { type BuiltStack, buildStackForTest } from '@tbs/devops-local/build';
import { sqsEvent } from '@tbs/devops-local/testing';
import type { APIGatewayProxyResult, SQSBatchResponse } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiEvent } from '../fixtures/api-events';

const STACK_DIR = fileURLToPath(new URL('../..', import.meta.url));
const FUNCTIONS = [
  'GetMyProfileFunction',
  'UpdateMyProfileFunction',
  'ListCustomersFunction',
  'PostConfirmationFunction',
  'RelayOutboxFunction',
  'NotifyCustomerFunction',
];

/**
 * Every function as esbuild builds it from the template Metadata: imported in a fresh Node process with the
 * environment the template gives it (bundling, decorator and configuration mistakes source-level tests miss), and
 * invoked where a request needs no AWS service to be answered. The local-cloud tests run the same bundles end to end.
 */
describe('built bundles (esbuild from template Metadata)', () => {
  let built: BuiltStack;

  /** Invokes a bundle once in a fresh process with its template environment, as the Lambda runtime would. */
  const invoke = <T>(logicalId: string, event: unknown): Promise<T> =>
    built.invoke<T>(logicalId, event, { POWERTOOLS_LOG_LEVEL: 'SILENT' });

  beforeAll(async () => {
    built = await buildStackForTest(STACK_DIR, FUNCTIONS);
  }, 120_000);

  afterAll(() => built?.remove());

  it('builds one ESM bundle per function, named after its template handler', () => {
    expect(built.functions.map((b) => b.logicalId).sort()).toEqual([...FUNCTIONS].sort());
    for (const bundle of built.functions) {
      expect(bundle.outFile.endsWith(`${bundle.handler.split('.')[0]}.mjs`)).toBe(true);
    }
  });

  it('loads every bundle in a fresh process with the environment the template gives it', async () => {
    expect(await built.loadFailures()).toEqual([]);
  }, 120_000);

  it('invokes the email consumer bundle: an invalid record is reported as a batch item failure', async () => {
    const result = await invoke<SQSBatchResponse>(
      'NotifyCustomerFunction',
      sqsEvent([{ messageId: 'm-1', body: { specversion: '0.3' } }]),
    );
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
  });

  it('invokes the profile bundle: a request without ID-token claims is a 401 problem', async () => {
    const response = await invoke<APIGatewayProxyResult>('GetMyProfileFunction', apiEvent());
    expect(response.statusCode).toBe(401);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
  });
});
