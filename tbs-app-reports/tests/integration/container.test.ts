import { describe, expect, it } from 'vitest';
import { GetMonthlySales } from '../../src/application/get-monthly-sales';
import { GetTopProducts } from '../../src/application/get-top-products';
import { MigrateDatabase } from '../../src/application/migrate-database';
import { TOKENS } from '../../src/application/ports/tokens';
import { RecordSalesEvents } from '../../src/application/record-sales-events';
import { createContainer, createRecordingContainer } from '../../src/infrastructure/container';
import { DataApiSalesLedger } from '../../src/infrastructure/data-api-sales-ledger';
import { DataApiSalesReports } from '../../src/infrastructure/data-api-sales-reports';
import { DataApiSchemaMigrator } from '../../src/infrastructure/data-api-schema-migrator';
import { reportsEnv } from '../fixtures/reports-env';

describe('container (the composition root)', () => {
  it('resolves the use case of every handler, wired to the Data API adapters, once per container', () => {
    const container = createRecordingContainer(reportsEnv('http://127.0.0.1:4010'));
    for (const useCase of [GetMonthlySales, GetTopProducts, RecordSalesEvents, MigrateDatabase]) {
      const instance = container.resolve(useCase as new (...args: never[]) => unknown);
      expect(instance).toBeInstanceOf(useCase);
      expect(container.resolve(useCase as new (...args: never[]) => unknown)).toBe(instance);
    }
    expect(container.resolve(TOKENS.SalesLedger)).toBeInstanceOf(DataApiSalesLedger);
    expect(container.resolve(TOKENS.SalesReports)).toBeInstanceOf(DataApiSalesReports);
    expect(container.resolve(TOKENS.SchemaMigrator)).toBeInstanceOf(DataApiSchemaMigrator);
  });

  it('wires the events consumer (and its compiled event schemas) only into the recording container', () => {
    const container = createContainer(reportsEnv('http://127.0.0.1:4010'));
    expect(container.resolve(GetMonthlySales)).toBeInstanceOf(GetMonthlySales);
    expect(() => container.resolve(RecordSalesEvents)).toThrow();
    expect(() => container.resolve(TOKENS.SalesEventDecoder)).toThrow();
  });

  it('refuses to start with a broken configuration', () => {
    expect(() => createContainer({ AWS_REGION: 'ap-southeast-2' })).toThrow(/Invalid reports service configuration/);
  });
});
