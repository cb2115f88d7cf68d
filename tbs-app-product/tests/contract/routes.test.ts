import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadTemplate } from '@tbs/devops-local/template';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { TEMPLATE_PATH } from '../fixtures/products-table';

const SPEC_PATH = fileURLToPath(new URL('../../../tbs-contracts/openapi/product.yaml', import.meta.url));
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Operations this stack implements so far; each must appear in the template exactly as the spec publishes it. */
const IMPLEMENTED = ['getProduct'];

interface Route {
  method: string;
  path: string;
  auth: 'public' | 'cognito';
}

interface SpecOperation {
  operationId?: string;
  security?: Record<string, unknown>[];
}

async function specRoutes(): Promise<Map<string, Route>> {
  const spec = parse(await readFile(SPEC_PATH, 'utf8')) as {
    security?: Record<string, unknown>[];
    paths: Record<string, Partial<Record<(typeof METHODS)[number], SpecOperation>>>;
  };
  const routes = new Map<string, Route>();
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation?.operationId) continue;
      const security = operation.security ?? spec.security ?? [];
      const auth = security.length === 0 || security.some((s) => Object.keys(s).length === 0) ? 'public' : 'cognito';
      routes.set(operation.operationId, { method, path, auth });
    }
  }
  return routes;
}

async function templateRoutes(): Promise<Route[]> {
  const template = await loadTemplate(TEMPLATE_PATH);
  const api = template.Resources.ProductApi?.Properties as Record<string, unknown> | undefined;
  const defaultAuthorizer = (api?.Auth as { DefaultAuthorizer?: string } | undefined)?.DefaultAuthorizer;
  const routes: Route[] = [];
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== 'AWS::Serverless::Function') continue;
    const events = (resource.Properties?.Events ?? {}) as Record<string, { Type: string; Properties: never }>;
    for (const event of Object.values(events)) {
      if (event.Type !== 'Api') continue;
      const props = event.Properties as {
        Path: string;
        Method: string;
        RestApiId?: unknown;
        Auth?: { Authorizer?: string };
      };
      expect(props.RestApiId, `${props.Method} ${props.Path} must use ProductApi`).toEqual({ Ref: 'ProductApi' });
      const authorizer = props.Auth?.Authorizer ?? defaultAuthorizer ?? 'NONE';
      routes.push({
        method: props.Method.toLowerCase(),
        path: props.Path,
        auth: authorizer === 'NONE' ? 'public' : 'cognito',
      });
    }
  }
  return routes;
}

describe('product API routes: template.yaml against tbs-contracts/openapi/product.yaml', () => {
  it('exposes every implemented operation with the spec path, method and auth', async () => {
    const spec = await specRoutes();
    const routes = await templateRoutes();
    for (const operationId of IMPLEMENTED) {
      const expected = spec.get(operationId);
      expect(expected, `${operationId} is not in the spec`).toBeDefined();
      expect(routes).toContainEqual(expected);
    }
  });

  it('exposes nothing the spec does not publish', async () => {
    const published = [...(await specRoutes()).values()];
    for (const route of await templateRoutes()) expect(published).toContainEqual(route);
  });
});
