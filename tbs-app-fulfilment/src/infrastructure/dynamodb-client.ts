import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoDbClientOptions {
  region: string;
  /** A local stand-in's URL; leave undefined in AWS. */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export function createDynamoDbClient({ region, endpoint, credentials }: DynamoDbClientOptions): DynamoDBClient {
  return new DynamoDBClient({ region, ...(endpoint && { endpoint }), ...(credentials && { credentials }) });
}

export function documentClientOf(client: DynamoDBClient): DynamoDBDocumentClient {
  // Optional attributes (an address without line2) are written as absent rather than failing the whole write.
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
