import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { validateGetMyProfileResponse200 } from '@tbs/contracts/validators';
import { DEMO_CUSTOMER_EMAIL, demoUsers, startTestCloud, type TestCloud } from '@tbs/devops-local/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../seed/seed';
import { CREDENTIALS, queueOnTopic } from '../fixtures/event-topic';

/**
 * The customer stack as the local cloud runs it from template.yaml: the user pool, its PostConfirmation trigger,
 * the Cognito-authorized gateway and the built bundles. Sign up -> confirm -> the trigger creates the profile ->
 * the customer reads it with their ID token, and a consumer subscribed to the customer topic of tbs-devops-events
 * (which the stack imports) receives CustomerRegistered.
 */
describe('customer stack on the local cloud', () => {
  let cloud: TestCloud;
  let consumer: Awaited<ReturnType<typeof queueOnTopic>>;

  beforeAll(async () => {
    cloud = await startTestCloud({ stacks: ['customer'] });
    const { CustomerTopicArn } = cloud.cloud.outputs('tbs-devops-events');
    const at = { endpoint: cloud.endpoints.sns ?? '', region: cloud.awsEnv.AWS_REGION ?? '' };
    consumer = await queueOnTopic(at, CustomerTopicArn ?? '', 'customer-local-cloud');
  }, 120_000);

  afterAll(async () => {
    consumer?.destroy();
    await cloud?.stop();
  });

  it('creates the profile when the sign-up is confirmed and serves it to its owner only', async () => {
    await cloud.createUser({
      email: 'Hemi.Walker@Example.com',
      name: 'Hemi Walker',
      address: { street_address: '7 Tui Lane', locality: 'Nelson', postal_code: '7010', country: 'NZ' },
    });
    const me = await cloud.api<Record<string, unknown>>('/customer/v1/customers/me', { as: 'hemi.walker@example.com' });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      email: 'hemi.walker@example.com',
      name: 'Hemi Walker',
      shippingAddress: { name: 'Hemi Walker', line1: '7 Tui Lane', city: 'Nelson', postcode: '7010', country: 'NZ' },
      version: 1,
    });
    expect(validateGetMyProfileResponse200(me.body)).toBe(true);

    const [registered] = await consumer.received(1, 5);
    expect(registered).toMatchObject({
      type: 'tbs.customer.CustomerRegistered.v1',
      body: { source: 'tbs-app-customer', subject: me.body.customerId, data: { email: 'hemi.walker@example.com' } },
    });

    await cloud.createUser({ email: 'rangi@example.com', name: 'Rangi Parata' });
    const other = await cloud.api<Record<string, unknown>>('/customer/v1/customers/me', { as: 'rangi@example.com' });
    expect(other.body).toMatchObject({ email: 'rangi@example.com', shippingAddress: null });
    expect(other.body.customerId).not.toBe(me.body.customerId);
  });

  it('refuses requests without a valid token at the gateway', async () => {
    expect((await cloud.api('/customer/v1/customers/me')).status).toBe(401);
    expect((await cloud.api('/customer/v1/customers/me', { token: 'not-a-jwt' })).status).toBe(401);
  });

  it('lets the customer update their profile and administrators list customers', async () => {
    const updated = await cloud.api<Record<string, unknown>>('/customer/v1/customers/me', {
      method: 'PUT',
      as: 'rangi@example.com',
      body: {
        name: 'Rangi Parata',
        shippingAddress: {
          name: 'Rangi Parata',
          line1: '2 Kowhai Ave',
          city: 'Napier',
          postcode: '4110',
          country: 'NZ',
        },
      },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.version).toBe(2);

    expect((await cloud.api('/customer/v1/admin/customers', { as: 'rangi@example.com' })).status).toBe(403);
    await cloud.createUser({ email: 'ops@example.com', admin: true });
    const page = await cloud.api<{ items: { email: string }[] }>(
      '/customer/v1/admin/customers?email=rangi@example.com',
      {
        as: 'ops@example.com',
      },
    );
    expect(page.status).toBe(200);
    expect(page.body.items.map((c) => c.email)).toEqual(['rangi@example.com']);
  });

  it("gives a customer no way through the gateway to another customer's profile (no route / 400 / 403)", async () => {
    const hemi = await cloud.api<{ customerId: string }>('/customer/v1/customers/me', {
      as: 'hemi.walker@example.com',
    });
    const asRangi = { as: 'rangi@example.com' };
    // There is no route by customer id: API Gateway's own 403 for an unknown REST route, as a problem.
    const byId = await cloud.api<{ code: string }>(`/customer/v1/customers/${hemi.body.customerId}`, asRangi);
    expect(byId.status).toBe(403);
    expect(byId.body.code).toBe('ROUTE_NOT_FOUND');
    const probing = await cloud.api(`/customer/v1/customers/me?customerId=${hemi.body.customerId}`, asRangi);
    expect(probing.status).toBe(400);
    const lookup = await cloud.api('/customer/v1/admin/customers?email=hemi.walker@example.com', asRangi);
    expect(lookup.status).toBe(403);
    expect(JSON.stringify([probing.body, lookup.body])).not.toContain('hemi');
  });

  it("seeding gives a demo user whose confirmation never ran a profile, through the stack's own trigger", async () => {
    // An administrator-created user: Cognito runs no PostConfirmation for it, so it has no profile yet.
    const { UserPoolId } = cloud.cloud.outputs('tbs-app-customer');
    const password = demoUsers().find((user) => user.email === DEMO_CUSTOMER_EMAIL)?.password ?? '';
    const cognito = new CognitoIdentityProviderClient({
      region: cloud.awsEnv.AWS_REGION ?? '',
      endpoint: cloud.endpoints.cognito ?? '',
      credentials: CREDENTIALS,
    });
    try {
      await cognito.send(
        new AdminCreateUserCommand({
          UserPoolId,
          Username: DEMO_CUSTOMER_EMAIL,
          MessageAction: 'SUPPRESS',
          UserAttributes: [
            { Name: 'email', Value: DEMO_CUSTOMER_EMAIL },
            { Name: 'given_name', Value: 'Demo' },
            { Name: 'family_name', Value: 'Customer' },
          ],
        }),
      );
      await cognito.send(
        new AdminSetUserPasswordCommand({
          UserPoolId,
          Username: DEMO_CUSTOMER_EMAIL,
          Password: password,
          Permanent: true,
        }),
      );
    } finally {
      cognito.destroy();
    }
    const token = await cloud.tokenFor(DEMO_CUSTOMER_EMAIL);
    expect((await cloud.api('/customer/v1/customers/me', { token })).status).toBe(404);

    const ctx = {
      stack: { stackName: 'tbs-app-customer-local' },
      awsEnv: cloud.awsEnv,
      gatewayUrl: cloud.gatewayUrl,
      customerToken: token,
      log: () => {},
    };
    expect(await seed(ctx)).toMatchObject({ created: 1, alreadyPresent: 0 });
    const me = await cloud.api<Record<string, unknown>>('/customer/v1/customers/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: DEMO_CUSTOMER_EMAIL, name: 'Demo Customer', version: 1 });

    expect(await seed(ctx)).toMatchObject({ created: 0, alreadyPresent: 1, ids: { customers: [me.body.customerId] } });
  });
});
