import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSamples, SAMPLES_DIR } from './email-samples';

// Writes docs/emails/<kind>.html; run after changing a template or what an email says.
mkdirSync(SAMPLES_DIR, { recursive: true });
for (const sample of await renderSamples()) {
  writeFileSync(join(SAMPLES_DIR, `${sample.kind}.html`), sample.file);
  console.log(`docs/emails/${sample.kind}.html  ${sample.subject}`);
}
