import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/infrastructure/config';

const BASE = { TABLE_NAME: 'tbs-app-fulfilment-dev-fulfilment', AWS_REGION: 'ap-southeast-2' };

describe('readConfig', () => {
  it('reads the minimum an HTTP function gets, with defaults for the rest', () => {
    expect(readConfig(BASE)).toEqual({
      tableName: BASE.TABLE_NAME,
      region: 'ap-southeast-2',
      eventLeaseSeconds: 40,
      downloadLinkTtlSeconds: 259_200,
    });
  });

  it('reads what the order-event consumer gets from the template', () => {
    const config = readConfig({
      ...BASE,
      EVENTS_TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:tbs-app-fulfilment-local-events',
      PROCESSED_EVENTS_TABLE_NAME: 'tbs-app-fulfilment-dev-processed-events',
      DOWNLOAD_KEY_SECRET_ID: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:x-AbCdEf',
      DOWNLOAD_BASE_URL: 'https://downloads.example.com',
      DOWNLOAD_LINK_TTL_SECONDS: '3600',
      EVENT_LEASE_SECONDS: '40',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://127.0.0.1:4566',
    });
    expect(config).toMatchObject({ downloadLinkTtlSeconds: 3600, secretsManagerEndpoint: 'http://127.0.0.1:4566' });
  });

  it('names every problem at once', () => {
    expect(() =>
      readConfig({
        TABLE_NAME: 'x',
        AWS_REGION: 'mars',
        EVENTS_TOPIC_ARN: 'topic',
        DOWNLOAD_BASE_URL: 'ftp://x',
        DOWNLOAD_LINK_TTL_SECONDS: '5',
      }),
    ).toThrow(/TABLE_NAME.*AWS_REGION.*DOWNLOAD_BASE_URL.*EVENTS_TOPIC_ARN.*DOWNLOAD_LINK_TTL_SECONDS/);
  });
});
