/** Everything the customer service reads from its environment, validated once per cold start. */
export interface CustomerServiceConfig {
  tableName: string;
  region: string;
  /** The customer events topic; only functions that publish get it (least privilege). */
  eventsTopicArn?: string;
  /** Only set when running against local stand-ins; absent in AWS. */
  dynamoDbEndpoint?: string;
  snsEndpoint?: string;
  sesEndpoint?: string;
  /** Only the function that emails customers gets these (and the permission to send). */
  emails?: EmailConfig;
}

export interface EmailConfig {
  /** The verified SES identity the shop sends from. */
  senderAddress: string;
  /** Template names are `<prefix><kind>` (the stack declares one AWS::SES::Template per kind). */
  templatePrefix: string;
  configurationSet?: string;
  /** Records which emails were sent (pk `EVENT#customer-emails#<kind>:<orderId>`, TTL `expiresAt`). */
  sentEmailsTableName: string;
  /** How long a claimed email blocks other deliveries: the consumer's timeout plus a margin. */
  leaseSeconds: number;
  locale: string;
  timeZone: string;
}

// DynamoDB's own rule for table names.
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
// Loose on purpose: SNS itself judges the ARN, and build checks load bundles with placeholder values.
const TOPIC_ARN = /^\S{1,1024}$/;
// Deliberately loose: SES verifies the identity; this catches a missing or mistyped setting.
const EMAIL_ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const TEMPLATE_PREFIX = /^[A-Za-z0-9_-]{1,40}$/;
const CONFIGURATION_SET = /^[A-Za-z0-9_-]{1,64}$/;
const EMAIL_SETTINGS = ['SENDER_EMAIL_ADDRESS', 'EMAIL_TEMPLATE_PREFIX', 'SENT_EMAILS_TABLE_NAME'] as const;

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
  const sesEndpoint = endpoint(env, 'AWS_ENDPOINT_URL_SESV2', problems);
  const emails = emailConfig(env, problems);
  if (problems.length > 0) throw new Error(`Invalid customer service configuration: ${problems.join('; ')}`);
  return {
    tableName,
    region,
    ...(eventsTopicArn === undefined ? {} : { eventsTopicArn }),
    ...(dynamoDbEndpoint === undefined ? {} : { dynamoDbEndpoint }),
    ...(snsEndpoint === undefined ? {} : { snsEndpoint }),
    ...(sesEndpoint === undefined ? {} : { sesEndpoint }),
    ...(emails === undefined ? {} : { emails }),
  };
}

/** All of the email settings or none (functions that send no email get none). */
function emailConfig(env: Record<string, string | undefined>, problems: string[]): EmailConfig | undefined {
  const value = (name: string) => env[name]?.trim() || undefined;
  const given = EMAIL_SETTINGS.filter((name) => value(name) !== undefined);
  if (given.length === 0) return undefined;
  if (given.length < EMAIL_SETTINGS.length) {
    problems.push(
      `${EMAIL_SETTINGS.join(', ')} must be set together (missing ${EMAIL_SETTINGS.filter((n) => !given.includes(n)).join(', ')})`,
    );
    return undefined;
  }
  const senderAddress = value('SENDER_EMAIL_ADDRESS') ?? '';
  if (!EMAIL_ADDRESS.test(senderAddress)) problems.push('SENDER_EMAIL_ADDRESS must be an email address');
  const templatePrefix = value('EMAIL_TEMPLATE_PREFIX') ?? '';
  if (!TEMPLATE_PREFIX.test(templatePrefix))
    problems.push('EMAIL_TEMPLATE_PREFIX must be 1-40 letters, digits, - or _');
  const sentEmailsTableName = value('SENT_EMAILS_TABLE_NAME') ?? '';
  if (!TABLE_NAME.test(sentEmailsTableName)) problems.push('SENT_EMAILS_TABLE_NAME must be a DynamoDB table name');
  const configurationSet = value('EMAIL_CONFIGURATION_SET');
  if (configurationSet !== undefined && !CONFIGURATION_SET.test(configurationSet)) {
    problems.push('EMAIL_CONFIGURATION_SET must be an SES configuration set name when set');
  }
  const leaseSeconds = Number(value('EMAIL_LEASE_SECONDS') ?? '40');
  if (!Number.isInteger(leaseSeconds) || leaseSeconds < 5 || leaseSeconds > 900) {
    problems.push('EMAIL_LEASE_SECONDS must be a whole number of seconds from 5 to 900');
  }
  const locale = value('STORE_LOCALE') ?? 'en-NZ';
  const timeZone = value('STORE_TIME_ZONE') ?? 'Pacific/Auckland';
  try {
    new Intl.DateTimeFormat(locale, { timeZone });
  } catch {
    problems.push('STORE_LOCALE and STORE_TIME_ZONE must be a BCP 47 locale and an IANA time zone');
  }
  return {
    senderAddress,
    templatePrefix,
    ...(configurationSet === undefined ? {} : { configurationSet }),
    sentEmailsTableName,
    leaseSeconds,
    locale,
    timeZone,
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
