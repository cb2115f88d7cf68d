import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cognitoClient } from './aws-clients';
import { DEMO_ADDRESS, ensureUser, findUserPool, idToken, UserPoolMissingError } from './cognito-users';
import { CliError } from './errors';
import type { SeedContext, SeedModule, SeedResult } from './seed-context';
import type { DemoUser, StackState } from './state-file';

export class SeedError extends CliError {}

export interface SeedInput {
  repoRoot: string;
  /** In provisioning order: a stack's seed may rely on what an earlier one created. */
  stacks: readonly StackState[];
  gatewayUrl: string;
  endpoints: Record<string, string>;
  awsEnv: Record<string, string>;
  users: readonly DemoUser[];
  log: (line: string) => void;
}

export interface SeedReport {
  /** Empty when no user pool runs (the customer stack is not up). */
  users: (DemoUser & { outcome: 'created' | 'existing' })[];
  stacks: { name: string; result: SeedResult }[];
  /** Steps that failed; the others still ran, so one broken seed module does not keep the shop from starting. */
  failures: { name: string; error: string }[];
}

const message = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

export function seedModulePath(repoRoot: string, stack: StackState): string {
  return join(stack.dir ?? join(repoRoot, stack.name), 'seed', 'seed.ts');
}

/** Creates the demo users, then runs every stack's `seed/seed.ts` in stack order. Safe to run again. */
export async function runSeed(input: SeedInput): Promise<SeedReport> {
  const report: SeedReport = { users: [], stacks: [], failures: [] };
  const tokens: { adminToken?: string; customerToken?: string } = {};
  const cognito = cognitoClient(input);
  try {
    const pool = await findUserPool(cognito, input.stacks).catch((error: unknown) => {
      if (error instanceof UserPoolMissingError) return undefined;
      throw error;
    });
    if (pool) {
      for (const user of input.users) {
        const outcome = await ensureUser(cognito, pool, { ...user, address: DEMO_ADDRESS });
        report.users.push({ ...user, outcome });
        input.log(`user ${user.email} ${outcome === 'created' ? 'created' : 'already there'}`);
        const token = await idToken(cognito, pool, user.email, user.password);
        if (user.admin) tokens.adminToken ??= token;
        else tokens.customerToken ??= token;
      }
    } else {
      input.log('no user pool (customer stack not running): demo users skipped');
    }
  } catch (error) {
    report.failures.push({ name: 'demo users', error: message(error) });
    input.log(`demo users failed: ${message(error)}`);
  } finally {
    cognito.destroy();
  }

  const modules: { stack: StackState; path: string; mod?: Partial<SeedModule>; error?: unknown }[] = [];
  for (const stack of input.stacks) {
    const path = seedModulePath(input.repoRoot, stack);
    if (!existsSync(path)) continue;
    try {
      modules.push({ stack, path, mod: (await import(pathToFileURL(path).href)) as Partial<SeedModule> });
    } catch (error) {
      modules.push({ stack, path, error });
    }
  }
  for (const { stack, path, mod, error: importError } of seedOrder(modules)) {
    const ctx: SeedContext = {
      stack: { name: stack.name, stackName: stack.stackName, dir: stack.dir ?? join(input.repoRoot, stack.name) },
      outputs: stack.outputs,
      awsEnv: input.awsEnv,
      gatewayUrl: input.gatewayUrl,
      ...tokens,
      log: (line) => input.log(`${stack.name}: ${line}`),
    };
    try {
      if (importError !== undefined) throw importError;
      if (typeof mod?.seed !== 'function') throw new SeedError(`${path} does not export a seed(ctx) function`);
      const result = asSeedResult(await mod.seed(ctx));
      report.stacks.push({ name: stack.name, result });
      input.log(`${stack.name}: ${result.summary}`);
    } catch (error) {
      report.failures.push({ name: stack.name, error: message(error) });
      input.log(`${stack.name}: seeding failed: ${message(error)}`);
    }
  }
  return report;
}

/** Stack order, except that a module runs after the stacks its `seedAfter` names (when they are seeded too). */
export function seedOrder<T extends { stack: { name: string }; mod?: Partial<SeedModule> }>(
  modules: readonly T[],
): T[] {
  const byName = new Map(modules.map((m) => [m.stack.name, m]));
  const ordered: T[] = [];
  const visiting = new Set<string>();
  const visit = (m: T) => {
    if (ordered.includes(m) || visiting.has(m.stack.name)) return; // a cycle falls back to stack order
    visiting.add(m.stack.name);
    const after = Array.isArray(m.mod?.seedAfter) ? m.mod.seedAfter : [];
    for (const name of after) {
      const dep = byName.get(name);
      if (dep) visit(dep);
    }
    visiting.delete(m.stack.name);
    ordered.push(m);
  };
  for (const m of modules) visit(m);
  return ordered;
}

/** Seed modules may return counts (`{ created: 3, alreadyPresent: 9 }`) instead of a summary: describe those. */
export function asSeedResult(value: unknown): SeedResult {
  if (typeof value !== 'object' || value === null) return { summary: 'done' };
  const v = value as Record<string, unknown>;
  if (typeof v['summary'] === 'string') return v as unknown as SeedResult;
  const counts = Object.entries(v)
    .filter(([, n]) => typeof n === 'number')
    .map(([key, n]) => `${key.replace(/([A-Z])/g, ' $1').toLowerCase()} ${n}`);
  return { summary: counts.length > 0 ? counts.join(', ') : 'done' };
}
