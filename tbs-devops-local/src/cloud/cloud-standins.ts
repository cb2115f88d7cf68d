import { join } from 'node:path';
import * as standins from '../standins';

export type EndpointName = 'dynamodb' | 'sns' | 'sqs' | 's3' | 'rdsData' | 'ses' | 'secrets' | 'cognito' | 'stripe';

export interface RunningService {
  name: string;
  endpoint: string;
  stop(): Promise<void>;
  [extra: string]: unknown;
}

export interface StartedStandins {
  endpoints: Record<EndpointName, string>;
  services: Record<string, RunningService>;
  stop(): Promise<void>;
}

type Starter = (opts: { port?: number; host?: string; dataDir?: string }) => Promise<RunningService>;

/** Stand-ins that may be missing from a checkout are looked up by export name and simply reported absent. */
function optionalStarter(name: string): Starter | undefined {
  const candidate = (standins as unknown as Record<string, unknown>)[name];
  return typeof candidate === 'function' ? (candidate as Starter) : undefined;
}

const asService = <T extends { name: string; endpoint: string; stop(): Promise<void> }>(s: T) =>
  s as unknown as RunningService;

/** Starts every stand-in in parallel (the slowest, cognito-local, bounds the start time). */
export async function startStandins(
  dataDir: string | undefined,
  log: (line: string) => void,
): Promise<StartedStandins> {
  const dir = (name: string) => (dataDir ? join(dataDir, name) : undefined);
  const plan: Array<[string, () => Promise<RunningService> | undefined]> = [
    ['dynamodb', () => standins.startDynamoDb({ dataDir: dir('dynamodb') }).then(asService)],
    ['fauxqs', () => standins.startFauxqs({ dataDir: dir('fauxqs') }).then(asService)],
    ['rdsData', () => optionalStarter('startDataApi')?.({ dataDir: dir('postgres') })],
    ['ses', () => standins.startSes({ dataDir: dir('ses') }).then(asService)],
    ['secrets', () => standins.startSecrets({ dataDir: dir('secrets') }).then(asService)],
    ['cognito', () => standins.startCognito({ dataDir: dir('cognito') }).then(asService)],
    ['stripe', () => standins.startStripe({ dataDir: dir('stripe') }).then(asService)],
  ];
  const services: Record<string, RunningService> = {};
  const results = await Promise.allSettled(
    plan.map(async ([key, start]) => {
      const t0 = Date.now();
      const running = await start();
      if (!running) {
        log(`[local] stand-in ${key} is not available in this checkout; resources needing it will fail`);
        return;
      }
      services[key] = running;
      log(`[local] ${key} ready at ${running.endpoint} (${Date.now() - t0} ms)`);
    }),
  );
  const stopAll = async () => {
    await Promise.allSettled(Object.values(services).map((s) => s.stop()));
  };
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await stopAll();
    throw failed.reason;
  }
  const fauxqs = services.fauxqs?.endpoint ?? '';
  return {
    endpoints: {
      dynamodb: services.dynamodb?.endpoint ?? '',
      sns: fauxqs,
      sqs: fauxqs,
      s3: fauxqs,
      rdsData: services.rdsData?.endpoint ?? '',
      ses: services.ses?.endpoint ?? '',
      secrets: services.secrets?.endpoint ?? '',
      cognito: services.cognito?.endpoint ?? '',
      stripe: services.stripe?.endpoint ?? '',
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
