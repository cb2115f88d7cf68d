import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type BuiltFunction, buildStack, placeholderEnvironment, smokeTestBundle } from '@tbs/devops-local/build';
import { applySamGlobals, loadTemplate } from '@tbs/devops-local/template';
import type { APIGatewayProxyResult, SQSBatchResponse } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiEvent } from '../fixtures/api-events';
import { TEMPLATE_PATH } from '../fixtures/customers-table';
import { lambdaContext } from '../fixtures/lambda-context';

const STACK_DIR = fileURLToPath(new URL('../..', import.meta.url));
const STACK_NAME = 'tbs-app-customer-local';
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
  let outRoot: string;
  let bundles: BuiltFunction[];
  let template: Awaited<ReturnType<typeof loadTemplate>>;

  const bundleOf = (logicalId: string) => {
    const bundle = bundles.find((b) => b.logicalId === logicalId);
    if (!bundle) throw new Error(`no bundle for ${logicalId}`);
    return bundle;
  };

  /** Imports a bundle in this process with its template environment, as the Lambda runtime would at a cold start. */
  const load = async <T>(logicalId: string): Promise<T> => {
    for (const [name, value] of Object.entries(placeholderEnvironment(template, logicalId, STACK_NAME))) {
      vi.stubEnv(name, value);
    }
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
    const bundle = bundleOf(logicalId);
    return (await import(pathToFileURL(bundle.outFile).href)).handler as T;
  };

  beforeAll(async () => {
    outRoot = await mkdtemp(join(tmpdir(), 'tbs-app-customer-smoke-'));
    bundles = (await buildStack(STACK_DIR, { outRoot, functions: FUNCTIONS })).functions;
    template = applySamGlobals(await loadTemplate(TEMPLATE_PATH));
  }, 120_000);

  afterAll(async () => {
    vi.unstubAllEnvs();
    if (outRoot) await rm(outRoot, { recursive: true, force: true });
  });

  it('builds one ESM bundle per function, named after its template handler', () => {
    expect(bundles.map((b) => b.logicalId).sort()).toEqual([...FUNCTIONS].sort());
    for (const bundle of bundles) expect(bundle.outFile.endsWith(`${bundle.handler.split('.')[0]}.mjs`)).toBe(true);
  });

  it('loads every bundle in a fresh process with the environment the template gives it', async () => {
    for (const bundle of bundles) {
      const env = placeholderEnvironment(template, bundle.logicalId, STACK_NAME);
      const result = await smokeTestBundle(bundle.outFile, 'handler', env);
      expect(result.error, bundle.logicalId).toBeUndefined();
    }
  }, 120_000);

  it('invokes the email consumer bundle: an invalid record is reported as a batch item failure', async () => {
    const handler = await load<(event: unknown) => Promise<SQSBatchResponse>>('NotifyCustomerFunction');
    const result = await handler({
      Records: [{ messageId: 'm-1', body: '{"specversion":"0.3"}', eventSourceARN: 'arn:aws:sqs:us-east-1:0:q' }],
    });
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
  });

  it('invokes the profile bundle: a request without ID-token claims is a 401 problem', async () => {
    const handler =
      await load<(event: unknown, context: unknown) => Promise<APIGatewayProxyResult>>('GetMyProfileFunction');
    const event = apiEvent({ caller: { sub: '7d3f5a2e-9b1c-4e8f-a6d2-3c5b7e9f1a2d', email: 'aroha@example.com' } });
    delete (event.requestContext.authorizer as { claims?: unknown }).claims;
    const response = await handler(event, lambdaContext());
    expect(response.statusCode).toBe(401);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
  });
});
