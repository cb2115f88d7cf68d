import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { AdminGetUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADDRESS, DEMO_ADMIN_EMAIL, DEMO_CUSTOMER_EMAIL, startTestCloud, type TestCloud } from '../../src/harness';

const repoRoot = fileURLToPath(new URL('./fixtures/repo', import.meta.url));
let t: TestCloud;

function portOpen(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

beforeAll(async () => {
  t = await startTestCloud({ repoRoot, build: false, seed: true });
});

afterAll(async () => {
  await t?.stop();
});

describe('startTestCloud', () => {
  it('starts on free ports and seeds the demo users before running the stack seed modules', () => {
    expect(t.gatewayUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(t.gatewayUrl).not.toMatch(/:3000$/);
    expect(t.awsEnv['AWS_ENDPOINT_URL_DYNAMODB']).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(t.seeded?.users.map((u) => [u.email, u.admin])).toEqual([
      [DEMO_ADMIN_EMAIL, true],
      [DEMO_CUSTOMER_EMAIL, false],
    ]);
    expect(t.seeded?.stacks).toEqual([
      {
        name: 'tbs-app-shop',
        result: { summary: `seeded as ${DEMO_ADMIN_EMAIL} (Administrators)`, ids: { stacks: ['tbs-app-shop-local'] } },
      },
    ]);
  });

  it('calls the APIs as a user, and as nobody', async () => {
    const customer = await t.api<{ email: string; groups: string }>('/shop/v1/me', { as: DEMO_CUSTOMER_EMAIL });
    expect(customer.status).toBe(200);
    expect(customer.body).toEqual({ email: DEMO_CUSTOMER_EMAIL, groups: '' });
    expect((await t.api('/shop/v1/me')).status).toBe(401);
    expect((await t.api('/shop/v1/me', { token: 'not-a-jwt' })).status).toBe(401);
  });

  it('creates users (administrators too) whose tokens the gateway accepts', async () => {
    const admin = await t.createUser({ email: 'Ops@Example.com', admin: true });
    expect(admin).toMatchObject({ email: 'ops@example.com', admin: true });
    const cognito = new CognitoIdentityProviderClient({
      region: 'us-east-1',
      endpoint: t.endpoints['cognito'],
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const user = await cognito.send(
      new AdminGetUserCommand({ UserPoolId: t.stacks[0]?.outputs['UserPoolId'], Username: 'ops@example.com' }),
    );
    cognito.destroy();
    expect(user.UserStatus).toBe('CONFIRMED');
    // Sign-up sends the names the shop's pool requires, taken from the email when none is given.
    expect(Object.fromEntries((user.UserAttributes ?? []).map((a) => [a.Name, a.Value]))).toMatchObject({
      email: 'ops@example.com',
      given_name: 'Ops',
      family_name: 'Shopper',
    });
    const token = await t.tokenFor('ops@example.com');
    const me = await t.api<{ groups: string }>('/shop/v1/me', { token });
    expect(me.body.groups).toContain('Administrators');
    await expect(t.tokenFor('stranger@example.com')).rejects.toThrow('no password known for stranger@example.com');
  });

  it('reads the emails the services send', async () => {
    await t.createUser({ email: 'ann@example.com', name: 'Ann Te Rangi', address: DEMO_ADDRESS });
    const sent = await t.api('/shop/v1/receipts', { method: 'POST', as: 'ann@example.com', body: { orderId: 'o-1' } });
    expect(sent.status).toBe(202);
    const mails = await t.emails({ to: 'ann@example.com' });
    expect(mails.map((m) => m.subject)).toEqual(['Receipt for o-1']);
    expect(mails[0]?.text).toBe('Thanks for o-1');
    expect(await t.emails({ to: 'nobody@example.com' })).toEqual([]);
  });

  it('closes every port on stop', async () => {
    const other = await startTestCloud({ repoRoot, build: false });
    const urls = [other.gatewayUrl, other.cloud.endpoints.cognito, other.cloud.endpoints.ses];
    for (const url of urls) expect(await portOpen(url)).toBe(true);
    await other.stop();
    for (const url of urls) expect(await portOpen(url)).toBe(false);
  });
});
