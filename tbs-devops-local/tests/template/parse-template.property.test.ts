import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseTemplate } from '../../src/template';

// Any JSON-shaped template survives YAML and JSON serialisation unchanged (no tag-free value is reinterpreted).
const key = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => k !== '<<' && k !== '__proto__');
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    fc.string({ maxLength: 20 }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(key, tie('node'), { maxKeys: 4 }),
  ),
})).node;
const template = fc.record({ Resources: fc.dictionary(key, value, { minKeys: 1, maxKeys: 4 }) });

describe('parseTemplate round trips', () => {
  it('reads back what YAML.stringify and JSON.stringify wrote', () => {
    fc.assert(
      fc.property(template, (t) => {
        expect(parseTemplate(stringify(t), 't.yaml')).toEqual(t);
        expect(parseTemplate(JSON.stringify(t), 't.json')).toEqual(t);
      }),
      { numRuns: 200 },
    );
  });
});
