import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnsupportedResourceError } from '../../src/cloud';
import { type RunningDynamoDb, startDynamoDb } from '../../src/standins';
import { createTableFromTemplate } from '../../src/testing';

const FIXTURE = fileURLToPath(new URL('../fixtures/cloud/repo/tbs-fixture/template.yaml', import.meta.url));

describe('createTableFromTemplate', () => {
  let dynamo: RunningDynamoDb;
  let client: DynamoDBClient;
  let scratch: string;

  beforeAll(async () => {
    dynamo = await startDynamoDb({ port: 0 });
    client = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: dynamo.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    scratch = await mkdtemp(join(tmpdir(), 'tbs-template-tables-'));
  });

  afterAll(async () => {
    client?.destroy();
    await dynamo?.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('creates the declared table under the given name: keys, indexes and time to live from the template', async () => {
    await createTableFromTemplate(client, FIXTURE, 'Table', 'fixture-table');

    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'fixture-table' }));
    expect(Table?.KeySchema).toEqual([{ AttributeName: 'pk', KeyType: 'HASH' }]);
    expect(Table?.GlobalSecondaryIndexes?.map((index) => [index.IndexName, index.KeySchema])).toEqual([
      ['GSI1', [{ AttributeName: 'gsi1pk', KeyType: 'HASH' }]],
    ]);
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: 'fixture-table' }));
    expect(ttl.TimeToLiveDescription).toMatchObject({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
  });

  it('refuses a logical id that is not a table of the template', async () => {
    await expect(createTableFromTemplate(client, FIXTURE, 'EventsTopic', 'x')).rejects.toThrow(
      /declares no AWS::DynamoDB::Table named EventsTopic/,
    );
    await expect(createTableFromTemplate(client, FIXTURE, 'Missing', 'x')).rejects.toThrow(/named Missing/);
  });

  it('fails on a table property the local cloud does not support, as provisioning the stack would', async () => {
    const dir = join(scratch, 'tbs-odd');
    await mkdir(dir);
    const template = join(dir, 'template.yaml');
    await writeFile(
      template,
      [
        'Resources:',
        '  OddTable:',
        '    Type: AWS::DynamoDB::Table',
        '    Properties:',
        '      AttributeDefinitions: [{ AttributeName: pk, AttributeType: S }]',
        '      KeySchema: [{ AttributeName: pk, KeyType: HASH }]',
        '      ImportSourceSpecification: { InputFormat: CSV }',
        '',
      ].join('\n'),
    );
    await expect(createTableFromTemplate(client, template, 'OddTable', 'odd')).rejects.toBeInstanceOf(
      UnsupportedResourceError,
    );
  });
});
