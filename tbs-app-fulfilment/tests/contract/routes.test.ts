import { operations } from '@tbs/contracts';
import { apiRoutes, loadTemplate } from '@tbs/devops-local/template';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_PATH } from '../fixtures/fulfilment-tables';

interface Route {
  method: string;
  path: string;
  /** `public`, or `cognito` when API Gateway must verify a user-pool token (every fulfilment operation). */
  auth: 'public' | 'cognito';
}

const published = operations
  .filter((op) => op.service === 'fulfilment')
  .map(
    (op): Route => ({
      method: op.method,
      path: op.path,
      auth: (op.auth as string) === 'public' ? 'public' : 'cognito',
    }),
  );

async function templateRoutes(): Promise<Route[]> {
  const routes = apiRoutes(await loadTemplate(TEMPLATE_PATH));
  for (const route of routes) {
    expect(route.apiId, `${route.method} ${route.path} must use FulfilmentApi`).toBe('FulfilmentApi');
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

describe('fulfilment API routes: template.yaml against the published operations of tbs-contracts', () => {
  it('exposes exactly the spec operations, each behind the Cognito authorizer', async () => {
    expect(published.length).toBe(6);
    const routes = await templateRoutes();
    expect([...routes].sort(byRoute)).toEqual([...published].sort(byRoute));
    expect(routes.every((route) => route.auth === 'cognito')).toBe(true);
  });

  it('every spec operation is for administrators, which each handler enforces (403 otherwise)', () => {
    expect(operations.filter((op) => op.service === 'fulfilment').every((op) => op.auth === 'admin')).toBe(true);
  });
});

function byRoute(a: Route, b: Route): number {
  return `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`);
}
