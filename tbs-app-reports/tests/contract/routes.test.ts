import { operations } from '@tbs/contracts';
import { loadTemplate } from '@tbs/devops-local/template';
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
  const template = await loadTemplate(TEMPLATE_PATH);
  const api = template.Resources.ReportsApi?.Properties as { Auth?: { DefaultAuthorizer?: string } } | undefined;
  const routes: Route[] = [];
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== 'AWS::Serverless::Function') continue;
    const events = (resource.Properties?.Events ?? {}) as Record<string, { Type: string; Properties: unknown }>;
    for (const event of Object.values(events)) {
      if (event.Type !== 'Api') continue;
      const props = event.Properties as {
        Path: string;
        Method: string;
        RestApiId?: unknown;
        Auth?: { Authorizer?: string };
      };
      expect(props.RestApiId, `${props.Method} ${props.Path} must use ReportsApi`).toEqual({ Ref: 'ReportsApi' });
      const authorizer = props.Auth?.Authorizer ?? api?.Auth?.DefaultAuthorizer ?? 'NONE';
      routes.push({
        method: props.Method.toUpperCase(),
        path: props.Path,
        auth: authorizer === 'NONE' ? 'public' : 'cognito',
      });
    }
  }
  return routes;
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
