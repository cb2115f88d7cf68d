/** Everything the fulfilment service reads from its environment, validated once per cold start. */
export interface FulfilmentServiceConfig {
  tableName: string;
  region: string;
  /** Only set when running against a local stand-in; absent in AWS. */
  dynamoDbEndpoint?: string;
  /** The fulfilment events topic; only functions that change state (or relay their events) have it. */
  eventsTopicArn?: string;
  snsEndpoint?: string;
  /** Dedupe table of the order-event consumer (string key `pk`, TTL on `expiresAt`). */
  processedEventsTableName?: string;
  /** Seconds an event claim is held: the consumer's timeout plus a margin. */
  eventLeaseSeconds: number;
  /** Secrets Manager id (name or ARN) of the download-link signing key; only the order-event consumer has it. */
  downloadKeySecretId?: string;
  secretsManagerEndpoint?: string;
  /** Where signed download links point (the download service that verifies them). */
  downloadBaseUrl?: string;
  downloadLinkTtlSeconds: number;
}

// DynamoDB's own rule for table names.
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
// Any ARN shape: local stacks and build-time placeholders use made-up account ids.
const ARN = /^arn:[A-Za-z0-9-]+:[A-Za-z0-9-]+:[A-Za-z0-9-]*:[A-Za-z0-9-]*:\S+$/;
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

/**
 * Fails fast with every problem at once, so a misconfigured stack shows up in the first invocation's log instead
 * of as a confusing SDK error on the first event that happens to touch the table.
 */
export function readConfig(env: Record<string, string | undefined>): FulfilmentServiceConfig {
  const problems: string[] = [];
  const value = (name: string): string | undefined => env[name]?.trim() || undefined;
  const tableName = value('TABLE_NAME') ?? '';
  if (!TABLE_NAME.test(tableName)) problems.push('TABLE_NAME must be a DynamoDB table name');
  const region = value('AWS_REGION') ?? value('AWS_DEFAULT_REGION') ?? '';
  if (!REGION.test(region)) problems.push('AWS_REGION must be an AWS region such as ap-southeast-2');
  const url = (name: string): string | undefined => {
    const found = value(name);
    if (found !== undefined && !isHttpUrl(found)) problems.push(`${name} must be an http(s) URL when set`);
    return found;
  };
  const dynamoDbEndpoint = url('AWS_ENDPOINT_URL_DYNAMODB');
  const snsEndpoint = url('AWS_ENDPOINT_URL_SNS');
  const secretsManagerEndpoint = url('AWS_ENDPOINT_URL_SECRETS_MANAGER');
  const downloadBaseUrl = url('DOWNLOAD_BASE_URL');
  const eventsTopicArn = value('EVENTS_TOPIC_ARN');
  if (eventsTopicArn !== undefined && !ARN.test(eventsTopicArn)) {
    problems.push('EVENTS_TOPIC_ARN must be an SNS topic ARN when set');
  }
  const processedEventsTableName = value('PROCESSED_EVENTS_TABLE_NAME');
  if (processedEventsTableName !== undefined && !TABLE_NAME.test(processedEventsTableName)) {
    problems.push('PROCESSED_EVENTS_TABLE_NAME must be a DynamoDB table name when set');
  }
  const downloadKeySecretId = value('DOWNLOAD_KEY_SECRET_ID');
  if (downloadKeySecretId !== undefined && !ARN.test(downloadKeySecretId) && !SECRET_NAME.test(downloadKeySecretId)) {
    problems.push('DOWNLOAD_KEY_SECRET_ID must be a secret name or ARN when set');
  }
  const seconds = (name: string, fallback: number, min: number, max: number): number => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const parsed = Number(raw);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      problems.push(`${name} must be a whole number of seconds between ${min} and ${max}`);
    }
    return parsed;
  };
  const eventLeaseSeconds = seconds('EVENT_LEASE_SECONDS', 40, 5, 900);
  const downloadLinkTtlSeconds = seconds('DOWNLOAD_LINK_TTL_SECONDS', 72 * 3600, 60, 30 * 86_400);
  if (problems.length > 0) throw new Error(`Invalid fulfilment service configuration: ${problems.join('; ')}`);
  return {
    tableName,
    region,
    eventLeaseSeconds,
    downloadLinkTtlSeconds,
    ...(dynamoDbEndpoint && { dynamoDbEndpoint }),
    ...(eventsTopicArn && { eventsTopicArn }),
    ...(snsEndpoint && { snsEndpoint }),
    ...(processedEventsTableName && { processedEventsTableName }),
    ...(downloadKeySecretId && { downloadKeySecretId }),
    ...(secretsManagerEndpoint && { secretsManagerEndpoint }),
    ...(downloadBaseUrl && { downloadBaseUrl }),
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
