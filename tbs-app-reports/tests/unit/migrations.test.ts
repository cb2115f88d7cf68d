import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadTemplate } from '@tbs/devops-local/template';
import { describe, expect, it } from 'vitest';
import { readMigrations } from '../../src/infrastructure/file-migrations';
import { migrationsFrom, splitStatements } from '../../src/infrastructure/migrations';
import { MIGRATIONS_DIR, TEMPLATE_PATH } from '../fixtures/reports-env';

describe('migrations', () => {
  it('splits on semicolons outside quotes, dollar quotes and comments', () => {
    const sql = `
      -- a comment; with a semicolon
      CREATE TABLE a (note TEXT DEFAULT 'x;y', "odd;name" INT); /* block; comment */
      CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;
      INSERT INTO a (note) VALUES ('it''s; fine')`;
    expect(splitStatements(sql)).toEqual([
      `CREATE TABLE a (note TEXT DEFAULT 'x;y', "odd;name" INT)`,
      'CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql',
      `INSERT INTO a (note) VALUES ('it''s; fine')`,
    ]);
  });

  it('orders by version and refuses bad names or duplicate versions', () => {
    const list = migrationsFrom([
      { fileName: '0002_b.sql', sql: 'SELECT 2' },
      { fileName: '0001_a.sql', sql: 'SELECT 1' },
    ]);
    expect(list.map((m) => m.version)).toEqual(['0001', '0002']);
    expect(() => migrationsFrom([{ fileName: 'create.sql', sql: '' }])).toThrow(/must be named/);
    expect(() =>
      migrationsFrom([
        { fileName: '0001_a.sql', sql: '' },
        { fileName: '0001_b.sql', sql: '' },
      ]),
    ).toThrow(/share version 0001/);
  });

  it('bundles every migration file into the functions', async () => {
    const source = await readFile(
      fileURLToPath(new URL('../../src/infrastructure/bundled-migrations.ts', import.meta.url)),
      'utf8',
    );
    for (const file of (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql'))) {
      expect(source, `${file} is not registered in bundled-migrations.ts`).toContain(`../../migrations/${file}'`);
      expect(source).toContain(`fileName: '${file}'`);
    }
  });

  it("keeps the template's SchemaVersion at the latest migration, so deploying a new one runs it", async () => {
    const latest = (await readMigrations(MIGRATIONS_DIR)).at(-1)?.version;
    const template = await loadTemplate(TEMPLATE_PATH);
    const schema = template.Resources.DatabaseSchema;
    expect(schema?.Type).toBe('Custom::DatabaseMigrations');
    expect((schema?.Properties as { SchemaVersion?: string } | undefined)?.SchemaVersion).toBe(latest);
  });
});
