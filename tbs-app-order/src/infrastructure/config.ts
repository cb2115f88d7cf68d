import { DEFAULT_PRICING_RULES, type PricingRules } from '../domain/pricing';

/** Everything the order service reads from its environment, validated once per cold start. */
export interface OrderServiceConfig {
  tableName: string;
  region: string;
  pricing: PricingRules;
  /** Only set when running against local stand-ins; absent in AWS. */
  dynamoDbEndpoint?: string;
  snsEndpoint?: string;
  secretsManagerEndpoint?: string;
  /** The table of processed event ids (webhook and event consumers only). */
  processedEventsTableName?: string;
  /** The order events topic; functions without it leave events in the outbox for the relay. */
  eventsTopicArn?: string;
  /** Secrets Manager secret holding `{secretKey, publishableKey, webhookSecret}` (functions that talk to Stripe). */
  stripeSecretArn?: string;
  /** The Stripe stand-in, e.g. http://127.0.0.1:4242; never set in AWS, where the SDK talks to Stripe itself. */
  stripeApiBase?: string;
}

const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;
const CURRENCY = /^[A-Z]{3}$/;

/** Fails fast with every problem at once, so a misconfigured stack shows up in the first invocation's log. */
export function readConfig(env: Record<string, string | undefined>): OrderServiceConfig {
  const problems: string[] = [];
  const value = (name: string) => env[name]?.trim() || undefined;
  const tableName = value('TABLE_NAME') ?? '';
  if (!TABLE_NAME.test(tableName)) problems.push('TABLE_NAME must be a DynamoDB table name');
  const region = value('AWS_REGION') ?? value('AWS_DEFAULT_REGION') ?? '';
  if (!REGION.test(region)) problems.push('AWS_REGION must be an AWS region such as ap-southeast-2');
  const optional = (name: string, pattern: RegExp | 'url', what: string) => {
    const found = value(name);
    if (found !== undefined && !(pattern === 'url' ? isHttpUrl(found) : pattern.test(found))) {
      problems.push(`${name} must be ${what} when set`);
    }
    return found;
  };
  const processedEventsTableName = optional('PROCESSED_EVENTS_TABLE_NAME', TABLE_NAME, 'a DynamoDB table name');
  const eventsTopicArn = optional('EVENTS_TOPIC_ARN', TOPIC_ARN, 'an SNS topic ARN');
  const stripeSecretArn = optional('STRIPE_SECRET_ARN', SECRET_ARN, 'a Secrets Manager secret ARN');
  const stripeApiBase = optional('STRIPE_API_BASE', 'url', 'an http(s) URL');
  const dynamoDbEndpoint = optional('AWS_ENDPOINT_URL_DYNAMODB', 'url', 'an http(s) URL');
  const snsEndpoint = optional('AWS_ENDPOINT_URL_SNS', 'url', 'an http(s) URL');
  const secretsManagerEndpoint = optional('AWS_ENDPOINT_URL_SECRETS_MANAGER', 'url', 'an http(s) URL');

  const currency = value('STORE_CURRENCY') ?? DEFAULT_PRICING_RULES.currency;
  if (!CURRENCY.test(currency)) problems.push('STORE_CURRENCY must be an ISO 4217 code such as NZD');
  const number = (name: string, fallback: number, valid: (n: number) => boolean, what: string) => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const parsed = Number(raw);
    if (!Number.isFinite(parsed) || !valid(parsed)) problems.push(`${name} must be ${what}`);
    return parsed;
  };
  const cents = (n: number) => Number.isSafeInteger(n) && n >= 0;
  const pricing: PricingRules = {
    currency,
    taxRate: number('TAX_RATE', DEFAULT_PRICING_RULES.taxRate, (n) => n >= 0 && n < 1, 'a rate from 0 to below 1'),
    standardShipping: number('STANDARD_SHIPPING', DEFAULT_PRICING_RULES.standardShipping, cents, 'whole cents'),
    expressShipping: number('EXPRESS_SHIPPING', DEFAULT_PRICING_RULES.expressShipping, cents, 'whole cents'),
    freeStandardShippingFrom: number(
      'FREE_STANDARD_SHIPPING_FROM',
      DEFAULT_PRICING_RULES.freeStandardShippingFrom,
      cents,
      'whole cents',
    ),
  };
  if (problems.length > 0) throw new Error(`Invalid order service configuration: ${problems.join('; ')}`);
  const present = <K extends string>(key: K, v: string | undefined) => (v === undefined ? {} : { [key]: v });
  return {
    tableName,
    region,
    pricing,
    ...present('processedEventsTableName', processedEventsTableName),
    ...present('eventsTopicArn', eventsTopicArn),
    ...present('stripeSecretArn', stripeSecretArn),
    ...present('stripeApiBase', stripeApiBase),
    ...present('dynamoDbEndpoint', dynamoDbEndpoint),
    ...present('snsEndpoint', snsEndpoint),
    ...present('secretsManagerEndpoint', secretsManagerEndpoint),
  } as OrderServiceConfig;
}

function isHttpUrl(candidate: string): boolean {
  try {
    const { protocol } = new URL(candidate);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
