import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';

/** Where the stand-ins listen and which region/credentials the local cloud's functions use. */
export interface CloudAddress {
  endpoints: Record<string, string>;
  awsEnv: Record<string, string>;
}

function common(address: CloudAddress) {
  return {
    region: address.awsEnv['AWS_REGION'] ?? address.awsEnv['AWS_DEFAULT_REGION'] ?? 'us-east-1',
    credentials: {
      accessKeyId: address.awsEnv['AWS_ACCESS_KEY_ID'] ?? 'local',
      secretAccessKey: address.awsEnv['AWS_SECRET_ACCESS_KEY'] ?? 'local',
    },
  };
}

function endpoint(address: CloudAddress, name: string): string {
  const url = address.endpoints[name];
  if (!url) throw new Error(`the local cloud has no ${name} endpoint`);
  return url;
}

export function regionOf(address: CloudAddress): string {
  return common(address).region;
}

export function sqsClient(address: CloudAddress): SQSClient {
  // fauxqs queue URLs use a host that does not resolve here: always talk to the endpoint itself.
  return new SQSClient({ ...common(address), endpoint: endpoint(address, 'sqs'), useQueueUrlAsEndpoint: false });
}

export function snsClient(address: CloudAddress): SNSClient {
  return new SNSClient({ ...common(address), endpoint: endpoint(address, 'sns') });
}

export function cognitoClient(address: CloudAddress): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({ ...common(address), endpoint: endpoint(address, 'cognito') });
}
