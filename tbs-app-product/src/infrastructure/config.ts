/** Everything the product service reads from its environment, validated once per cold start. */
export interface ProductServiceConfig {
  tableName: string;
  region: string;
  /** Only set when running against a local stand-in; absent in AWS. */
  dynamoDbEndpoint?: string;
  /** The product events topic; only functions that write products (or relay their events) have it. */
  eventsTopicArn?: string;
  snsEndpoint?: string;
  /** The CSV import bucket; only the import function has it. */
  importBucket?: string;
  s3Endpoint?: string;
}

const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

// DynamoDB's own rule for table names.
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * Fails fast with every problem at once, so a misconfigured stack shows up in the first invocation's log
 * instead of as a confusing SDK error on the first request that happens to touch the table.
 */
export function readConfig(env: Record<string, string | undefined>): ProductServiceConfig {
  const problems: string[] = [];
  const tableName = env.TABLE_NAME?.trim() ?? '';
  if (!TABLE_NAME.test(tableName)) problems.push('TABLE_NAME must be a DynamoDB table name');
  const region = (env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? '').trim();
  if (!REGION.test(region)) problems.push('AWS_REGION must be an AWS region such as ap-southeast-2');
  const endpoint = env.AWS_ENDPOINT_URL_DYNAMODB?.trim() || undefined;
  if (endpoint !== undefined && !isHttpUrl(endpoint)) {
    problems.push('AWS_ENDPOINT_URL_DYNAMODB must be an http(s) URL when set');
  }
  const topic = env.EVENTS_TOPIC_ARN?.trim() || undefined;
  if (topic !== undefined && !TOPIC_ARN.test(topic))
    problems.push('EVENTS_TOPIC_ARN must be an SNS topic ARN when set');
  const bucket = env.IMPORT_BUCKET?.trim() || undefined;
  if (bucket !== undefined && !BUCKET.test(bucket)) problems.push('IMPORT_BUCKET must be an S3 bucket name when set');
  const optionalEndpoint = (name: string): string | undefined => {
    const value = env[name]?.trim() || undefined;
    if (value !== undefined && !isHttpUrl(value)) problems.push(`${name} must be an http(s) URL when set`);
    return value;
  };
  const snsEndpoint = optionalEndpoint('AWS_ENDPOINT_URL_SNS');
  const s3Endpoint = optionalEndpoint('AWS_ENDPOINT_URL_S3');
  if (problems.length > 0) throw new Error(`Invalid product service configuration: ${problems.join('; ')}`);
  return {
    tableName,
    region,
    ...(endpoint === undefined ? {} : { dynamoDbEndpoint: endpoint }),
    ...(topic === undefined ? {} : { eventsTopicArn: topic }),
    ...(snsEndpoint === undefined ? {} : { snsEndpoint }),
    ...(bucket === undefined ? {} : { importBucket: bucket }),
    ...(s3Endpoint === undefined ? {} : { s3Endpoint }),
  };
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
