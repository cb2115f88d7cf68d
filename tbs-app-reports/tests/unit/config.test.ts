import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/infrastructure/config';
import { isResuming } from '../../src/infrastructure/data-api';
import { reportsEnv } from '../fixtures/reports-env';

describe('configuration', () => {
  it('reads the stack environment, with the local Data API endpoint when set', () => {
    expect(readConfig(reportsEnv('http://127.0.0.1:4010'))).toMatchObject({
      region: 'ap-southeast-2',
      database: 'reports',
      timeZone: 'Pacific/Auckland',
      currency: 'NZD',
      resumeWaitMs: 40_000,
      dataApiEndpoint: 'http://127.0.0.1:4010',
    });
  });

  it('names every problem at once', () => {
    expect(() =>
      readConfig({ AWS_REGION: 'ap-southeast-2', STORE_TIME_ZONE: 'Mars/Olympus', STORE_CURRENCY: 'nzd' }),
    ).toThrow(/DB_CLUSTER_ARN.*DB_SECRET_ARN.*DB_NAME.*STORE_TIME_ZONE.*STORE_CURRENCY/);
  });
});

describe('resuming errors', () => {
  it('recognises the Data API ways of saying the cluster is waking up, and nothing else', () => {
    expect(isResuming({ name: 'DatabaseResumingException', message: 'resuming' })).toBe(true);
    expect(isResuming({ name: 'DatabaseUnavailableException', message: '' })).toBe(true);
    expect(isResuming({ name: 'BadRequestException', message: 'Communications link failure' })).toBe(true);
    expect(isResuming({ name: 'BadRequestException', message: 'ERROR: column "x" does not exist' })).toBe(false);
    expect(isResuming({ name: 'DatabaseErrorException', message: 'duplicate key' })).toBe(false);
  });
});
