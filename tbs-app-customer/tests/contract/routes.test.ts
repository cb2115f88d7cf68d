import { type AuthLevel, operations } from '@tbs/contracts';
import { apiRoutes, loadTemplate } from '@tbs/devops-local/template';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_PATH } from '../fixtures/customers-table';

/** Every operation of the customer API; each must appear in the template exactly as the spec publishes it. */
const IMPLEMENTED = ['getMyProfile', 'updateMyProfile', 'listCustomers'];

interface Route {
  method: string;
  path: string;
  /** `public`, or `cognito` when API Gateway must verify a user-pool token (customer and admin operations). */
  auth: 'public' | 'cognito';
}

// Customer and admin operations both need a verified user-pool token; the group check happens in the handler.
const authOf = (auth: AuthLevel): Route['auth'] => (auth === 'public' ? 'public' : 'cognito');

const published = new Map<string, Route>(
  operations
    .filter((op) => op.service === 'customer')
    .map((op) => [op.operationId, { method: op.method, path: op.path, auth: authOf(op.auth) }]),
);

async function templateRoutes(): Promise<Route[]> {
  const routes = apiRoutes(await loadTemplate(TEMPLATE_PATH));
  for (const route of routes) {
    expect(route.apiId, `${route.method} ${route.path} must use CustomerApi`).toBe('CustomerApi');
  }
  return routes.map(({ method, path, auth }) => ({ method, path, auth }));
}

describe('customer API routes: template.yaml against the published operations of tbs-contracts', () => {
  it('exposes every implemented operation with the spec path, method and auth', async () => {
    const routes = await templateRoutes();
    for (const operationId of IMPLEMENTED) {
      const expected = published.get(operationId);
      expect(expected, `${operationId} is not in the spec`).toBeDefined();
      expect(routes).toContainEqual(expected);
    }
  });

  it('exposes nothing the spec does not publish', async () => {
    const all = [...published.values()];
    for (const route of await templateRoutes()) expect(all).toContainEqual(route);
  });
});

describe('customer API authorizer', () => {
  it("verifies ID tokens of this stack's own user pool on every route", async () => {
    const template = await loadTemplate(TEMPLATE_PATH);
    const auth = (template.Resources.CustomerApi?.Properties as { Auth?: Record<string, unknown> } | undefined)?.Auth;
    expect(auth?.DefaultAuthorizer).toBe('CognitoAuthorizer');
    expect(auth?.Authorizers).toEqual({
      CognitoAuthorizer: { UserPoolArn: { 'Fn::GetAtt': ['UserPool', 'Arn'] }, Identity: { Header: 'Authorization' } },
    });
  });

  it('implements every operation the spec publishes', () => {
    expect([...published.keys()].sort()).toEqual([...IMPLEMENTED].sort());
  });
});
