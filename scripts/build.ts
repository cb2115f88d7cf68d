// `make build`: bundles every esbuild function of every tbs-* stack into .build/<stack>/<Function>/ the way
// `sam build` does, and prints the bundle sizes. Optional arguments restrict it to stack folders.
import { resolve } from 'node:path';
import { type BuiltFunction, buildAll, buildStack } from '@tbs/devops-local/build';

const repoRoot = resolve(import.meta.dirname, '..');
const only = process.argv.slice(2);
const started = Date.now();

try {
  const builds = only.length
    ? await Promise.all(only.map((stack) => buildStack(resolve(repoRoot, stack), { repoRoot })))
    : await buildAll(repoRoot);
  const functions = builds.flatMap((b) => b.functions);
  if (functions.length === 0) {
    console.log('build: no AWS::Serverless::Function with Metadata BuildMethod esbuild found');
  } else {
    printTable(functions);
    for (const warning of functions.flatMap((f) => f.warnings)) console.warn(`warning: ${warning}`);
  }
  console.log(`build: ${functions.length} function(s) in ${builds.length} stack(s), ${Date.now() - started} ms`);
} catch (error) {
  console.error(`build failed: ${(error as Error).message}`);
  process.exit(1);
}

function printTable(functions: BuiltFunction[]): void {
  const kb = (bytes: number): string => (bytes / 1024).toFixed(1);
  const rows = [
    ['stack', 'function', 'minified KB', 'gzip KB'],
    ...functions.map((f) => [f.stack, f.logicalId, kb(f.bytes), kb(f.gzipBytes)]),
    [
      'total',
      '',
      kb(functions.reduce((sum, f) => sum + f.bytes, 0)),
      kb(functions.reduce((sum, f) => sum + f.gzipBytes, 0)),
    ],
  ];
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  const line = (row: string[]): string =>
    row.map((cell, col) => (col >= 2 ? cell.padStart(widths[col]!) : cell.padEnd(widths[col]!))).join('  ');
  console.log(line(rows[0]!));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows.slice(1, -1)) console.log(line(row));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  console.log(line(rows.at(-1)!));
}
