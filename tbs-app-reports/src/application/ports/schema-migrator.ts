/** Brings the database schema up to the latest migration. */
export interface SchemaMigrator {
  /** Applies the pending migrations in version order and returns their versions (empty when up to date). */
  migrate(): Promise<string[]>;
}
