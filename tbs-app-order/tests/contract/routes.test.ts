import { operations } from '@tbs/contracts';
import { apiRoutes, loadTemplate } from '@tbs/devops-local/template';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_PATH } from '../fixtures/order-tables';

interface Route {
  method: string;
  path: string;
  auth: string;
}

describe('order API routes: template.yaml against the published operations of tbs-contracts', () => {
  it('exposes every order operation with the spec path, method and auth', async () => {
    const template = await loadTemplate(TEMPLATE_PATH);
    const routes: Route[] = apiRoutes(template).map(({ method, path, auth }) => ({ method, path, auth }));
    const api = template.Resources.OrderApi?.Properties as { DefinitionBody: { paths: Record<string, object> } };
    for (const [path, methods] of Object.entries(api.DefinitionBody.paths)) {
      for (const method of Object.keys(methods)) routes.push({ method: method.toUpperCase(), path, auth: 'stripe' });
    }
    const expected = operations
      .filter((op) => op.service === 'order')
      .map((op) => ({
        method: op.method,
        path: op.path,
        auth: op.auth === 'stripe' ? 'stripe' : 'cognito',
      }));
    const key = (r: Route) => `${r.method} ${r.path} ${r.auth}`;
    expect(routes.map(key).sort()).toEqual(expected.map(key).sort());
  });

  it('the webhook only enqueues: an SQS SendMessage integration carrying the raw body and the signature', async () => {
    const template = await loadTemplate(TEMPLATE_PATH);
    const api = template.Resources.OrderApi?.Properties as {
      DefinitionBody: { paths: Record<string, { post: Record<string, { requestTemplates: Record<string, string> }> }> };
    };
    const integration = api.DefinitionBody.paths['/payments/stripe/webhook']?.post['x-amazon-apigateway-integration'];
    const body = integration?.requestTemplates['application/json'] ?? '';
    expect(body).toContain('Action=SendMessage');
    expect(body).toContain('MessageBody=$util.urlEncode($input.body)');
    expect(body).toContain("$input.params('Stripe-Signature')");
    const role = template.Resources.WebhookIntegrationRole?.Properties as {
      Policies: { PolicyDocument: { Statement: { Action: string; Resource: unknown }[] } }[];
    };
    expect(role.Policies.flatMap((p) => p.PolicyDocument.Statement)).toEqual([
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': ['WebhookQueue', 'Arn'] } },
    ]);
  });
});
