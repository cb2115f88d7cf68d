/** Everything the cart service reads from its environment, validated once per cold start. */
export interface CartServiceConfig {
  tableName: string;
  region: string;
  /** e.g. 0.15; from the stack parameter TaxRate. */
  taxRate: number;
  currency: string;
  /**
   * How long a claimed event blocks its redeliveries: the consumer's timeout plus a margin (EVENT_LEASE_SECONDS).
   */
  eventLeaseSeconds: number;
  /** Only set when running against a local stand-in; absent in AWS. */
  dynamoDbEndpoint?: string;
}

// DynamoDB's own rule for table names.
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const CURRENCY = /^[A-Z]{3}$/;
const DECIMAL = /^\d+(\.\d+)?$/;

/**
 * Fails fast with every problem at once, so a misconfigured stack shows up in the first invocation's log instead of
 * as wrong totals or a confusing SDK error later.
 */
export function readConfig(env: Record<string, string | undefined>): CartServiceConfig {
  const problems: string[] = [];
  const tableName = env.TABLE_NAME?.trim() ?? '';
  if (!TABLE_NAME.test(tableName)) problems.push('TABLE_NAME must be a DynamoDB table name');
  const region = (env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? '').trim();
  if (!REGION.test(region)) problems.push('AWS_REGION must be an AWS region such as ap-southeast-2');
  const rawRate = env.TAX_RATE?.trim() ?? '';
  const taxRate = DECIMAL.test(rawRate) ? Number(rawRate) : Number.NaN;
  if (!(taxRate >= 0 && taxRate < 1)) problems.push('TAX_RATE must be a decimal from 0 to below 1, such as 0.15');
  const currency = env.CURRENCY?.trim() ?? '';
  if (!CURRENCY.test(currency)) problems.push('CURRENCY must be an ISO 4217 code such as NZD');
  const rawLease = env.EVENT_LEASE_SECONDS?.trim() || '30';
  const eventLeaseSeconds = /^\d{1,4}$/.test(rawLease) ? Number(rawLease) : 0;
  if (eventLeaseSeconds < 1) problems.push('EVENT_LEASE_SECONDS must be a whole number of seconds from 1');
  const endpoint = env.AWS_ENDPOINT_URL_DYNAMODB?.trim() || undefined;
  if (endpoint !== undefined && !isHttpUrl(endpoint)) {
    problems.push('AWS_ENDPOINT_URL_DYNAMODB must be an http(s) URL when set');
  }
  if (problems.length > 0) throw new Error(`Invalid cart service configuration: ${problems.join('; ')}`);
  const config: CartServiceConfig = { tableName, region, taxRate, currency, eventLeaseSeconds };
  return endpoint === undefined ? config : { ...config, dynamoDbEndpoint: endpoint };
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
