import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExecuteStatementCommand, RDSDataClient } from '@aws-sdk/client-rds-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalCloud, startLocalCloud } from '../../src/cloud/index';

/*
 * The repository's real user of custom resources: the reports stack migrates its schema with a
 * Custom::DatabaseMigrations resource, so starting it alone must leave the database migrated.
 */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

describe('tbs-app-reports on the local cloud', () => {
  let cloud: LocalCloud;
  beforeAll(async () => {
    cloud = await startLocalCloud({ repoRoot, stacks: ['tbs-app-reports'], gatewayPort: 0, log: () => {} });
  }, 180_000);
  afterAll(async () => {
    await cloud?.stop();
  });

  it('comes up with its schema migrated by its custom resource', async () => {
    const reports = cloud.stacks.find((s) => s.name === 'tbs-app-reports')!;
    expect(reports.resources.DatabaseSchema?.type).toBe('Custom::DatabaseMigrations');
    const outputs = cloud.outputs('tbs-app-reports');
    const env = cloud.awsEnv();
    const rds = new RDSDataClient({
      endpoint: env.AWS_ENDPOINT_URL_RDS_DATA,
      region: env.AWS_REGION,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    try {
      const result = await rds.send(
        new ExecuteStatementCommand({
          resourceArn: outputs.DatabaseClusterArn,
          secretArn: outputs.DatabaseSecretArn,
          database: reports.parameters.DatabaseName as string,
          sql: 'SELECT version FROM schema_migrations ORDER BY version',
        }),
      );
      expect(result.records?.map((r) => r[0]?.stringValue)).toContain('0001');
    } finally {
      rds.destroy();
    }
  });
});
