import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { startLocalDevOpsAgent, type WebhookReceiver } from '@tbs/devops-aiagent/local';
import type { Command } from './args';
import type { CloudHandle, StartCloud } from './cloud-handle';
import type { Io } from './commands';
import { demoUsers } from './demo-users';
import { AlreadyRunningError, PortInUseError, UsageError } from './errors';
import { formatDuration, formatTable } from './format';
import { localDir } from './paths';
import { runSeed, type SeedReport } from './seeder';
import { type CloudState, findState, removeState, writeState } from './state-file';

export interface UpDeps {
  repoRoot: string;
  statePath: string;
  startCloud: StartCloud;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM). */
  stopSignal: Promise<string>;
}

/** Accepts folder names (`tbs-app-product`) and short ones (`product`, `aiagent`) for the stacks in the repository. */
export function resolveStackNames(repoRoot: string, names: readonly string[]): string[] {
  const folders = readdirSync(repoRoot, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name.startsWith('tbs-') && existsSync(join(repoRoot, e.name, 'template.yaml')))
    .map((e) => e.name);
  return names.map((name) => {
    const found = [name, `tbs-app-${name}`, `tbs-devops-${name}`].find((candidate) => folders.includes(candidate));
    if (!found) throw new UsageError(`--stacks: no stack "${name}" (stacks: ${folders.join(', ') || 'none'})`);
    return found;
  });
}

/** `/product/v1` for `tbs-app-product`: each API is mounted under its service's base path. */
export function apiBasePath(stackName: string): string | undefined {
  const match = /^tbs-app-([a-z0-9-]+)$/.exec(stackName);
  return match ? `/${match[1]}/v1` : undefined;
}

const API_TYPES = new Set(['AWS::Serverless::Api', 'AWS::Serverless::HttpApi', 'AWS::ApiGateway::RestApi']);

export function readyTable(
  state: CloudState,
  seed: SeedReport | undefined,
  statePath: string,
  repoRoot: string,
  apiStacks: ReadonlySet<string>,
): string {
  const rows: string[][] = [['gateway', state.gatewayUrl, '']];
  for (const stack of state.stacks) {
    const base = apiBasePath(stack.name);
    if (base && apiStacks.has(stack.name)) {
      rows.push([`  ${stack.name.replace('tbs-app-', '')} API`, `${state.gatewayUrl}${base}`, stack.stackName]);
    }
  }
  if (state.endpoints['ses'])
    rows.push(['mail viewer', `${state.endpoints['ses'].replace(/\/$/, '')}/`, 'SES stand-in']);
  for (const [name, url] of Object.entries(state.endpoints)) if (url) rows.push([name, url, 'stand-in endpoint']);
  const sections = [formatTable(['WHAT', 'WHERE', 'NOTES'], rows)];
  if (seed && seed.users.length > 0) {
    sections.push(
      formatTable(
        ['USER', 'PASSWORD', 'ROLE'],
        seed.users.map((u) => [u.email, u.password, u.admin ? 'Administrators' : 'customer']),
      ),
    );
  }
  if (seed && seed.stacks.length > 0) {
    sections.push(
      formatTable(
        ['SEEDED', 'WHAT'],
        seed.stacks.map((s) => [s.name, s.result.summary]),
      ),
    );
  }
  if (seed && seed.failures.length > 0) {
    sections.push(
      formatTable(
        ['SEED FAILED', 'ERROR (fix it, then run "tbs-local seed")'],
        seed.failures.map((f) => [f.name, f.error]),
      ),
    );
  }
  const stateShown = relative(repoRoot, statePath).startsWith('..') ? statePath : relative(repoRoot, statePath);
  sections.push(`state: ${stateShown} (read by the other tbs-local commands and make demo)`);
  return sections.join('\n\n');
}

/** Starts the cloud, seeds it, publishes the state file and runs until SIGINT/SIGTERM, then stops everything. */
export async function upCommand(cmd: Extract<Command, { name: 'up' }>, io: Io, deps: UpDeps): Promise<void> {
  const running = findState(deps.statePath);
  if (running) {
    throw new AlreadyRunningError(
      `a local cloud is already running (pid ${running.pid}, gateway ${running.gatewayUrl})`,
    );
  }
  const stacks = cmd.stacks ? resolveStackNames(deps.repoRoot, cmd.stacks) : undefined;
  const started = performance.now();
  const progress = (line: string) =>
    io.err(`[${((performance.now() - started) / 1000).toFixed(1).padStart(5)}s] ${line}`);
  let stopRequested: string | undefined;
  void deps.stopSignal.then((signal) => {
    stopRequested = signal;
  });

  progress(`starting the local cloud${stacks ? ` (${stacks.join(', ')} and what they import)` : ''}`);
  const dataDir = cmd.dataDir ?? join(localDir(deps.repoRoot), 'data');
  let cloud: CloudHandle | undefined;
  let devopsAgent: WebhookReceiver | undefined;
  try {
    cloud = await deps
      .startCloud({
        repoRoot: deps.repoRoot,
        ...(stacks ? { stacks } : {}),
        dataDir,
        gatewayPort: cmd.port,
        log: progress,
      })
      .catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          throw new PortInUseError(`port ${cmd.port} is in use: stop what listens there or pick another with --port N`);
        }
        throw error;
      });
    progress(
      `${cloud.stacks.length} stack${cloud.stacks.length === 1 ? '' : 's'} running: ${cloud.stacks.map((s) => s.name).join(', ')}`,
    );
    // Alarms reach the aiagent notifier, which signs and posts incidents to the DevOps Agent webhook: locally, a
    // receiver that verifies the signature and prints each incident stands in for the agent.
    if (cloud.stacks.some((s) => s.name === 'tbs-devops-aiagent')) {
      devopsAgent = await startLocalDevOpsAgent({
        secretsEndpoint: cloud.endpoints.secrets,
        ...(cloud.awsEnv().AWS_REGION ? { region: cloud.awsEnv().AWS_REGION } : {}),
        onIncident: (incident) =>
          progress(`DevOps Agent incident ${incident.action} [${incident.priority}]: ${incident.title}`),
      });
      progress(
        `local DevOps Agent webhook at ${devopsAgent.url} (incidents: GET ${new URL('/incidents', devopsAgent.url)})`,
      );
    }
    const users = demoUsers();
    const state: CloudState = {
      version: 1,
      pid: process.pid,
      startedAt: new Date().toISOString(),
      repoRoot: deps.repoRoot,
      gatewayUrl: cloud.gatewayUrl,
      endpoints: { ...cloud.endpoints },
      awsEnv: cloud.awsEnv(),
      stacks: cloud.stacks.map((s) => ({
        name: s.name,
        stackName: s.stackName,
        ...(s.dir ? { dir: s.dir } : {}),
        outputs: { ...s.outputs },
      })),
      users,
    };
    let seed: SeedReport | undefined;
    if (cmd.seed && stopRequested === undefined) {
      progress('seeding');
      seed = await runSeed({ ...state, users, log: progress });
    }
    if (stopRequested === undefined) {
      writeState(deps.statePath, state);
      io.out(`\nThe Better Store runs locally (ready in ${formatDuration(performance.now() - started)})\n`);
      const apiStacks = new Set(
        cloud.stacks
          .filter((s) => !s.resources || Object.values(s.resources).some((r) => API_TYPES.has(r.type)))
          .map((s) => s.name),
      );
      io.out(readyTable(state, seed, deps.statePath, deps.repoRoot, apiStacks));
      io.out('\nPress Ctrl-C to stop.');
      await deps.stopSignal;
    }
  } finally {
    removeState(deps.statePath);
    await devopsAgent?.close();
    if (cloud) {
      progress('stopping');
      await cloud.stop();
      progress('stopped');
    }
  }
}
