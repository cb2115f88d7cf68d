/** What the local cloud hands a seed module (the part of its SeedContext this seed uses). */
export interface CustomerSeedContext {
  stack: { stackName: string };
  /**
   * AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER (the user's attributes) and AWS_ENDPOINT_URL_LAMBDA (the local Lambda
   * Invoke API, to run this stack's own PostConfirmation trigger).
   */
  awsEnv: Record<string, string>;
  /** The local gateway: profiles are read through the customer API, as the demo users themselves would. */
  gatewayUrl: string;
  /** ID tokens of the demo users (created and confirmed by `tbs-local seed` before the seed modules run). */
  adminToken?: string;
  customerToken?: string;
  log(message: string): void;
}

export interface CustomerSeedResult {
  summary: string;
  ids: { customers: string[] };
  created: number;
  alreadyPresent: number;
}

export class CustomerSeedError extends Error {
  override name = 'CustomerSeedError';
}

/**
 * Every demo user has a customer profile, so the demo customer receives the shop's emails. Confirming a sign-up
 * runs the PostConfirmation trigger, which creates the profile; a user whose confirmation never reached this stack
 * (created by an administrator, or before the stack ran) gets the same trigger invoked for it through the Lambda
 * API, so the profile is made by the service's own code and publishes CustomerRegistered like any other. Safe to run
 * again: a present profile is left alone, and the trigger itself is idempotent.
 */
export async function seed(ctx: CustomerSeedContext): Promise<CustomerSeedResult> {
  const tokens = [ctx.customerToken, ctx.adminToken].filter((token): token is string => token !== undefined);
  const result: CustomerSeedResult = { summary: '', ids: { customers: [] }, created: 0, alreadyPresent: 0 };
  for (const token of tokens) {
    const claims = claimsOf(token);
    if ((await profileStatus(ctx.gatewayUrl, token)) === 200) {
      result.alreadyPresent++;
    } else {
      await confirmThroughTrigger(ctx, claims);
      if ((await profileStatus(ctx.gatewayUrl, token)) !== 200) {
        throw new CustomerSeedError(`the PostConfirmation trigger created no profile for demo user ${claims.sub}`);
      }
      result.created++;
      ctx.log(`profile of demo user ${claims.sub} created through the PostConfirmation trigger`);
    }
    result.ids.customers.push(claims.sub);
  }
  result.summary =
    tokens.length === 0
      ? 'no demo users (no user pool): no profiles to check'
      : `demo user profiles: ${result.created} created, ${result.alreadyPresent} already present`;
  return result;
}

interface IdTokenClaims {
  sub: string;
  email: string;
  iss: string;
  aud: string;
  'cognito:username'?: string;
}

/** The claims of an ID token the local user pool just issued (read, not verified: the gateway verifies it). */
function claimsOf(token: string): IdTokenClaims {
  const payload = token.split('.')[1];
  const claims = payload
    ? (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<IdTokenClaims>)
    : {};
  if (!claims.sub || !claims.email || !claims.iss || !claims.aud) {
    throw new CustomerSeedError('a demo user token lacks sub, email, iss or aud');
  }
  return claims as IdTokenClaims;
}

async function profileStatus(gatewayUrl: string, token: string): Promise<number> {
  const response = await fetch(new URL('/customer/v1/customers/me', gatewayUrl), {
    headers: { authorization: `Bearer ${token}` },
  });
  await response.arrayBuffer();
  if (response.status !== 200 && response.status !== 404) {
    throw new CustomerSeedError(`GET /customer/v1/customers/me answered ${response.status}`);
  }
  return response.status;
}

/** The event Cognito sends when a sign-up is confirmed, for this user, to this stack's PostConfirmation function. */
async function confirmThroughTrigger(ctx: CustomerSeedContext, claims: IdTokenClaims): Promise<void> {
  const endpoint = ctx.awsEnv.AWS_ENDPOINT_URL_LAMBDA;
  if (!endpoint) throw new CustomerSeedError('no local Lambda endpoint (AWS_ENDPOINT_URL_LAMBDA)');
  const userPoolId = claims.iss.split('/').pop() ?? '';
  const userName = claims['cognito:username'] ?? claims.email;
  const event = {
    version: '1',
    region: ctx.awsEnv.AWS_REGION ?? 'us-east-1',
    userPoolId,
    userName,
    triggerSource: 'PostConfirmation_ConfirmSignUp',
    callerContext: { awsSdkVersion: 'tbs-local-seed', clientId: claims.aud },
    request: {
      userAttributes: { ...(await userAttributes(ctx, userPoolId, userName)), 'cognito:user_status': 'CONFIRMED' },
    },
    response: {},
  };
  const name = `${ctx.stack.stackName}-PostConfirmationFunction`;
  const response = await fetch(new URL(`/2015-03-31/functions/${encodeURIComponent(name)}/invocations`, endpoint), {
    method: 'POST',
    body: JSON.stringify(event),
  });
  const body = await response.text();
  if (!response.ok || response.headers.get('x-amz-function-error')) {
    throw new CustomerSeedError(`invoking ${name} failed (${response.status}): ${body.slice(0, 200)}`);
  }
}

/** The user's attributes as Cognito hands them to triggers (AdminGetUser on the Cognito stand-in). */
async function userAttributes(
  ctx: CustomerSeedContext,
  userPoolId: string,
  userName: string,
): Promise<Record<string, string>> {
  const endpoint = ctx.awsEnv.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER;
  if (!endpoint) throw new CustomerSeedError('no local Cognito endpoint (AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER)');
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.AdminGetUser',
    },
    body: JSON.stringify({ UserPoolId: userPoolId, Username: userName }),
  });
  const body = (await response.json()) as { UserAttributes?: { Name: string; Value?: string }[] };
  if (!response.ok) throw new CustomerSeedError(`AdminGetUser failed (${response.status})`);
  return Object.fromEntries((body.UserAttributes ?? []).map(({ Name, Value }) => [Name, Value ?? '']));
}
