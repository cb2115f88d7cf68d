// Checks every tbs-*/template.yaml against the hooks' rules and the per-stack standards; exits 1 on any
// failure, printing "stack  resource  rule  -> fix" per line. Usage: tsx check-templates.ts [repoRoot] [--quiet]
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { discoverStacks } from '@tbs/devops-local/template';
import { checkTemplate, formatFailure, standardsFor } from '../src/checker/check-template';
import type { CfnTemplate } from '../src/template/parse-cfn-template';

const args = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const root = resolve(args[0] ?? resolve(dirname(fileURLToPath(import.meta.url)), '../..'));

const stacks = await discoverStacks(root);
let failed = 0;
for (const stack of stacks) {
  const failures = checkTemplate(stack.name, stack.template as unknown as CfnTemplate, standardsFor(stack.name));
  for (const failure of failures) console.error(formatFailure(failure));
  if (failures.length === 0) console.log(`${stack.name}  ok`);
  failed += failures.length;
}
if (stacks.length === 0) {
  console.error(`check-templates: no tbs-*/template.yaml under ${root}`);
  process.exit(1);
}
console.log(`check-templates: ${stacks.length} stack(s), ${failed} failure(s)`);
process.exit(failed === 0 ? 0 : 1);
