import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type BuiltFunction,
  buildStack,
  invokeBundle,
  placeholderEnvironment,
  smokeTestBundle,
} from '@tbs/devops-local/build';
import { applySamGlobals, loadTemplate } from '@tbs/devops-local/template';
import { sqsEvent } from '@tbs/devops-local/testing';
import type { APIGatewayProxyResult, SQSBatchResponse } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiEvent } from '../fixtures/api-events';
import { TEMPLATE_PATH } from '../fixtures/customers-table';

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

  /** Invokes a bundle once in a fresh process with its template environment, as the Lambda runtime would. */
  const invoke = <T>(logicalId: string, event: unknown): Promise<T> =>
    invokeBundle<T>(bundleOf(logicalId).outFile, 'handler', event, {
      ...placeholderEnvironment(template, logicalId, STACK_NAME),
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });

  beforeAll(async () => {
    outRoot = await mkdtemp(join(tmpdir(), 'tbs-app-customer-smoke-'));
    bundles = (await buildStack(STACK_DIR, { outRoot, functions: FUNCTIONS })).functions;
    template = applySamGlobals(await loadTemplate(TEMPLATE_PATH));
  }, 120_000);

  afterAll(async () => {
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
