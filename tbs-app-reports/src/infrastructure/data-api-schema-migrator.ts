import { inject, injectable } from 'tsyringe';
import type { SchemaMigrator } from '../application/ports/schema-migrator';
import type { ReportsLogger } from '../application/ports/tokens';
import { TOKENS } from '../application/ports/tokens';
import type { DataApi } from './data-api';
import { checksumOf, type Migration, splitStatements } from './migrations';
import { INFRASTRUCTURE_TOKENS } from './tokens';

const CREATE_HISTORY = `
CREATE TABLE IF NOT EXISTS schema_migrations (
  version    TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  checksum   TEXT NOT NULL,
  applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`;

/**
 * Applies pending migrations through the Data API, each in its own transaction together with its row in
 * `schema_migrations`: a failed migration leaves nothing behind, and a migration is never applied twice, even
 * by two concurrent runs (the second one's insert of the version conflicts and it skips). An applied migration
 * whose file changed since is refused rather than silently diverging.
 */
@injectable()
export class DataApiSchemaMigrator implements SchemaMigrator {
  constructor(
    @inject(INFRASTRUCTURE_TOKENS.DataApi) private readonly db: DataApi,
    @inject(INFRASTRUCTURE_TOKENS.Migrations) private readonly migrations: () => Promise<Migration[]>,
    @inject(TOKENS.Logger) private readonly logger: ReportsLogger,
  ) {}

  async migrate(): Promise<string[]> {
    const migrations = await this.migrations();
    await this.db.execute(CREATE_HISTORY);
    const rows = await this.db.query<{ version: string; checksum: string }>(
      'SELECT version, checksum FROM schema_migrations',
    );
    const applied = new Map(rows.map((row) => [row.version, row.checksum]));
    const done: string[] = [];
    for (const migration of migrations) {
      const checksum = checksumOf(migration);
      const previous = applied.get(migration.version);
      if (previous !== undefined) {
        if (previous !== checksum) {
          throw new Error(`Migration ${migration.version}_${migration.name} changed after it was applied`);
        }
        continue;
      }
      const ran = await this.db.transaction(async (tx) => {
        const claimed = await this.db.execute(
          `INSERT INTO schema_migrations (version, name, checksum) VALUES (:version, :name, :checksum)
           ON CONFLICT (version) DO NOTHING`,
          { version: migration.version, name: migration.name, checksum },
          tx,
        );
        if (claimed === 0) return false;
        for (const statement of splitStatements(migration.sql)) await this.db.execute(statement, {}, tx);
        return true;
      });
      if (ran) {
        this.logger.info('Migration applied', { version: migration.version, name: migration.name });
        done.push(migration.version);
      }
    }
    return done;
  }
}
