import { fileURLToPath } from 'node:url';
import { discoverStacks } from '@tbs/devops-local/template';
import { describe, expect, it } from 'vitest';
import { checkTemplate, formatFailure, standardsFor } from '../../src/checker/check-template';
import type { CfnTemplate } from '../../src/template/parse-cfn-template';

// Every stack of this repository passes the hooks and the per-stack standards, so none is blocked on deploy.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const stacks = await discoverStacks(repoRoot);

describe('the templates of this repository', () => {
  it('include the DevOps stacks', () => {
    expect(stacks.map((s) => s.name)).toEqual(expect.arrayContaining(['tbs-devops-aiagent', 'tbs-devops-cfnhooks']));
  });

  it.each(stacks.map((s) => [s.name, s] as const))('%s passes the checker', (name, stack) => {
    const failures = checkTemplate(name, stack.template as unknown as CfnTemplate, standardsFor(name));
    expect(failures.map(formatFailure)).toEqual([]);
  });
});
