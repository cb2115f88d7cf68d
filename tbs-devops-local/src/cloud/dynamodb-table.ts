import { CreateTableCommand, type DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';

/**
 * Creates a table from the resolved properties of an `AWS::DynamoDB::Table` (keys, indexes, billing, stream, time
 * to live) under `name`. A table kept from an earlier run is left as it is.
 */
export async function createDynamoDbTable(
  client: DynamoDBClient,
  name: string,
  p: Record<string, unknown>,
): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: p.AttributeDefinitions as never,
        KeySchema: p.KeySchema as never,
        GlobalSecondaryIndexes: p.GlobalSecondaryIndexes as never,
        LocalSecondaryIndexes: p.LocalSecondaryIndexes as never,
        BillingMode: (p.BillingMode as never) ?? 'PAY_PER_REQUEST',
        ProvisionedThroughput: p.ProvisionedThroughput as never,
        StreamSpecification: p.StreamSpecification as never,
      }),
    );
  } catch (err) {
    if ((err as Error).name !== 'ResourceInUseException') throw err;
  }
  const ttl = p.TimeToLiveSpecification as { Enabled?: boolean; AttributeName?: string } | undefined;
  if (ttl?.Enabled && ttl.AttributeName) {
    await client
      .send(
        new UpdateTimeToLiveCommand({
          TableName: name,
          TimeToLiveSpecification: { Enabled: true, AttributeName: ttl.AttributeName },
        }),
      )
      .catch((err: Error) => {
        // Re-enabling TTL on a persisted table is reported as a conflict; anything else is real.
        if (!/already enabled/i.test(err.message)) throw err;
      });
  }
}
