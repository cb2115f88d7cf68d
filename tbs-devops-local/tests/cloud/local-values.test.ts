import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parametersFor } from '../../src/cloud/provisioner';
import type { DiscoveredStack } from '../../src/template';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function stack(localParams?: unknown): DiscoveredStack {
  const dir = mkdtempSync(join(tmpdir(), 'tbs-values-'));
  dirs.push(dir);
  if (localParams !== undefined) writeFileSync(join(dir, 'local.params.json'), JSON.stringify(localParams));
  return {
    name: 'tbs-app-x',
    dir,
    templatePath: join(dir, 'template.yaml'),
    template: {
      Resources: {},
      Parameters: {
        Env: { Type: 'String', AllowedValues: ['dev', 'prod', 'local'], Default: 'dev' },
        TaxRate: { Type: 'String', Default: '0.15' },
        Greeting: { Type: 'String', Default: 'hello' },
      },
    },
  };
}

describe('stack parameters', () => {
  it('layers template defaults, local.params.json and overrides, with Env always local', () => {
    const s = stack({ Parameters: { TaxRate: '0.10', Greeting: 'kia ora', Env: 'prod' } });
    expect(parametersFor(s, { Greeting: 'hi' })).toEqual({ Env: 'local', TaxRate: '0.10', Greeting: 'hi' });
    expect(parametersFor(stack())).toEqual({ Env: 'local', TaxRate: '0.15', Greeting: 'hello' });
  });

  it('rejects a local.params.json of the wrong shape, naming the file', () => {
    expect(() => parametersFor(stack({ Parameters: { TaxRate: 0.1 } }))).toThrow(/local\.params\.json must be/);
    expect(() => parametersFor(stack({ Params: {} }))).toThrow(/local\.params\.json must be/);
    expect(() => parametersFor(stack({ Parameters: { Unknown: 'x' } }))).toThrow(/Unknown/);
  });
});
