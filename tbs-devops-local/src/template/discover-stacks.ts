import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadTemplate } from './parse-template';
import type { CfnTemplate } from './template-types';

export interface DiscoveredStack {
  /** The stack's folder name, e.g. `tbs-app-product`. */
  name: string;
  /** Absolute path of the folder holding `template.yaml` (SAM's working directory for CodeUri). */
  dir: string;
  templatePath: string;
  template: CfnTemplate;
}

/** Every `tbs-*\/template.yaml` under the repository root, parsed, in folder-name order. */
export async function discoverStacks(repoRoot: string): Promise<DiscoveredStack[]> {
  const root = resolve(repoRoot);
  const entries = await readdir(root, { withFileTypes: true });
  const folders = entries
    .filter((entry) => entry.isDirectory() && entry.name.startsWith('tbs-'))
    .map((entry) => entry.name)
    .sort();
  const stacks: DiscoveredStack[] = [];
  for (const name of folders) {
    const dir = join(root, name);
    const templatePath = join(dir, 'template.yaml');
    if (!existsSync(templatePath)) continue;
    stacks.push({ name, dir, templatePath, template: await loadTemplate(templatePath) });
  }
  return stacks;
}
