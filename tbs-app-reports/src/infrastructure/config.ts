/** Everything the reports service reads from its environment, validated once per cold start. */
export interface ReportsServiceConfig {
  region: string;
  clusterArn: string;
  secretArn: string;
  database: string;
  timeZone: string;
  currency: string;
  /** How long a call keeps retrying while Aurora resumes from 0 ACU before giving up (milliseconds). */
  resumeWaitMs: number;
  /** Only set when running against a local stand-in; absent in AWS. */
  dataApiEndpoint?: string;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
// Shape only: the Data API itself rejects an ARN of the wrong service, and build checks use placeholder ARNs.
const ARN = /^arn:[a-z-]+:[a-z0-9-]+:\S*$/;
const DATABASE = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const CURRENCY = /^[A-Z]{3}$/;
export const DEFAULT_RESUME_WAIT_MS = 40_000;

/**
 * Fails fast with every problem at once, so a misconfigured stack shows up in the first invocation's log
 * instead of as a confusing Data API error later.
 */
export function readConfig(env: Record<string, string | undefined>): ReportsServiceConfig {
  const problems: string[] = [];
  const value = (name: string) => env[name]?.trim() ?? '';
  const region = value('AWS_REGION') || value('AWS_DEFAULT_REGION');
  if (!REGION.test(region)) problems.push('AWS_REGION must be an AWS region such as ap-southeast-2');
  const clusterArn = value('DB_CLUSTER_ARN');
  if (!ARN.test(clusterArn)) problems.push('DB_CLUSTER_ARN must be an Aurora cluster ARN');
  const secretArn = value('DB_SECRET_ARN');
  if (!ARN.test(secretArn)) problems.push('DB_SECRET_ARN must be a Secrets Manager secret ARN');
  const database = value('DB_NAME');
  if (!DATABASE.test(database)) problems.push('DB_NAME must be a PostgreSQL database name');
  const timeZone = value('STORE_TIME_ZONE');
  if (!isTimeZone(timeZone)) problems.push('STORE_TIME_ZONE must be an IANA time zone such as Pacific/Auckland');
  const currency = value('STORE_CURRENCY');
  if (!CURRENCY.test(currency)) problems.push('STORE_CURRENCY must be an ISO 4217 code such as NZD');
  const wait = value('DB_RESUME_WAIT_MS');
  const resumeWaitMs = wait === '' ? DEFAULT_RESUME_WAIT_MS : Number(wait);
  if (!Number.isSafeInteger(resumeWaitMs) || resumeWaitMs < 0) {
    problems.push('DB_RESUME_WAIT_MS must be a whole number of milliseconds when set');
  }
  const endpoint = value('AWS_ENDPOINT_URL_RDS_DATA') || undefined;
  if (endpoint !== undefined && !isHttpUrl(endpoint)) {
    problems.push('AWS_ENDPOINT_URL_RDS_DATA must be an http(s) URL when set');
  }
  if (problems.length > 0) throw new Error(`Invalid reports service configuration: ${problems.join('; ')}`);
  const config: ReportsServiceConfig = { region, clusterArn, secretArn, database, timeZone, currency, resumeWaitMs };
  return endpoint === undefined ? config : { ...config, dataApiEndpoint: endpoint };
}

function isTimeZone(value: string): boolean {
  if (!value.includes('/') && value !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
