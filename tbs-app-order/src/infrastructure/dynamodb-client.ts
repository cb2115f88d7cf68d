import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export function createDynamoDbClient(region: string, endpoint?: string): DynamoDBClient {
  return new DynamoDBClient({ region, ...(endpoint === undefined ? {} : { endpoint }) });
}

export function documentClientOf(client: DynamoDBClient): DynamoDBDocumentClient {
  // Optional attributes are written as absent rather than failing the whole write.
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
