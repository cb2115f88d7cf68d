import { demoUsers } from '../cli/demo-users';
import { repoRoot as thisRepoRoot } from '../cli/paths';
import { runSeed, type SeedReport } from '../cli/seeder';
import { type DeliveryFaultOptions, type LocalCloud, startLocalCloud } from '../cloud';
import { discoverStacks } from '../template';
import { type CloudClient, createCloudClient } from './cloud-client';

export interface TestCloudOptions {
  /** Stack folders or short names (`tbs-app-product` or `product`); the stacks they import come too. Default: all. */
  stacks?: string[];
  /** Create the demo users and run the stacks' seed modules (default false: tests arrange their own data). */
  seed?: boolean;
  /** Parameter values by stack folder name. */
  parameterOverrides?: Record<string, Record<string, string>>;
  /** Another repository layout (fixtures); default: this repository. */
  repoRoot?: string;
  /** Build functions with esbuild first (default true). */
  build?: boolean;
  /** Where the cloud's log lines go; default: kept, and shown only when the start fails or TBS_TEST_LOG is set. */
  log?: (line: string) => void;
  /** Test-only: each SQS message delivered 2-3 times and/or a fraction of consumer invocations failing. */
  deliveryFaults?: DeliveryFaultOptions;
  /** Local-only: multiplies every queue's visibility timeout, so retries come back in seconds. */
  visibilityTimeoutScale?: number;
}

export interface TestCloud extends CloudClient {
  cloud: LocalCloud;
  /** What seeding did, when `seed: true`. */
  seeded?: SeedReport;
  /** Stops the cloud and closes every server it started. */
  stop(): Promise<void>;
}

export class TestCloudError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TestCloudError';
  }
}

function shortToFolder(repoStacks: readonly string[], name: string): string {
  return [name, `tbs-app-${name}`, `tbs-devops-${name}`].find((n) => repoStacks.includes(n)) ?? name;
}

/**
 * One call from a test: a local cloud on free ports with its data in memory, plus the helpers a test needs to
 * drive it as a client would. Always `await stop()` (afterAll), which closes every server.
 */
export async function startTestCloud(options: TestCloudOptions = {}): Promise<TestCloud> {
  const repoRoot = options.repoRoot ?? thisRepoRoot();
  const lines: string[] = [];
  const log =
    options.log ??
    ((line: string) => {
      if (process.env['TBS_TEST_LOG']) console.log(line);
      lines.push(line);
      if (lines.length > 200) lines.shift();
    });
  const folders = (await discoverStacks(repoRoot)).map((s) => s.name);
  const stacks = options.stacks?.map((name) => shortToFolder(folders, name));

  let cloud: LocalCloud;
  try {
    cloud = await startLocalCloud({
      repoRoot,
      gatewayPort: 0,
      log,
      ...(stacks ? { stacks } : {}),
      ...(options.parameterOverrides ? { parameterOverrides: options.parameterOverrides } : {}),
      ...(options.build === false ? { build: false } : {}),
      ...(options.deliveryFaults ? { deliveryFaults: options.deliveryFaults } : {}),
      ...(options.visibilityTimeoutScale !== undefined
        ? { visibilityTimeoutScale: options.visibilityTimeoutScale }
        : {}),
    });
  } catch (error) {
    const detail = options.log ? '' : `\nlast log lines:\n${lines.slice(-30).join('\n')}`;
    throw new TestCloudError(`the local cloud did not start: ${(error as Error).message}${detail}`, { cause: error });
  }

  const awsEnv = cloud.awsEnv();
  const address = { gatewayUrl: cloud.gatewayUrl, endpoints: { ...cloud.endpoints }, awsEnv, stacks: cloud.stacks };
  const client = createCloudClient(address);
  const stop = async () => {
    client.close();
    await cloud.stop();
  };
  let seeded: SeedReport | undefined;
  if (options.seed) {
    try {
      seeded = await runSeed({ repoRoot, ...address, users: demoUsers(), log });
      if (seeded.failures.length > 0) {
        throw new TestCloudError(`seeding failed: ${seeded.failures.map((f) => `${f.name}: ${f.error}`).join('; ')}`);
      }
    } catch (error) {
      await stop();
      throw error;
    }
  }
  return { ...client, cloud, ...(seeded ? { seeded } : {}), stop };
}
