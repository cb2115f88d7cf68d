import { operations } from '@tbs/contracts';
import { apiRoutes, loadTemplate } from '@tbs/devops-local/template';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_PATH } from '../fixtures/reports-env';

interface Route {
  method: string;
  path: string;
  /** `public`, or `cognito` when API Gateway must verify a user-pool token (customer and admin operations). */
  auth: 'public' | 'cognito';
}

const published: Route[] = operations
  .filter((op) => op.service === 'reports')
  .map((op) => ({ method: op.method, path: op.path, auth: (op.auth as string) === 'public' ? 'public' : 'cognito' }));

async function templateRoutes(): Promise<Route[]> {
  const routes = apiRoutes(await loadTemplate(TEMPLATE_PATH));
  for (const route of routes) {
    expect(route.apiId, `${route.method} ${route.path} must use ReportsApi`).toBe('ReportsApi');
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

describe('reports API routes: template.yaml against the published operations of tbs-contracts', () => {
  it('exposes exactly the published operations, with their path, method and auth', async () => {
    const routes = await templateRoutes();
    expect(published.length).toBe(2);
    expect(routes).toHaveLength(published.length);
    for (const route of published) expect(routes).toContainEqual(route);
  });

  it('verifies tokens against the customer stack user pool', async () => {
    const template = await loadTemplate(TEMPLATE_PATH);
    const auth = (template.Resources.ReportsApi?.Properties as { Auth?: Record<string, unknown> } | undefined)?.Auth;
    expect(JSON.stringify(auth)).toContain(['tbs-app-customer-', '{Env}:UserPoolArn'].join('$'));
  });
});
