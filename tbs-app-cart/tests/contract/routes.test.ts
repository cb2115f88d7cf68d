import { operations } from '@tbs/contracts';
import { loadTemplate } from '@tbs/devops-local/template';
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
  const template = await loadTemplate(TEMPLATE_PATH);
  const api = template.Resources.CartApi?.Properties as
    | { Auth?: { DefaultAuthorizer?: string; Authorizers?: Record<string, { UserPoolArn?: unknown }> } }
    | undefined;
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
      expect(props.RestApiId, `${props.Method} ${props.Path} must use CartApi`).toEqual({ Ref: 'CartApi' });
      const authorizer = props.Auth?.Authorizer ?? api?.Auth?.DefaultAuthorizer ?? 'NONE';
      if (authorizer !== 'NONE') {
        // The only authorizer is the shop's user pool, imported from the customer stack.
        expect(api?.Auth?.Authorizers?.[authorizer]?.UserPoolArn).toEqual({
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub expression
          'Fn::ImportValue': { 'Fn::Sub': 'tbs-app-customer-${Env}:UserPoolArn' },
        });
      }
      routes.push({
        method: props.Method.toUpperCase(),
        path: props.Path,
        auth: authorizer === 'NONE' ? 'public' : 'cognito',
      });
    }
  }
  return routes;
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
