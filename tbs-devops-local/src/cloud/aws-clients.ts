import { Agent } from 'node:http';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { type EndpointName, LOCAL_CREDENTIALS } from './cloud-standins';

/** SDK clients the provisioner and event sources use to reach the stand-ins. */
export interface CloudClients {
  dynamodb: DynamoDBClient;
  sns: SNSClient;
  sqs: SQSClient;
  s3: S3Client;
  secrets: SecretsManagerClient;
  ses: SESv2Client;
  cognito: CognitoIdentityProviderClient;
  /** AWS JSON-protocol call for services without an SDK client here (SSM). */
  json(endpoint: string, target: string, body: unknown): Promise<Record<string, unknown>>;
  destroy(): void;
}

export function createCloudClients(endpoints: Record<EndpointName, string>, region: string): CloudClients {
  // A client for an absent stand-in points nowhere routable so a call fails fast instead of reaching AWS.
  const at = (url: string) => ({ region, credentials: LOCAL_CREDENTIALS, endpoint: url || 'http://127.0.0.1:9' });
  const clients = {
    dynamodb: new DynamoDBClient(at(endpoints.dynamodb)),
    sns: new SNSClient(at(endpoints.sns)),
    // Event-source pollers hold long polls open: a generous socket pool keeps other SQS calls from queueing behind.
    sqs: new SQSClient({
      ...at(endpoints.sqs),
      useQueueUrlAsEndpoint: false,
      requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 256 }) },
    }),
    s3: new S3Client({ ...at(endpoints.s3), forcePathStyle: true }),
    secrets: new SecretsManagerClient(at(endpoints.secrets)),
    ses: new SESv2Client(at(endpoints.ses)),
    cognito: new CognitoIdentityProviderClient(at(endpoints.cognito)),
  };
  return {
    ...clients,
    async json(endpoint, target, body) {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      if (!res.ok)
        throw new Error(`${target} failed (${res.status}): ${String(parsed.message ?? parsed.__type ?? text)}`);
      return parsed;
    },
    destroy() {
      for (const client of Object.values(clients)) client.destroy();
    },
  };
}
