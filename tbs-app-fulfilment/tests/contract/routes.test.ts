import { operations } from '@tbs/contracts';
import { loadTemplate } from '@tbs/devops-local/template';
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
  const template = await loadTemplate(TEMPLATE_PATH);
  const api = template.Resources.FulfilmentApi?.Properties as { Auth?: { DefaultAuthorizer?: string } } | undefined;
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
      expect(props.RestApiId, `${props.Method} ${props.Path} must use FulfilmentApi`).toEqual({ Ref: 'FulfilmentApi' });
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
