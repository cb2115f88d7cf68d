import type { SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import type { GatewayRequest } from '../../src/cloud/api-events';
import {
  integrationResponsesOf,
  renderRequestTemplate,
  type SqsIntegrationConfig,
  sendFromIntegration,
} from '../../src/cloud/sqs-integration';

const req: GatewayRequest = {
  method: 'POST',
  path: '/order/v1/payments/stripe/webhook',
  rawQuery: 'source=stripe',
  headers: { 'stripe-signature': ['t=1,v1=a b&c'], 'content-type': ['application/json'] },
  body: Buffer.from('{"id":"evt_1","amount":100}'),
  sourceIp: '127.0.0.1',
  domainName: 'localhost',
};

describe('API Gateway mapping templates for SQS integrations', () => {
  it('renders the body, headers, query parameters and request id the way SendMessage templates use them', () => {
    const out = renderRequestTemplate(
      "Action=SendMessage&MessageBody=$util.urlEncode($input.body)&Sig=$util.urlEncode($input.params().header.get('Stripe-Signature'))&Src=$input.params('source')&Id=$context.requestId&B64=$util.base64Encode($input.json('$'))",
      req,
      'req-1',
    );
    const form = new URLSearchParams(out);
    expect(form.get('MessageBody')).toBe('{"id":"evt_1","amount":100}');
    expect(form.get('Sig')).toBe('t=1,v1=a b&c');
    expect(form.get('Src')).toBe('stripe');
    expect(form.get('Id')).toBe('req-1');
    expect(Buffer.from(form.get('B64')!, 'base64').toString()).toBe('{"id":"evt_1","amount":100}');
  });

  it('refuses expressions it cannot render faithfully instead of sending something else than AWS would', () => {
    expect(() => renderRequestTemplate('MessageBody=$input.path("$.id")', req, 'r')).toThrow(
      /unsupported mapping-template expression/,
    );
  });
});

describe('SQS integration responses', () => {
  const config: SqsIntegrationConfig = {
    queueUrl: 'http://sqs.local/000000000000/webhook',
    requestTemplates: { 'application/json': 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)' },
    passthroughBehavior: 'never',
    responses: integrationResponsesOf({
      default: { statusCode: '200', responseTemplates: { 'application/json': '{"received":true}' } },
      '400': {
        statusCode: '400',
        responseParameters: { 'method.response.header.Content-Type': "'application/problem+json'" },
        responseTemplates: { 'application/json': '{"status":400,"requestId":"$context.requestId"}' },
      },
      '40[1-9]|4[1-9]\\d|5\\d{2}': { statusCode: '500', responseTemplates: { 'application/json': '{"status":500}' } },
    }),
  };
  /** An SQS client answering every SendMessage with the given HTTP status (200: enqueued). */
  const sqsAnswering = (status: number | 'unreachable') =>
    ({
      send: async () => {
        if (status === 200) return { MessageId: 'm-1' };
        const error = new Error(`SQS answered ${status}`);
        if (status !== 'unreachable') Object.assign(error, { $metadata: { httpStatusCode: status } });
        throw error;
      },
    }) as unknown as SQSClient;

  it.each([
    [200, 200, '{"received":true}', 'application/json'],
    [400, 400, '{"status":400,"requestId":"req-9"}', 'application/problem+json'],
    [403, 500, '{"status":500}', 'application/json'],
    [500, 500, '{"status":500}', 'application/json'],
    [503, 500, '{"status":500}', 'application/json'],
  ])('SQS answering %i selects the %i response', async (sqsStatus, status, body, contentType) => {
    const out = await sendFromIntegration(sqsAnswering(sqsStatus), config, req, 'req-9');
    expect(out).toEqual({ statusCode: status, headers: { 'content-type': [contentType] }, body });
  });

  it('is an integration failure when SQS cannot be reached, and 415 for a content type without a template', async () => {
    expect(await sendFromIntegration(sqsAnswering('unreachable'), config, req)).toEqual({
      gatewayResponse: 'INTEGRATION_FAILURE',
    });
    const xml = { ...req, headers: { 'content-type': ['application/xml'] } };
    expect(await sendFromIntegration(sqsAnswering(200), config, xml)).toEqual({
      gatewayResponse: 'UNSUPPORTED_MEDIA_TYPE',
    });
  });
});
