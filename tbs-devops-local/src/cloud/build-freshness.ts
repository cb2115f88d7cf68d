import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BuiltBundle } from './provisioner';

const SKIPPED_DIRS = new Set(['node_modules', 'tests', '.build', '.tbs-local', 'docs', 'coverage']);

function newestMtime(dir: string): number {
  let newest = 0;
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name.startsWith('.') && entry.name !== '.') continue;
      const path = join(d, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(path);
      } else if (entry.isFile()) {
        newest = Math.max(newest, statSync(path).mtimeMs);
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return newest;
}

/**
 * The bundles of a previous build when nothing they could depend on changed since: the stack's own files, the
 * shared contracts package, the lockfile and the workspace's root package.json (with the package.json files of the
 * stack and the contracts, the manifests whose `sideEffects` and `exports` esbuild reads). Conservative (any newer
 * file rebuilds the stack, and the build's own cache then decides per function), so a warm `tbs-local up` skips
 * esbuild entirely while an edit is never served stale.
 */
export function freshBundles(repoRoot: string, stackName: string, stackDir: string): BuiltBundle[] | undefined {
  const manifestPath = join(repoRoot, '.build', stackName, 'manifest.json');
  if (!existsSync(manifestPath)) return undefined;
  const built = statSync(manifestPath).mtimeMs;
  const mtimeOf = (file: string) => (existsSync(file) ? statSync(file).mtimeMs : 0);
  const inputs = Math.max(
    newestMtime(stackDir),
    newestMtime(join(repoRoot, 'tbs-contracts')),
    mtimeOf(join(repoRoot, 'package-lock.json')),
    mtimeOf(join(repoRoot, 'package.json')),
  );
  if (inputs >= built) return undefined;
  try {
    const bundles = JSON.parse(readFileSync(manifestPath, 'utf8')) as BuiltBundle[];
    return bundles.every((b) => existsSync(b.outFile)) ? bundles : undefined;
  } catch {
    return undefined;
  }
}
