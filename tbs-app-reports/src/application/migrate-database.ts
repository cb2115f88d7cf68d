import type { SchemaMigrator } from './ports/schema-migrator';
import type { ReportsLogger } from './ports/tokens';

/** Runs on every deployment (a CloudFormation custom resource): applying the migrations twice changes nothing. */
export class MigrateDatabase {
  constructor(
    private readonly migrator: SchemaMigrator,
    private readonly logger: ReportsLogger,
  ) {}

  async execute(): Promise<string[]> {
    const applied = await this.migrator.migrate();
    this.logger.info('Database schema is up to date', { applied });
    return applied;
  }
}
