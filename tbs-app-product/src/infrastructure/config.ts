/** Everything the product service reads from its environment, validated once per cold start. */
export interface ProductServiceConfig {
  tableName: string;
  region: string;
  /** Only set when running against a local stand-in; absent in AWS. */
  dynamoDbEndpoint?: string;
}

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
  if (problems.length > 0) throw new Error(`Invalid product service configuration: ${problems.join('; ')}`);
  return endpoint === undefined ? { tableName, region } : { tableName, region, dynamoDbEndpoint: endpoint };
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
