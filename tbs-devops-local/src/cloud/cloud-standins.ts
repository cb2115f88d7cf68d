import { join } from 'node:path';
import * as standins from '../standins';

export type EndpointName = 'dynamodb' | 'sns' | 'sqs' | 's3' | 'rdsData' | 'ses' | 'secrets' | 'cognito' | 'stripe';

/** The running stand-ins, each with its own helpers (e.g. `ses.emails()`, `stripe.deliveries()`). */
export interface Standins {
  dynamodb: standins.RunningDynamoDb;
  /** SNS, SQS and S3. */
  fauxqs: standins.RunningFauxqs;
  rdsData: standins.RunningDataApi;
  ses: standins.RunningSes;
  /** Secrets Manager and SSM Parameter Store. */
  secrets: standins.RunningStandIn;
  cognito: standins.RunningCognito;
  stripe: standins.RunningStripe;
}

export interface StartedStandins {
  endpoints: Record<EndpointName, string>;
  services: Standins;
  stop(): Promise<void>;
}

/** Starts every stand-in in parallel (the slowest, cognito-local, bounds the start time). */
export async function startStandins(
  dataDir: string | undefined,
  log: (line: string) => void,
): Promise<StartedStandins> {
  const dir = (name: string) => (dataDir ? join(dataDir, name) : undefined);
  const timed = async <T extends standins.RunningStandIn>(key: string, start: Promise<T>): Promise<T> => {
    const t0 = Date.now();
    const running = await start;
    log(`[local] ${key} ready at ${running.endpoint} (${Date.now() - t0} ms)`);
    return running;
  };
  const started = [
    timed('dynamodb', standins.startDynamoDb({ dataDir: dir('dynamodb') })),
    timed('fauxqs', standins.startFauxqs({ dataDir: dir('fauxqs') })),
    // DATABASE_URL switches the Data API to a real PostgreSQL (one database per Data API database name).
    timed(
      'rdsData',
      standins.startDataApi({ dataDir: dir('postgres'), databaseUrl: process.env.DATABASE_URL || undefined }),
    ),
    timed('ses', standins.startSes({ dataDir: dir('ses') })),
    timed('secrets', standins.startSecrets({ dataDir: dir('secrets') })),
    timed('cognito', standins.startCognito({ dataDir: dir('cognito') })),
    timed('stripe', standins.startStripe({ dataDir: dir('stripe') })),
  ] as const;
  const results = await Promise.allSettled(started);
  const running = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value as standins.RunningStandIn] : []));
  const stopAll = async () => {
    await Promise.allSettled(running.map((s) => s.stop()));
  };
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await stopAll();
    throw failed.reason;
  }
  const value = <T>(r: PromiseSettledResult<T>) => (r as PromiseFulfilledResult<T>).value;
  const services: Standins = {
    dynamodb: value(results[0]),
    fauxqs: value(results[1]),
    rdsData: value(results[2]),
    ses: value(results[3]),
    secrets: value(results[4]),
    cognito: value(results[5]),
    stripe: value(results[6]),
  };
  const fauxqs = services.fauxqs.endpoint;
  return {
    endpoints: {
      dynamodb: services.dynamodb.endpoint,
      sns: fauxqs,
      sqs: fauxqs,
      s3: fauxqs,
      rdsData: services.rdsData.endpoint,
      ses: services.ses.endpoint,
      secrets: services.secrets.endpoint,
      cognito: services.cognito.endpoint,
      stripe: services.stripe.endpoint,
    },
    services,
    stop: stopAll,
  };
}

export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/** The environment that points AWS SDK v3 clients at the stand-ins, with dummy credentials. */
export function awsEnvironment(endpoints: Record<EndpointName, string>, region: string, lambdaEndpoint?: string) {
  const env: Record<string, string> = {
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_SESSION_TOKEN: 'local',
  };
  const put = (name: string, value: string | undefined) => {
    if (value) env[name] = value;
  };
  put('AWS_ENDPOINT_URL_DYNAMODB', endpoints.dynamodb);
  put('AWS_ENDPOINT_URL_SNS', endpoints.sns);
  put('AWS_ENDPOINT_URL_SQS', endpoints.sqs);
  put('AWS_ENDPOINT_URL_S3', endpoints.s3);
  put('AWS_ENDPOINT_URL_RDS_DATA', endpoints.rdsData);
  put('AWS_ENDPOINT_URL_SESV2', endpoints.ses);
  put('AWS_ENDPOINT_URL_SES', endpoints.ses);
  put('AWS_ENDPOINT_URL_SECRETS_MANAGER', endpoints.secrets);
  put('AWS_ENDPOINT_URL_SSM', endpoints.secrets);
  put('AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER', endpoints.cognito);
  put('AWS_ENDPOINT_URL_LAMBDA', lambdaEndpoint);
  put('STRIPE_API_BASE', endpoints.stripe);
  return env;
}
