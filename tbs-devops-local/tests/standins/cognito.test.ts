import {
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CognitoTriggerEvent, type RunningCognito, startCognito } from '../../src/standins';
import type { CognitoEmail } from '../../src/standins/cognito-verification-email';

describe('Cognito stand-in', () => {
  let cognito: RunningCognito;
  let client: CognitoIdentityProviderClient;
  const triggered: Array<{ trigger: string; event: CognitoTriggerEvent }> = [];

  beforeAll(async () => {
    cognito = await startCognito({
      onTrigger: async (trigger, event) => {
        triggered.push({ trigger, event });
        return event;
      },
    });
    client = new CognitoIdentityProviderClient({
      endpoint: cognito.endpoint,
      region: 'ap-southeast-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });

  afterAll(async () => {
    client?.destroy();
    await cognito?.stop();
  });

  it('signs up, confirms (running PostConfirmation) and issues an ID token that verifies against the JWKS', async () => {
    const { UserPool } = await client.send(
      new CreateUserPoolCommand({
        PoolName: 'customers',
        UsernameAttributes: ['email'],
        AutoVerifiedAttributes: ['email'],
      }),
    );
    const UserPoolId = UserPool?.Id as string;
    const { UserPoolClient } = await client.send(
      new CreateUserPoolClientCommand({ UserPoolId, ClientName: 'web', ExplicitAuthFlows: ['USER_PASSWORD_AUTH'] }),
    );
    const ClientId = UserPoolClient?.ClientId as string;
    await client.send(new CreateGroupCommand({ UserPoolId, GroupName: 'Administrators' }));
    await client.send(
      new SignUpCommand({
        ClientId,
        Username: 'ana@example.com',
        Password: 'Correct-horse-1',
        UserAttributes: [
          { Name: 'email', Value: 'ana@example.com' },
          { Name: 'name', Value: 'Ana' },
        ],
      }),
    );
    await client.send(new AdminConfirmSignUpCommand({ UserPoolId, Username: 'ana@example.com' }));
    const confirmation = triggered.find((t) => t.trigger === 'PostConfirmation');
    expect(confirmation?.event).toMatchObject({
      userPoolId: UserPoolId,
      triggerSource: 'PostConfirmation_ConfirmSignUp',
      request: { userAttributes: { email: 'ana@example.com', name: 'Ana' } },
    });

    await client.send(
      new AdminAddUserToGroupCommand({ UserPoolId, Username: 'ana@example.com', GroupName: 'Administrators' }),
    );
    const auth = await client.send(
      new InitiateAuthCommand({
        ClientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'ana@example.com', PASSWORD: 'Correct-horse-1' },
      }),
    );
    const idToken = auth.AuthenticationResult?.IdToken as string;
    const jwks = createRemoteJWKSet(new URL(cognito.jwksUrlFor(UserPoolId)));
    const { payload } = await jwtVerify(idToken, jwks, { issuer: cognito.issuerFor(UserPoolId), audience: ClientId });
    expect(payload).toMatchObject({ email: 'ana@example.com', token_use: 'id', 'cognito:groups': ['Administrators'] });
    const stranger = client.send(
      new InitiateAuthCommand({
        ClientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'nobody@example.com', PASSWORD: 'Correct-horse-1' },
      }),
    );
    await expect(stranger).rejects.toMatchObject({ name: expect.stringMatching(/NotAuthorized|UserNotFound/) });
    const discovery = await (await fetch(`${cognito.issuerFor(UserPoolId)}/.well-known/openid-configuration`)).json();
    expect(discovery).toMatchObject({
      issuer: cognito.issuerFor(UserPoolId),
      jwks_uri: cognito.jwksUrlFor(UserPoolId),
    });
  });

  it("refuses a password the pool's policy does not allow, as Cognito does", async () => {
    const { UserPool } = await client.send(
      new CreateUserPoolCommand({
        PoolName: 'strict',
        UsernameAttributes: ['email'],
        Policies: {
          PasswordPolicy: {
            MinimumLength: 12,
            RequireNumbers: true,
            RequireUppercase: false,
            RequireLowercase: false,
            RequireSymbols: false,
          },
        },
      }),
    );
    const UserPoolId = UserPool?.Id as string;
    const { UserPoolClient } = await client.send(new CreateUserPoolClientCommand({ UserPoolId, ClientName: 'web' }));
    const ClientId = UserPoolClient?.ClientId as string;
    const signUp = (Password: string) =>
      client.send(new SignUpCommand({ ClientId, Username: `${Password.length}@example.com`, Password }));
    await expect(signUp('eleven-char')).rejects.toMatchObject({
      name: 'InvalidPasswordException',
      message: 'Password did not conform with policy: Password not long enough',
    });
    await expect(signUp('twelve-chars')).rejects.toMatchObject({
      message: 'Password did not conform with policy: Password must have numeric characters',
    });
    await expect(signUp('twelve-char1')).resolves.toBeDefined();
  });

  it('emails the verification code, which confirms the sign-up', async () => {
    const sent: CognitoEmail[] = [];
    cognito.onEmail(async (mail) => {
      sent.push(mail);
    });
    const { UserPool } = await client.send(
      new CreateUserPoolCommand({
        PoolName: 'verified',
        UsernameAttributes: ['email'],
        AutoVerifiedAttributes: ['email'],
        VerificationMessageTemplate: { EmailSubject: 'Your code', EmailMessage: 'Code: {####}' },
      }),
    );
    const UserPoolId = UserPool?.Id as string;
    const { UserPoolClient } = await client.send(new CreateUserPoolClientCommand({ UserPoolId, ClientName: 'web' }));
    const ClientId = UserPoolClient?.ClientId as string;
    await client.send(
      new SignUpCommand({
        ClientId,
        Username: 'kiri@example.com',
        Password: 'Correct-horse-1',
        UserAttributes: [{ Name: 'email', Value: 'kiri@example.com' }],
      }),
    );
    cognito.onEmail(undefined);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      to: 'kiri@example.com',
      subject: 'Your code',
      text: expect.stringMatching(/^Code: \d+$/),
    });
    const code = sent[0]?.text.replace('Code: ', '') as string;
    await expect(
      client.send(new ConfirmSignUpCommand({ ClientId, Username: 'kiri@example.com', ConfirmationCode: '000000x' })),
    ).rejects.toMatchObject({ name: 'CodeMismatchException' });
    await client.send(new ConfirmSignUpCommand({ ClientId, Username: 'kiri@example.com', ConfirmationCode: code }));
    const user = await client.send(new AdminGetUserCommand({ UserPoolId, Username: 'kiri@example.com' }));
    expect(user.UserStatus).toBe('CONFIRMED');
  });

  it('fails the Cognito call when a trigger throws', async () => {
    cognito.onTrigger(async (trigger) => {
      if (trigger === 'PreSignUp') throw new Error('sign-ups are closed');
      return undefined;
    });
    const { UserPool } = await client.send(
      new CreateUserPoolCommand({ PoolName: 'closed', UsernameAttributes: ['email'] }),
    );
    const { UserPoolClient } = await client.send(
      new CreateUserPoolClientCommand({ UserPoolId: UserPool?.Id as string, ClientName: 'web' }),
    );
    const signUp = client.send(
      new SignUpCommand({
        ClientId: UserPoolClient?.ClientId as string,
        Username: 'bo@example.com',
        Password: 'Correct-horse-1',
      }),
    );
    await expect(signUp).rejects.toMatchObject({ name: 'UserLambdaValidationException' });
  });
});
