import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface AwsClientOptions {
  region: string;
  /** A local stand-in's URL; leave undefined in AWS. */
  endpoint?: string;
  /** Explicit keys (local tools only); otherwise the SDK's default chain (the Lambda role in AWS). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

const base = ({ region, endpoint, credentials }: AwsClientOptions) => ({
  region,
  ...(endpoint === undefined ? {} : { endpoint }),
  ...(credentials === undefined ? {} : { credentials }),
});

export function createDynamoDbClient(options: AwsClientOptions): DynamoDBClient {
  return new DynamoDBClient(base(options));
}

export function createDocumentClient(options: AwsClientOptions | DynamoDBClient): DynamoDBDocumentClient {
  const client = options instanceof DynamoDBClient ? options : createDynamoDbClient(options);
  // Optional attributes are written as absent rather than failing the whole write.
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

export function createSnsClient(options: AwsClientOptions): SNSClient {
  return new SNSClient(base(options));
}

export function createSesClient(options: AwsClientOptions): SESv2Client {
  return new SESv2Client(base(options));
}
