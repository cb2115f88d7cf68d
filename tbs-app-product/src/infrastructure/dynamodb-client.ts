import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoDbClientOptions {
  region: string;
  /** A local stand-in's URL; leave undefined in AWS. */
  endpoint?: string;
  /** Explicit keys (local tools only); otherwise the SDK's default chain (the Lambda role in AWS). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export function createDynamoDbClient({ region, endpoint, credentials }: DynamoDbClientOptions): DynamoDBClient {
  return new DynamoDBClient({
    region,
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(credentials === undefined ? {} : { credentials }),
  });
}

export function documentClientOf(client: DynamoDBClient): DynamoDBDocumentClient {
  // Optional attributes are written as absent rather than failing the whole write.
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

export function createDocumentClient(options: DynamoDbClientOptions): DynamoDBDocumentClient {
  return documentClientOf(createDynamoDbClient(options));
}
