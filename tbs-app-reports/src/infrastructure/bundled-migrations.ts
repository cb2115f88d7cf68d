// Only the function bundles load this module (esbuild inlines each file's text); tests and tools read the
// migrations folder instead. Register every new migrations/*.sql file here: a unit test checks none is missing.
import m0001 from '../../migrations/0001_create_sales_tables.sql' with { type: 'text' };
import { type Migration, migrationsFrom } from './migrations';

export const BUNDLED_MIGRATIONS: Migration[] = migrationsFrom([
  { fileName: '0001_create_sales_tables.sql', sql: m0001 },
]);
