import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Migration, migrationsFrom } from './migrations';

/** The migrations of a folder (tests and local tools; deployed functions use the bundled copy). */
export async function readMigrations(directory: string): Promise<Migration[]> {
  const names = (await readdir(directory)).filter((name) => name.endsWith('.sql'));
  return migrationsFrom(
    await Promise.all(
      names.map(async (fileName) => ({ fileName, sql: await readFile(join(directory, fileName), 'utf8') })),
    ),
  );
}
