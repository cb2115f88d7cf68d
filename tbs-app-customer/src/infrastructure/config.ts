/** Everything the customer service reads from its environment, validated once per cold start. */
export interface CustomerServiceConfig {
  tableName: string;
  region: string;
  /** The customer events topic; only functions that publish get it (least privilege). */
  eventsTopicArn?: string;
  /** Only set when running against local stand-ins; absent in AWS. */
  dynamoDbEndpoint?: string;
  snsEndpoint?: string;
}

// DynamoDB's own rule for table names.
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
// Loose on purpose: SNS itself judges the ARN, and build checks load bundles with placeholder values.
const TOPIC_ARN = /^\S{1,1024}$/;

/**
 * Fails fast with every problem at once, so a misconfigured stack shows up in the first invocation's log
 * instead of as a confusing SDK error on the first request that happens to touch the table or topic.
 */
export function readConfig(env: Record<string, string | undefined>): CustomerServiceConfig {
  const problems: string[] = [];
  const tableName = env.TABLE_NAME?.trim() ?? '';
  if (!TABLE_NAME.test(tableName)) problems.push('TABLE_NAME must be a DynamoDB table name');
  const region = (env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? '').trim();
  if (!REGION.test(region)) problems.push('AWS_REGION must be an AWS region such as ap-southeast-2');
  const eventsTopicArn = env.EVENTS_TOPIC_ARN?.trim() || undefined;
  if (eventsTopicArn !== undefined && !TOPIC_ARN.test(eventsTopicArn)) {
    problems.push('EVENTS_TOPIC_ARN must be a topic ARN (no spaces) when set');
  }
  const dynamoDbEndpoint = endpoint(env, 'AWS_ENDPOINT_URL_DYNAMODB', problems);
  const snsEndpoint = endpoint(env, 'AWS_ENDPOINT_URL_SNS', problems);
  if (problems.length > 0) throw new Error(`Invalid customer service configuration: ${problems.join('; ')}`);
  return {
    tableName,
    region,
    ...(eventsTopicArn === undefined ? {} : { eventsTopicArn }),
    ...(dynamoDbEndpoint === undefined ? {} : { dynamoDbEndpoint }),
    ...(snsEndpoint === undefined ? {} : { snsEndpoint }),
  };
}

function endpoint(env: Record<string, string | undefined>, name: string, problems: string[]): string | undefined {
  const value = env[name]?.trim() || undefined;
  if (value === undefined) return undefined;
  try {
    const { protocol } = new URL(value);
    if (protocol === 'http:' || protocol === 'https:') return value;
  } catch {
    // reported below
  }
  problems.push(`${name} must be an http(s) URL when set`);
  return undefined;
}
