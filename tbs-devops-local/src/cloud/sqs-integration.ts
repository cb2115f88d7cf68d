import { randomUUID } from 'node:crypto';
import { type MessageAttributeValue, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { GatewayRequest } from './api-events';
import type { GatewayResponseType } from './gateway-responses';

/** One integration response: chosen when its selection pattern matches SQS's HTTP status (the default otherwise). */
export interface IntegrationResponse {
  /** A Java-style regular expression matched against the whole status code; undefined for the default. */
  selectionPattern?: string;
  statusCode: number;
  /** Static method response headers (`method.response.header.X: "'value'"`), unquoted. */
  headers: Record<string, string>;
  /** Body templates by content type (static text and `$context.requestId`). */
  templates: Record<string, string>;
}

/** An `x-amazon-apigateway-integration` of type aws to `sqs:path/<account>/<queue>` (Action=SendMessage). */
export interface SqsIntegrationConfig {
  queueUrl: string;
  /** requestTemplates by content type (without parameters). */
  requestTemplates: Record<string, string>;
  /** `never` and `when_no_templates` (with templates) refuse a content type without a template: 415. */
  passthroughBehavior: 'when_no_match' | 'when_no_templates' | 'never';
  responses: IntegrationResponse[];
}

/** Reads the integration's `responses` (keys are selection patterns, `default` the default). */
export function integrationResponsesOf(raw: unknown): IntegrationResponse[] {
  const out: IntegrationResponse[] = [];
  for (const [pattern, value] of Object.entries((raw ?? {}) as Record<string, Record<string, unknown>>)) {
    const headers: Record<string, string> = {};
    for (const [key, v] of Object.entries((value.responseParameters ?? {}) as Record<string, unknown>)) {
      const name = /^method\.response\.header\.(.+)$/.exec(key)?.[1];
      const literal = /^'(.*)'$/s.exec(String(v))?.[1];
      if (!name || literal === undefined) {
        throw new Error(
          `integration response parameter ${key}: ${String(v)} is not supported locally (static headers only)`,
        );
      }
      headers[name] = literal;
    }
    out.push({
      ...(pattern === 'default' ? {} : { selectionPattern: pattern }),
      statusCode: Number(value.statusCode ?? 200),
      headers,
      templates: (value.responseTemplates ?? {}) as Record<string, string>,
    });
  }
  return out;
}

/** The response API Gateway selects for the integration's HTTP status, as a whole-string regular expression match. */
export function selectIntegrationResponse(
  responses: readonly IntegrationResponse[],
  status: number,
): IntegrationResponse | undefined {
  const matched = responses.find(
    (r) => r.selectionPattern !== undefined && new RegExp(`^(?:${r.selectionPattern})$`).test(String(status)),
  );
  return matched ?? responses.find((r) => r.selectionPattern === undefined);
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

export type IntegrationResult =
  | { statusCode: number; headers: Record<string, string[]>; body: string }
  | { gatewayResponse: GatewayResponseType };

/**
 * Turns a rendered `Action=SendMessage&...` form into a SendMessage call and answers with the integration response
 * selected by SQS's HTTP status (a refused message is SQS's 400, throttling 403, an outage 5xx), as API Gateway does.
 */
export async function sendFromIntegration(
  sqs: SQSClient,
  config: SqsIntegrationConfig,
  req: GatewayRequest,
  requestId: string = randomUUID(),
): Promise<IntegrationResult> {
  // Without a Content-Type API Gateway assumes application/json; parameters (charset) do not select templates.
  const contentType = (req.headers['content-type']?.[0] ?? 'application/json').split(';')[0]!.trim().toLowerCase();
  const template = config.requestTemplates[contentType];
  if (template === undefined) {
    const hasTemplates = Object.keys(config.requestTemplates).length > 0;
    if (
      config.passthroughBehavior === 'never' ||
      (config.passthroughBehavior === 'when_no_templates' && hasTemplates)
    ) {
      return { gatewayResponse: 'UNSUPPORTED_MEDIA_TYPE' };
    }
    throw new Error(`no request template for ${contentType}: passing the body through to SQS is not supported locally`);
  }
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
  let status: number;
  try {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: config.queueUrl,
        MessageBody: form.get('MessageBody') ?? '',
        MessageAttributes: Object.keys(attributes).length > 0 ? attributes : undefined,
        MessageGroupId: form.get('MessageGroupId') ?? undefined,
        MessageDeduplicationId: form.get('MessageDeduplicationId') ?? undefined,
        DelaySeconds: form.has('DelaySeconds') ? Number(form.get('DelaySeconds')) : undefined,
      }),
    );
    status = 200;
  } catch (err) {
    const httpStatus = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    // No HTTP answer at all (SQS unreachable): the integration failed.
    if (httpStatus === undefined) return { gatewayResponse: 'INTEGRATION_FAILURE' };
    status = httpStatus;
  }
  const selected = selectIntegrationResponse(config.responses, status);
  if (!selected) return { gatewayResponse: 'API_CONFIGURATION_ERROR' };
  const [templateType, body] = Object.entries(selected.templates)[0] ?? ['application/json', ''];
  const headers: Record<string, string[]> = { 'content-type': [templateType] };
  for (const [name, value] of Object.entries(selected.headers)) headers[name.toLowerCase()] = [value];
  return { statusCode: selected.statusCode, headers, body: renderResponseTemplate(body, requestId) };
}

/** Integration response templates of the shop are static apart from the request id; anything else fails loudly. */
function renderResponseTemplate(template: string, requestId: string): string {
  return template.replace(/\$[a-z][A-Za-z0-9_.]*/g, (expr) => {
    if (expr === '$context.requestId') return requestId;
    throw new Error(`unsupported response-template expression ${expr}`);
  });
}
