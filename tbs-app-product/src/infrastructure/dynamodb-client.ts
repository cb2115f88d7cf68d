import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoDbClientOptions {
  region: string;
  /** A local stand-in's URL; leave undefined in AWS. */
  endpoint?: string;
}

export function createDocumentClient({ region, endpoint }: DynamoDbClientOptions): DynamoDBDocumentClient {
  const client = new DynamoDBClient(endpoint === undefined ? { region } : { region, endpoint });
  // Optional attributes are written as absent rather than failing the whole write.
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
