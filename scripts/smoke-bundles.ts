// Imports every bundle listed in .build/*/manifest.json (written by `make build`) in a fresh Node process and
// checks its handler export is a function. Exits 1 when any fails or nothing was built.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { placeholderEnvironment, readManifest, runBounded, smokeTestBundle } from '@tbs/devops-local/build';
import { applySamGlobals, type CfnTemplate, loadTemplate } from '@tbs/devops-local/template';

const repoRoot = resolve(import.meta.dirname, '..');
const buildRoot = join(repoRoot, '.build');
const manifests = existsSync(buildRoot)
  ? (await readdir(buildRoot, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory() && existsSync(join(buildRoot, entry.name, 'manifest.json')))
      .map((entry) => join(buildRoot, entry.name, 'manifest.json'))
  : [];
const functions = (await Promise.all(manifests.map(readManifest))).flat();
if (functions.length === 0) {
  console.error('smoke-bundles: no bundles under .build/ (run `make build` first)');
  process.exit(1);
}

const templates = new Map<string, CfnTemplate | undefined>();
for (const stack of new Set(functions.map((f) => f.stack))) {
  const path = join(repoRoot, stack, 'template.yaml');
  templates.set(stack, existsSync(path) ? applySamGlobals(await loadTemplate(path)) : undefined);
}

const results = await runBounded(
  functions.map((fn) => async () => {
    const template = templates.get(fn.stack);
    const env = template ? placeholderEnvironment(template, fn.logicalId, `${fn.stack}-local`) : {};
    const result = await smokeTestBundle(fn.outFile, fn.handler.slice(fn.handler.lastIndexOf('.') + 1), env);
    console.log(`${result.ok ? 'ok  ' : 'FAIL'} ${fn.stack}/${fn.logicalId} (${result.durationMs} ms)`);
    if (!result.ok) console.log(`     ${result.error?.split('\n').join('\n     ')}`);
    return result.ok;
  }),
  2,
);
const failed = results.filter((ok) => !ok).length;
console.log(`smoke-bundles: ${results.length - failed} loaded, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
