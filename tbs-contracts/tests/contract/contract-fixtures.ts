import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import type { JsonObject } from '../../scripts/contract-sources';

export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PUBLISHED_ROOT = join(PACKAGE_ROOT, 'published');

/** A scratch copy of the contracts (openapi/ and events/) that a test may change. */
export class ContractsCopy {
  readonly root = mkdtempSync(join(tmpdir(), 'tbs-contracts-test-'));

  constructor(source = PACKAGE_ROOT) {
    for (const folder of ['openapi', 'events'])
      cpSync(join(source, folder), join(this.root, folder), { recursive: true });
  }

  editSpec(name: string, edit: (spec: JsonObject) => void): void {
    const file = join(this.root, 'openapi', `${name}.yaml`);
    const spec = parse(readFileSync(file, 'utf8')) as JsonObject;
    edit(spec);
    writeFileSync(file, stringify(spec));
  }

  editEvent(service: string, name: string, edit: (schema: JsonObject) => void): void {
    const file = this.eventFile(service, name);
    const schema = JSON.parse(readFileSync(file, 'utf8')) as JsonObject;
    edit(schema);
    writeFileSync(file, JSON.stringify(schema));
  }

  eventFile(service: string, name: string): string {
    return join(this.root, 'events', service, `${name}.schema.json`);
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** Walks into a parsed document along property names; fails loudly when the fixture no longer matches the spec. */
export const at = (node: unknown, ...keys: string[]): JsonObject => {
  let current = node;
  for (const key of keys) {
    if (typeof current !== 'object' || current === null || !(key in current)) {
      throw new Error(`fixture path ${keys.join(' > ')} not found at ${key}`);
    }
    current = (current as Record<string, unknown>)[key];
  }
  return current as JsonObject;
};
