import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSamples, SAMPLES_DIR } from '../../scripts/email-samples';
import { CUSTOMER_EMAIL_KINDS } from '../../src/domain/customer-email';

/**
 * docs/emails/ shows each email as a customer receives it. The samples are rendered from the templates and the
 * composer, so a change to either that is not followed by `npm run emails:samples -w @tbs/app-customer` fails here.
 */
describe('committed email samples (docs/emails)', () => {
  it('hold one sample per email kind and nothing else', () => {
    expect(readdirSync(SAMPLES_DIR).sort()).toEqual(CUSTOMER_EMAIL_KINDS.map((kind) => `${kind}.html`).sort());
  });

  it('are what the templates and the composer render today (strictly: no value a template names is missing)', async () => {
    const samples = await renderSamples();
    expect(samples.map((sample) => sample.kind)).toEqual([...CUSTOMER_EMAIL_KINDS]);
    for (const sample of samples) {
      const committed = readFileSync(join(SAMPLES_DIR, `${sample.kind}.html`), 'utf8');
      expect(
        committed,
        `docs/emails/${sample.kind}.html is stale: run npm run emails:samples -w @tbs/app-customer`,
      ).toBe(sample.file);
    }
  }, 30_000);
});
