import {
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Customer } from '@tbs/contracts/types';
import { eventually } from '../support/eventually';
import { customer, Step } from '../support/scenario';
import { assertThat, expectStatus, type ShopWorld, StepFailedError } from '../support/world';

interface SignUpAttempt {
  email: string;
  password: string;
  name: string;
  city: string;
  /** The Cognito error name when the sign-up was refused. */
  refusedWith?: string;
}

const errorName = (error: unknown): string =>
  typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : String(error);

/** A password of the given length that satisfies every other rule of the pool (cases, digit, symbol). */
const passwordOf = (length: number): string => `Aa1!${'x'.repeat(Math.max(0, length - 4))}`.slice(0, length);

/** Sign-up, verification and login go to Cognito directly, as the storefront's Cognito client does. */
export function customerSteps(world: ShopWorld): void {
  let cognito: CognitoIdentityProviderClient | undefined;
  const pool = () => {
    const outputs = world.cloud.cloud.outputs('tbs-app-customer');
    const userPoolId = outputs['UserPoolId'];
    const clientId = outputs['UserPoolClientId'];
    if (!userPoolId || !clientId)
      throw new StepFailedError('the customer stack exports no UserPoolId/UserPoolClientId');
    cognito ??= new CognitoIdentityProviderClient({
      endpoint: world.cloud.endpoints['cognito'],
      region: world.cloud.awsEnv['AWS_REGION'] ?? 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    return { cognito, userPoolId, clientId };
  };

  const signUp = async (attempt: SignUpAttempt): Promise<SignUpAttempt> => {
    const { cognito: client, clientId } = pool();
    const [given, ...family] = attempt.name.split(' ');
    try {
      await client.send(
        new SignUpCommand({
          ClientId: clientId,
          Username: attempt.email,
          Password: attempt.password,
          UserAttributes: [
            { Name: 'email', Value: attempt.email },
            { Name: 'given_name', Value: given ?? attempt.name },
            { Name: 'family_name', Value: family.join(' ') },
            {
              Name: 'address',
              Value: JSON.stringify({
                street_address: '7 Tui Lane',
                locality: attempt.city,
                postal_code: '7010',
                country: 'NZ',
              }),
            },
          ],
        }),
      );
      return attempt;
    } catch (error) {
      return { ...attempt, refusedWith: errorName(error) };
    }
  };

  const logIn = async (email: string, password: string): Promise<string> => {
    const { cognito: client, clientId } = pool();
    const result = await client.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    );
    const token = result.AuthenticationResult?.IdToken;
    if (!token) throw new StepFailedError(`no ID token for ${email} (challenge ${result.ChallengeName ?? 'none'})`);
    return token;
  };

  const refusal = async (attempt: () => Promise<unknown>): Promise<string | undefined> => {
    try {
      await attempt();
      return undefined;
    } catch (error) {
      return errorName(error);
    }
  };

  const attemptOf = (notes: Map<string, unknown>): SignUpAttempt => {
    const attempt = notes.get('signUp') as SignUpAttempt | undefined;
    if (!attempt) throw new StepFailedError('nobody signed up in this scenario');
    return attempt;
  };

  // --- signed-in customers (arranged) ------------------------------------------------------------------------

  for (const title of ['a customer {string} is signed in', 'a customer {string} has signed up']) {
    Step(title, async (state, name: string) => {
      const arranged = await world.customer(name);
      state.customer = { email: arranged.email, password: arranged.password, name };
    });
  }

  Step('someone who is not signed in opens the cart', async (state) => {
    state.response = await world.api('/cart/v1/cart');
  });

  Step('someone who is not signed in checks out', async (state) => {
    state.response = await world.api('/order/v1/orders', {
      method: 'POST',
      headers: { 'Idempotency-Key': world.unique('anonymous') },
      body: {
        lines: [{ productId: [...state.products.values()][0]?.id ?? '01ARZ3NDEKTSV4RRFFQ69G5FAV', quantity: 1 }],
      },
    });
  });

  Step('someone calls the shop with a forged token', async (state) => {
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const forged = `${part({ alg: 'RS256', kid: 'forged' })}.${part({ sub: 'someone', 'cognito:groups': ['Administrators'] })}.${part('signature')}`;
    state.response = await world.api('/customer/v1/customers/me', { token: forged });
  });

  Step('they are asked to sign in', (state) => {
    assertThat(state.response?.status === 401, 'HTTP 401 (sign in first)', state.response?.body);
  });

  // --- UserSignup --------------------------------------------------------------------------------------------

  for (const title of [
    'a visitor signs up as {string} with a password of {int} characters and a shipping address in {string}',
    'a visitor signed up as {string} with a password of {int} characters and a shipping address in {string}',
  ]) {
    Step(title, async (state, name: string, length: number, city: string) => {
      const attempt = await signUp({ email: world.email(name), password: passwordOf(length), name, city });
      state.notes.set('signUp', attempt);
      if (title.includes('signed up as')) {
        assertThat(attempt.refusedWith === undefined, `the sign-up of ${attempt.email} to succeed`, attempt);
      }
    });
  }

  Step('they cannot log in before verifying their email address', async (state) => {
    const attempt = attemptOf(state.notes);
    assertThat(attempt.refusedWith === undefined, 'the sign-up to have been accepted', attempt);
    const refused = await refusal(() => logIn(attempt.email, attempt.password));
    assertThat(refused === 'UserNotConfirmedException', 'login to be refused as unconfirmed', refused ?? 'logged in');
  });

  Step('they verify their email address', async (state) => {
    const { email } = attemptOf(state.notes);
    const code = await eventually(
      `an email to ${email} with a verification code`,
      () => world.cloud.emails({ to: email }),
      (mails) => mails.map((m) => /verification code is (\d{6})\b/.exec(m.text ?? '')?.[1]).find(Boolean),
    );
    const { cognito: client, clientId } = pool();
    await client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: email, ConfirmationCode: code }));
  });

  Step('they can log in', async (state) => {
    const attempt = attemptOf(state.notes);
    state.notes.set('token', await logIn(attempt.email, attempt.password));
  });

  Step(
    'their profile shows the name {string} and the shipping address in {string}',
    async (state, name: string, city: string) => {
      const token = state.notes.get('token') as string;
      const profile = await eventually(
        'the profile created by the sign-up',
        () => world.api<Customer>('/customer/v1/customers/me', { token }),
        (r) => (r.status === 200 ? r.body : undefined),
      );
      assertThat(
        profile.name === name && profile.shippingAddress?.city === city,
        `the name ${name} and an address in ${city}`,
        profile,
      );
    },
  );

  Step('the sign-up is refused because the password is too short', (state) => {
    const refused = attemptOf(state.notes).refusedWith;
    assertThat(refused === 'InvalidPasswordException', 'InvalidPasswordException', refused ?? 'accepted');
  });

  Step('another visitor signs up with the same email address', async (state) => {
    const first = attemptOf(state.notes);
    state.notes.set('signUp', await signUp({ ...first, name: 'Someone Else', password: passwordOf(14) }));
  });

  Step('the sign-up is refused because the email address is taken', (state) => {
    const refused = attemptOf(state.notes).refusedWith;
    assertThat(refused === 'UsernameExistsException', 'UsernameExistsException', refused ?? 'accepted');
  });

  // --- UserLogin -----------------------------------------------------------------------------------------------

  Step('the customer logs in with their password', async (state) => {
    const { email, password } = customer(state);
    if (!password) throw new StepFailedError(`the password of ${email} is unknown`);
    state.notes.set('token', await logIn(email, password));
  });

  Step('they receive a token that opens their own profile', async (state) => {
    const token = state.notes.get('token') as string;
    const me = expectStatus(await world.api<Customer>('/customer/v1/customers/me', { token }), 200, 'the profile');
    assertThat(me.body.email === customer(state).email, `the profile of ${customer(state).email}`, me.body);
  });

  Step('the customer logs in with a wrong password', async (state) => {
    state.notes.set('refused', await refusal(() => logIn(customer(state).email, 'Wrong-password-1')));
  });

  Step('the login is refused', (state) => {
    const refused = state.notes.get('refused');
    // cognito-local names a wrong password InvalidPasswordException where Cognito says NotAuthorizedException.
    assertThat(
      refused === 'NotAuthorizedException' || refused === 'InvalidPasswordException',
      'the login to be refused',
      refused ?? 'logged in',
    );
  });
}
