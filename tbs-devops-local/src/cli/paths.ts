import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The CLI lives at <repo>/tbs-devops-local/src/cli, so the repository root is three levels up whatever the cwd.
// TBS_REPO_ROOT points it at another tree of tbs-* stacks (another checkout, or a fixture).
export function repoRoot(): string {
  const override = process.env['TBS_REPO_ROOT'];
  return override ? resolve(override) : resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
}

// TBS_LOCAL_DIR moves the state (and default data) elsewhere, so a test can run its own cloud next to a developer's.
export function localDir(root = repoRoot()): string {
  return process.env['TBS_LOCAL_DIR'] ? resolve(process.env['TBS_LOCAL_DIR']) : join(root, '.tbs-local');
}

export function stateFilePath(root = repoRoot()): string {
  return join(localDir(root), 'state.json');
}
