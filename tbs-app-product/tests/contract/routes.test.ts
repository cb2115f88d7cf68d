import { operations } from '@tbs/contracts';
import { apiRoutes, loadTemplate } from '@tbs/devops-local/template';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_PATH } from '../fixtures/products-table';

/** Every operation of the spec; each must appear in the template exactly as the spec publishes it. */
const IMPLEMENTED = [
  'listProducts',
  'createProduct',
  'getProduct',
  'updateProduct',
  'archiveProduct',
  'listCategories',
];

interface Route {
  method: string;
  path: string;
  /** `public`, or `cognito` when API Gateway must verify a user-pool token (customer and admin operations). */
  auth: 'public' | 'cognito';
}

const published = new Map<string, Route>(
  operations
    .filter((op) => op.service === 'product')
    .map((op) => [
      op.operationId,
      { method: op.method, path: op.path, auth: op.auth === 'public' ? 'public' : 'cognito' },
    ]),
);

async function templateRoutes(): Promise<Route[]> {
  const routes = apiRoutes(await loadTemplate(TEMPLATE_PATH));
  for (const route of routes) {
    expect(route.apiId, `${route.method} ${route.path} must use ProductApi`).toBe('ProductApi');
  }
  return routes.map(({ method, path, auth }) => ({ method, path, auth }));
}

describe('product API routes: template.yaml against the published operations of tbs-contracts', () => {
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
