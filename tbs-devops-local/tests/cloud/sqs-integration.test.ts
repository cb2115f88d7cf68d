import { describe, expect, it } from 'vitest';
import type { GatewayRequest } from '../../src/cloud/api-events';
import { renderRequestTemplate } from '../../src/cloud/sqs-integration';

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
