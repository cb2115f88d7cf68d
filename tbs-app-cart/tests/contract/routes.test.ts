import { operations } from '@tbs/contracts';
import { apiRoutes, loadTemplate } from '@tbs/devops-local/template';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_PATH } from '../fixtures/cart-table';

interface Route {
  method: string;
  path: string;
  /** `public`, or `cognito` when API Gateway must verify a user-pool token. */
  auth: 'public' | 'cognito';
}

const published: Route[] = operations
  .filter((op) => op.service === 'cart')
  .map((op) => ({ method: op.method, path: op.path, auth: (op.auth as string) === 'public' ? 'public' : 'cognito' }));

async function templateRoutes(): Promise<Route[]> {
  const routes = apiRoutes(await loadTemplate(TEMPLATE_PATH));
  for (const route of routes) {
    expect(route.apiId, `${route.method} ${route.path} must use CartApi`).toBe('CartApi');
    if (route.auth === 'cognito') {
      // The only authorizer is the shop's user pool, imported from the customer stack.
      expect(route.userPoolArn).toEqual({
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub expression
        'Fn::ImportValue': { 'Fn::Sub': 'tbs-app-customer-${Env}:UserPoolArn' },
      });
    }
  }
  return routes.map(({ method, path, auth }) => ({ method, path, auth }));
}

describe('cart API routes: template.yaml against the published operations of tbs-contracts', () => {
  it('exposes exactly the published operations, with their paths, methods and auth', async () => {
    expect(published).toHaveLength(4);
    const routes = await templateRoutes();
    expect([...routes].sort(byRoute)).toEqual([...published].sort(byRoute));
  });

  it('every published cart operation requires a signed-in customer', () => {
    expect(published.every((route) => route.auth === 'cognito')).toBe(true);
  });
});

const byRoute = (a: Route, b: Route) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`);
