import { randomBytes } from 'node:crypto';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { cognitoClient } from '../cli/aws-clients';
import { ensureUser, findUserPool, idToken, type UserPoolRef } from '../cli/cognito-users';
import { demoUsers } from '../cli/demo-users';
import { listEmails, type SentEmail } from '../cli/mailbox';
import { repoRoot as thisRepoRoot } from '../cli/paths';
import { runSeed, type SeedReport } from '../cli/seeder';
import { type LocalCloud, startLocalCloud } from '../cloud';
import { discoverStacks } from '../template';

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
}

export interface ApiInit extends Omit<RequestInit, 'body'> {
  /** Sent as JSON unless it is already a string. */
  body?: unknown;
  /** A bearer token, or the email of a user this harness knows (created here or a demo user). */
  token?: string;
  as?: string;
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON when the response is JSON (including problem+json), else the text. */
  body: T;
  text: string;
}

export interface CreatedUser {
  email: string;
  password: string;
  admin: boolean;
}

export interface TestCloud {
  cloud: LocalCloud;
  gatewayUrl: string;
  awsEnv: Record<string, string>;
  /** What seeding did, when `seed: true`. */
  seeded?: SeedReport;
  /** `fetch` on the gateway: `api('/product/v1/products')`, `api('/cart/v1/cart', { as: email })`. */
  api<T = unknown>(path: string, init?: ApiInit): Promise<ApiResponse<T>>;
  /** A fresh ID token for a user created through this harness or a demo user. */
  tokenFor(email: string): Promise<string>;
  /** Signs up and confirms a user (Administrators with `admin`); the password is generated unless given. */
  createUser(input: { email: string; admin?: boolean; password?: string; name?: string }): Promise<CreatedUser>;
  /** Emails sent through the SES stand-in, newest first; `to` keeps those addressed to it. */
  emails(filter?: { to?: string }): Promise<SentEmail[]>;
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
    });
  } catch (error) {
    const detail = options.log ? '' : `\nlast log lines:\n${lines.slice(-30).join('\n')}`;
    throw new TestCloudError(`the local cloud did not start: ${(error as Error).message}${detail}`, { cause: error });
  }

  const awsEnv = cloud.awsEnv();
  const address = { endpoints: { ...cloud.endpoints }, awsEnv };
  const passwords = new Map(demoUsers().map((u) => [u.email, u.password]));
  let cognito: CognitoIdentityProviderClient | undefined;
  let pool: UserPoolRef | undefined;
  const userPool = async () => {
    cognito ??= cognitoClient(address);
    pool ??= await findUserPool(cognito, cloud.stacks);
    return { cognito, pool };
  };

  const tokenFor = async (email: string): Promise<string> => {
    const password = passwords.get(email.toLowerCase());
    if (!password) throw new TestCloudError(`no password known for ${email}: create the user with createUser first`);
    const { cognito: client, pool: ref } = await userPool();
    return idToken(client, ref, email.toLowerCase(), password);
  };

  let seeded: SeedReport | undefined;
  const stop = async () => {
    cognito?.destroy();
    await cloud.stop();
  };
  if (options.seed) {
    try {
      seeded = await runSeed({
        repoRoot,
        stacks: cloud.stacks,
        gatewayUrl: cloud.gatewayUrl,
        endpoints: address.endpoints,
        awsEnv,
        users: demoUsers(),
        log,
      });
    } catch (error) {
      await stop();
      throw error;
    }
  }

  return {
    cloud,
    gatewayUrl: cloud.gatewayUrl,
    awsEnv,
    ...(seeded ? { seeded } : {}),
    async api<T>(path: string, init: ApiInit = {}): Promise<ApiResponse<T>> {
      const { body, token, as, headers: given, ...rest } = init;
      const headers = new Headers(given);
      const bearer = token ?? (as ? await tokenFor(as) : undefined);
      if (bearer) headers.set('authorization', `Bearer ${bearer}`);
      let payload: string | undefined;
      if (body !== undefined) {
        payload = typeof body === 'string' ? body : JSON.stringify(body);
        if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      }
      const response = await fetch(new URL(path, cloud.gatewayUrl), {
        ...rest,
        headers,
        ...(payload !== undefined ? { body: payload } : {}),
      });
      const text = await response.text();
      const isJson = /[/+]json\b/.test(response.headers.get('content-type') ?? '') && text !== '';
      return {
        status: response.status,
        headers: response.headers,
        body: (isJson ? JSON.parse(text) : text) as T,
        text,
      };
    },
    tokenFor,
    async createUser(input) {
      const email = input.email.toLowerCase();
      // Meets any Cognito password policy: upper, lower, digit and symbol.
      const password = input.password ?? `Aa1!${randomBytes(9).toString('base64url')}`;
      const { cognito: client, pool: ref } = await userPool();
      await ensureUser(client, ref, {
        email,
        password,
        admin: input.admin === true,
        ...(input.name ? { name: input.name } : {}),
      });
      passwords.set(email, password);
      return { email, password, admin: input.admin === true };
    },
    async emails(filter) {
      const all = await listEmails(cloud.endpoints.ses);
      const to = filter?.to?.toLowerCase();
      return to ? all.filter((e) => [...e.to, ...e.cc, ...e.bcc].some((a) => a.toLowerCase() === to)) : all;
    },
    stop,
  };
}
