import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoDbClientOptions {
  region: string;
  /** A local stand-in's URL; leave undefined in AWS. */
  endpoint?: string;
  /** Explicit keys (local tools only); otherwise the SDK's default chain (the Lambda role in AWS). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export function createDocumentClient({ region, endpoint, credentials }: DynamoDbClientOptions): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region,
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(credentials === undefined ? {} : { credentials }),
  });
  // Optional attributes are written as absent rather than failing the whole write.
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
