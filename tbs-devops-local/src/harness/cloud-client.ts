import { randomBytes } from 'node:crypto';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { cognitoClient } from '../cli/aws-clients';
import {
  type CognitoAddress,
  ensureUser,
  findUserPool,
  idToken,
  type StackOutputs,
  type UserPoolRef,
} from '../cli/cognito-users';
import { demoUsers } from '../cli/demo-users';
import { listEmails, type SentEmail } from '../cli/mailbox';
import { stateFilePath } from '../cli/paths';
import { type CloudState, readState } from '../cli/state-file';

export interface ApiInit extends Omit<RequestInit, 'body'> {
  /** Sent as JSON unless it is already a string. */
  body?: unknown;
  /** A bearer token. */
  token?: string;
  /** Or the email of a user this client knows (created through it, or a demo user): its ID token is sent. */
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

/** How a client reaches a local cloud: what `startLocalCloud` returns, or what `tbs-local up` published. */
export interface CloudAddress {
  gatewayUrl: string;
  endpoints: Record<string, string>;
  awsEnv: Record<string, string>;
  stacks: readonly StackOutputs[];
}

/** A client's view of a running local cloud: its APIs, its users and the mail it sent. */
export interface CloudClient {
  gatewayUrl: string;
  /** Stand-in endpoints by name (dynamodb, sns, sqs, s3, rdsData, ses, secrets, cognito, stripe). */
  endpoints: Record<string, string>;
  awsEnv: Record<string, string>;
  /** The running stacks (folder names) and their outputs. */
  stacks: readonly StackOutputs[];
  /** `fetch` on the gateway: `api('/product/v1/products')`, `api('/cart/v1/cart', { as: email })`. */
  api<T = unknown>(path: string, init?: ApiInit): Promise<ApiResponse<T>>;
  /** A fresh ID token for a user created through this client or a demo user. */
  tokenFor(email: string): Promise<string>;
  /** Signs up and confirms a user (in Administrators with `admin`); the password is generated unless given. */
  createUser(input: {
    email: string;
    admin?: boolean;
    password?: string;
    name?: string;
    address?: CognitoAddress;
  }): Promise<CreatedUser>;
  /** Emails sent through the SES stand-in, newest first; `to` keeps those addressed to it. */
  emails(filter?: { to?: string }): Promise<SentEmail[]>;
  /** Releases the SDK clients (the cloud keeps running). */
  close(): void;
}

export class CloudClientError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CloudClientError';
  }
}

export function createCloudClient(address: CloudAddress, knownUsers = demoUsers()): CloudClient {
  const passwords = new Map(knownUsers.map((u) => [u.email.toLowerCase(), u.password]));
  let cognito: CognitoIdentityProviderClient | undefined;
  let pool: UserPoolRef | undefined;
  const userPool = async () => {
    cognito ??= cognitoClient(address);
    pool ??= await findUserPool(cognito, address.stacks);
    return { cognito, pool };
  };

  const tokenFor = async (email: string): Promise<string> => {
    const password = passwords.get(email.toLowerCase());
    if (!password) throw new CloudClientError(`no password known for ${email}: create the user with createUser first`);
    const { cognito: client, pool: ref } = await userPool();
    return idToken(client, ref, email.toLowerCase(), password);
  };

  return {
    gatewayUrl: address.gatewayUrl,
    endpoints: address.endpoints,
    awsEnv: address.awsEnv,
    stacks: address.stacks,
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
      const response = await fetch(new URL(path, address.gatewayUrl), {
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
      // Meets any Cognito password policy: upper and lower case, a digit and a symbol.
      const password = input.password ?? `Aa1!${randomBytes(9).toString('base64url')}`;
      const { cognito: client, pool: ref } = await userPool();
      await ensureUser(client, ref, {
        email,
        password,
        admin: input.admin === true,
        ...(input.name ? { name: input.name } : {}),
        ...(input.address ? { address: input.address } : {}),
      });
      passwords.set(email, password);
      return { email, password, admin: input.admin === true };
    },
    async emails(filter) {
      const ses = address.endpoints['ses'];
      if (!ses) throw new CloudClientError('the local cloud has no SES stand-in');
      const all = await listEmails(ses);
      const to = filter?.to?.toLowerCase();
      return to ? all.filter((e) => [...e.to, ...e.cc, ...e.bcc].some((a) => a.toLowerCase() === to)) : all;
    },
    close() {
      cognito?.destroy();
    },
  };
}

/** A client of the cloud `tbs-local up` runs (read from its state file); NotRunningError when none runs. */
export function connectToLocalCloud(statePath?: string): CloudClient & { state: CloudState } {
  const state = readState(statePath ?? stateFilePath());
  return { ...createCloudClient(state, state.users), state };
}
