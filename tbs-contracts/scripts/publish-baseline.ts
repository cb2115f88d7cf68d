// Records the current contracts as the published baseline (published/openapi, published/events) that the
// breaking-change check compares against. Run it when a version is released; it refuses while the current
// contracts break the baseline (a breaking change needs a new operation, path or event version instead).
//   tsx scripts/publish-baseline.ts
import { cpSync, existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findBreakingChanges } from './breaking-changes';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const published = join(root, 'published');

if (existsSync(join(published, 'openapi'))) {
  const changes = findBreakingChanges(published, root);
  if (changes.length > 0) {
    console.error('tbs-contracts: not publishing, the current contracts break the published ones:');
    for (const change of changes) console.error(`  ${change.path}: ${change.message}`);
    process.exit(1);
  }
}
for (const folder of ['openapi', 'events']) {
  rmSync(join(published, folder), { recursive: true, force: true });
  cpSync(join(root, folder), join(published, folder), { recursive: true });
}
console.log('tbs-contracts: published/ now holds the current specs and event schemas');
