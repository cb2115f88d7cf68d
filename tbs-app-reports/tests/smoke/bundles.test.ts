import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { validateGetMonthlySalesResponse200 } from '@tbs/contracts/validators';
import { type RunningDataApi, startDataApi } from '@tbs/devops-local';
import { type BuiltStack, buildStackForTest } from '@tbs/devops-local/build';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportsApiEvent } from '../fixtures/api-events';
import { reportsEnv } from '../fixtures/reports-env';
import { buildFixture } from '../fixtures/sales-fixture';

const STACK_DIR = fileURLToPath(new URL('../..', import.meta.url));

describe('built bundles (esbuild from template Metadata) in a fresh process', () => {
  let dataApi: RunningDataApi;
  let built: BuiltStack;
  let cfn: Server;
  const cfnResponses: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    [dataApi, built] = await Promise.all([
      startDataApi({ port: 0 }),
      buildStackForTest(STACK_DIR, [
        'MigrateDatabaseFunction',
        'RecordSalesEventsFunction',
        'GetMonthlySalesFunction',
        'GetTopProductsFunction',
      ]),
    ]);
    // Stands in for CloudFormation's pre-signed response URL.
    cfn = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        cfnResponses.push({ method: req.method, ...JSON.parse(body) });
        res.end();
      });
    });
    await new Promise<void>((resolve) => cfn.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await dataApi?.stop();
    await new Promise((resolve) => cfn?.close(resolve));
    await built?.remove();
  });

  const invoke = (logicalId: string, event: unknown) => built.invoke(logicalId, event, reportsEnv(dataApi.endpoint));

  it('loads every bundle with the environment the template gives it (as make build checks)', async () => {
    expect(await built.loadFailures()).toEqual([]);
  });

  it('migrates the database as a CloudFormation custom resource, then records events and serves a report', async () => {
    const port = (cfn.address() as AddressInfo).port;
    const create = {
      RequestType: 'Create',
      ServiceToken: 'arn:aws:lambda:ap-southeast-2:123456789012:function:migrate',
      ResponseURL: `http://127.0.0.1:${port}/cfn-response?X-Amz-Signature=abc`,
      StackId: 'arn:aws:cloudformation:ap-southeast-2:123456789012:stack/tbs-app-reports-dev/1',
      RequestId: 'request-1',
      LogicalResourceId: 'DatabaseSchema',
      ResourceType: 'Custom::DatabaseMigrations',
      ResourceProperties: { ServiceToken: 'arn', SchemaVersion: '0001' },
    };
    await invoke('MigrateDatabaseFunction', create);
    expect(cfnResponses[0]).toMatchObject({
      method: 'PUT',
      Status: 'SUCCESS',
      RequestId: 'request-1',
      LogicalResourceId: 'DatabaseSchema',
      PhysicalResourceId: 'tbs-app-reports-schema',
      Data: { Applied: '0001' },
    });

    const [order] = buildFixture(20).filter((o) => o.paid && !o.closure);
    const sqsEvent = {
      Records: [
        { messageId: 'm-1', body: JSON.stringify(order?.paid), attributes: {}, messageAttributes: {} },
        { messageId: 'm-2', body: 'not an event', attributes: {}, messageAttributes: {} },
      ],
    };
    expect(await invoke('RecordSalesEventsFunction', sqsEvent)).toEqual({
      batchItemFailures: [{ itemIdentifier: 'm-2' }],
    });

    const response = (await invoke(
      'GetMonthlySalesFunction',
      reportsApiEvent('/reports/monthly-sales', { months: '24' }),
    )) as { statusCode: number; body: string };
    expect(response.statusCode).toBe(200);
    const report = JSON.parse(response.body);
    expect(validateGetMonthlySalesResponse200(report)).toBe(true);
    expect(report.months).toHaveLength(24);
    expect(report.months.reduce((sum: number, m: { gross: number }) => sum + m.gross, 0)).toBe(
      order?.paid?.data.totals.gross,
    );

    // A second deployment (Update) finds nothing to apply.
    await invoke('MigrateDatabaseFunction', {
      ...create,
      RequestType: 'Update',
      PhysicalResourceId: 'tbs-app-reports-schema',
      RequestId: 'request-2',
    });
    expect(cfnResponses[1]).toMatchObject({ Status: 'SUCCESS', RequestId: 'request-2', Data: { Applied: '' } });
  });
});
