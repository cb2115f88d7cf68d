import {
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  AdminGetUserCommand,
  type CognitoIdentityProviderClient,
  InitiateAuthCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CliError, NotFoundError } from './errors';

export const ADMIN_GROUP = 'Administrators';

export interface UserPoolRef {
  userPoolId: string;
  clientId: string;
}

export interface StackOutputs {
  name: string;
  outputs: Record<string, string>;
}

export class UserPoolMissingError extends CliError {}

export class AuthenticationError extends CliError {}

/**
 * The shop's user pool from the customer stack's outputs (`UserPoolId`, `UserPoolClientId`); when outputs are
 * unavailable but a single pool exists in the stand-in, that pool and its first client.
 */
export async function findUserPool(
  cognito: CognitoIdentityProviderClient,
  stacks: readonly StackOutputs[],
): Promise<UserPoolRef> {
  const ordered = [...stacks].sort((a, b) => Number(b.name.includes('customer')) - Number(a.name.includes('customer')));
  for (const stack of ordered) {
    const userPoolId = stack.outputs['UserPoolId'];
    const clientId = stack.outputs['UserPoolClientId'];
    if (userPoolId && clientId) return { userPoolId, clientId };
  }
  const pools = (await cognito.send(new ListUserPoolsCommand({ MaxResults: 10 }))).UserPools ?? [];
  if (pools.length === 1 && pools[0]?.Id) {
    const clients = await cognito.send(new ListUserPoolClientsCommand({ UserPoolId: pools[0].Id, MaxResults: 10 }));
    const clientId = clients.UserPoolClients?.[0]?.ClientId;
    if (clientId) return { userPoolId: pools[0].Id, clientId };
  }
  throw new UserPoolMissingError(
    'no user pool is running: the customer stack (tbs-app-customer) must be up and export UserPoolId and UserPoolClientId',
  );
}

function errorName(error: unknown): string {
  return typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
}

/** Cognito's standard `address` attribute: an OpenID Connect address claim. */
export interface CognitoAddress {
  street_address: string;
  locality: string;
  region?: string;
  postal_code: string;
  country: string;
}

export const DEMO_ADDRESS: CognitoAddress = {
  street_address: '1 Queen Street',
  locality: 'Auckland',
  postal_code: '1010',
  country: 'NZ',
};

export interface EnsureUserInput {
  email: string;
  password: string;
  admin: boolean;
  /** Full name; split into given_name and family_name (the shop's pool requires both). Derived from the email. */
  name?: string;
  /** The shipping address given at sign-up. */
  address?: CognitoAddress;
}

/**
 * Signs the user up, confirms it as an administrator would and adds it to Administrators when asked.
 * Running it again for an existing user changes nothing and reports 'existing'.
 */
export async function ensureUser(
  cognito: CognitoIdentityProviderClient,
  pool: UserPoolRef,
  input: EnsureUserInput,
): Promise<'created' | 'existing'> {
  let outcome: 'created' | 'existing' = 'created';
  try {
    await cognito.send(
      new SignUpCommand({
        ClientId: pool.clientId,
        Username: input.email,
        Password: input.password,
        UserAttributes: userAttributes(input),
      }),
    );
  } catch (error) {
    if (errorName(error) !== 'UsernameExistsException') throw error;
    outcome = 'existing';
  }
  const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: input.email }));
  if (user.UserStatus === 'UNCONFIRMED') {
    await cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: pool.userPoolId, Username: input.email }));
  }
  if (input.admin) {
    try {
      await cognito.send(
        new AdminAddUserToGroupCommand({ UserPoolId: pool.userPoolId, Username: input.email, GroupName: ADMIN_GROUP }),
      );
    } catch (error) {
      if (errorName(error) === 'ResourceNotFoundException') {
        throw new UserPoolMissingError(
          `the user pool has no ${ADMIN_GROUP} group: the customer stack must declare it (AWS::Cognito::UserPoolGroup)`,
        );
      }
      throw error;
    }
  }
  return outcome;
}

/** Logs in with USER_PASSWORD_AUTH and returns the ID token the APIs' Cognito authorizers expect. */
export async function idToken(
  cognito: CognitoIdentityProviderClient,
  pool: UserPoolRef,
  email: string,
  password: string,
): Promise<string> {
  try {
    const result = await cognito.send(
      new InitiateAuthCommand({
        ClientId: pool.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    );
    const token = result.AuthenticationResult?.IdToken;
    if (!token)
      throw new AuthenticationError(`no ID token for ${email} (challenge: ${result.ChallengeName ?? 'none'})`);
    return token;
  } catch (error) {
    const name = errorName(error);
    if (name === 'UserNotFoundException')
      throw new NotFoundError(`no user ${email}: create it with "tbs-local user create"`);
    // cognito-local answers a wrong password with InvalidPasswordException where AWS says NotAuthorizedException.
    if (name === 'NotAuthorizedException' || name === 'InvalidPasswordException') {
      throw new AuthenticationError(`wrong password for ${email}`);
    }
    throw error;
  }
}

function userAttributes(input: EnsureUserInput): { Name: string; Value: string }[] {
  const [given, ...family] = (input.name ?? defaultName(input.email)).trim().split(/\s+/);
  return [
    { Name: 'email', Value: input.email },
    { Name: 'given_name', Value: given || 'Demo' },
    { Name: 'family_name', Value: family.join(' ') || 'Shopper' },
    ...(input.address ? [{ Name: 'address', Value: JSON.stringify(input.address) }] : []),
  ];
}

function defaultName(email: string): string {
  const local = email.split('@')[0] ?? email;
  return local
    .split(/[._-]+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join(' ');
}
