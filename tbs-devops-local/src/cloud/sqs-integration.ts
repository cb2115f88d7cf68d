import { randomUUID } from 'node:crypto';
import { type MessageAttributeValue, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { GatewayRequest } from './api-events';

/** An `x-amazon-apigateway-integration` of type aws to `sqs:path/<account>/<queue>` (Action=SendMessage). */
export interface SqsIntegrationConfig {
  queueUrl: string;
  /** requestTemplates by content type; the `application/json` one is used when the request's type has none. */
  requestTemplates: Record<string, string>;
  /** The default integration response status (2xx), sent only once the message is enqueued. */
  successStatus: number;
  successBody: string;
}

/**
 * Renders the small subset of API Gateway's VTL that SendMessage request templates use:
 * `$input.body`, `$input.json('$')`, `$input.params('name')`, `$input.params().header.get('name')`,
 * `$util.urlEncode(...)`, `$util.base64Encode(...)`, `$context.requestId`. Anything else fails loudly,
 * so a template that would behave differently on AWS is noticed instead of silently mangled.
 */
export function renderRequestTemplate(template: string, req: GatewayRequest, requestId: string): string {
  const header = (name: string) => req.headers[name.toLowerCase()]?.[0] ?? '';
  const query = new URLSearchParams(req.rawQuery);
  const param = (name: string) => header(name) || query.get(name) || '';
  const body = req.body.toString('utf8');
  const expr = (e: string): string => {
    const s = e.trim();
    let m = /^\$util\.urlEncode\((.*)\)$/s.exec(s);
    if (m) return encodeURIComponent(expr(m[1]!));
    m = /^\$util\.base64Encode\((.*)\)$/s.exec(s);
    if (m) return Buffer.from(expr(m[1]!)).toString('base64');
    if (s === '$input.body' || s === "$input.json('$')" || s === '$input.json("$")') return body;
    m = /^\$input\.params\(\)\.header\.get\(['"]([^'"]+)['"]\)$/.exec(s);
    if (m) return header(m[1]!);
    m = /^\$input\.params\(\)\.querystring\.get\(['"]([^'"]+)['"]\)$/.exec(s);
    if (m) return query.get(m[1]!) ?? '';
    m = /^\$input\.params\(['"]([^'"]+)['"]\)$/.exec(s);
    if (m) return param(m[1]!);
    if (s === '$context.requestId') return requestId;
    throw new Error(`unsupported mapping-template expression ${s}`);
  };
  // Expressions are either ${...}-free calls or bare references; match calls with balanced parentheses.
  let out = '';
  let i = 0;
  while (i < template.length) {
    if (template[i] !== '$' || !/[a-z]/.test(template[i + 1] ?? '')) {
      out += template[i++];
      continue;
    }
    let j = i + 1;
    while (j < template.length && /[A-Za-z0-9_.]/.test(template[j]!)) j++;
    if (template[j] === '(') {
      let depth = 0;
      let quote = '';
      for (; j < template.length; j++) {
        const c = template[j]!;
        if (quote) {
          if (c === quote) quote = '';
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '(') depth++;
        else if (c === ')' && --depth === 0) break;
      }
      j++;
      // `$input.params().header.get(...)` continues after the first call.
      while (template[j] === '.') {
        let k = j + 1;
        while (k < template.length && /[A-Za-z0-9_]/.test(template[k]!)) k++;
        if (template[k] !== '(') break;
        const close = template.indexOf(')', k);
        j = close + 1;
      }
    }
    out += expr(template.slice(i, j));
    i = j;
  }
  return out;
}

/** Turns a rendered `Action=SendMessage&...` form into a SendMessage call and awaits the enqueue. */
export async function sendFromIntegration(
  sqs: SQSClient,
  config: SqsIntegrationConfig,
  req: GatewayRequest,
): Promise<{ statusCode: number; body: string; messageId: string }> {
  const requestId = randomUUID();
  const contentType = (req.headers['content-type']?.[0] ?? 'application/json').split(';')[0]!.trim();
  const template = config.requestTemplates[contentType] ?? config.requestTemplates['application/json'];
  if (template === undefined) throw new Error(`no request template for ${contentType}`);
  const form = new URLSearchParams(renderRequestTemplate(template, req, requestId).trim());
  if ((form.get('Action') ?? 'SendMessage') !== 'SendMessage') {
    throw new Error(`integration action ${form.get('Action')} is not supported`);
  }
  const attributes: Record<string, MessageAttributeValue> = {};
  for (let n = 1; form.has(`MessageAttribute.${n}.Name`); n++) {
    const name = form.get(`MessageAttribute.${n}.Name`)!;
    const dataType = form.get(`MessageAttribute.${n}.Value.DataType`) ?? 'String';
    const value = form.get(`MessageAttribute.${n}.Value.StringValue`) ?? '';
    // SQS rejects empty attribute values; API Gateway would fail the request the same way.
    if (value !== '') attributes[name] = { DataType: dataType, StringValue: value };
  }
  const out = await sqs.send(
    new SendMessageCommand({
      QueueUrl: config.queueUrl,
      MessageBody: form.get('MessageBody') ?? '',
      MessageAttributes: Object.keys(attributes).length > 0 ? attributes : undefined,
      MessageGroupId: form.get('MessageGroupId') ?? undefined,
      MessageDeduplicationId: form.get('MessageDeduplicationId') ?? undefined,
      DelaySeconds: form.has('DelaySeconds') ? Number(form.get('DelaySeconds')) : undefined,
    }),
  );
  const messageId = out.MessageId ?? '';
  const body =
    config.successBody ||
    JSON.stringify({
      SendMessageResponse: { SendMessageResult: { MessageId: messageId }, ResponseMetadata: { RequestId: requestId } },
    });
  return { statusCode: config.successStatus, body, messageId };
}
