import type { MiddlewareObj } from '@middy/core';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { type ApiEvent, headerOf, isRecord, stringMapOf } from './api-event';
import { HttpProblem, type ProblemFieldError } from './http-problem';

/** Default cap on a request body: far above any legitimate JSON request of the shop's APIs. */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

const MAX_LISTED_ERRORS = 20;
const MAX_MESSAGE_LENGTH = 200;

// application/json and structured-syntax suffixes such as application/merge-patch+json, with any parameters.
const JSON_MEDIA_TYPE = /^application\/(?:[a-z0-9.+-]+\+)?json\s*(?:;.*)?$/i;

export interface ValidateRequestOptions<TBody, TParams> {
  /** Validator of the parsed JSON body. When given, a body is required. */
  body?: ValidateFunction<TBody>;
  /** Validator of the one params object described on {@link validateRequest}. */
  params?: ValidateFunction<TParams>;
  /** Header names (as the params validator spells them, e.g. `Idempotency-Key`) to copy into the params object. */
  headers?: readonly string[];
  maxBodyBytes?: number;
}

/** The event a handler sees after {@link validateRequest}: `body` parsed and validated, `params` validated. */
export type ValidatedEvent<
  TBody = unknown,
  TParams = Record<string, string>,
  TEvent extends ApiEvent = APIGatewayProxyEvent,
> = Omit<TEvent, 'body'> & { body: TBody; params: TParams };

const pointerSegment = (name: string): string => name.replaceAll('~', '~0').replaceAll('/', '~1');

/** Ajv errors as `{path, message}`, pointing at the offending member and never quoting the input. */
export const fieldErrorsOf = (errors: readonly ErrorObject[] | null | undefined, prefix: string): ProblemFieldError[] =>
  (errors ?? []).slice(0, MAX_LISTED_ERRORS).map((error) => {
    let path = `${prefix}${error.instancePath}`;
    const params = error.params as { missingProperty?: unknown; additionalProperty?: unknown };
    if (error.keyword === 'required' && typeof params.missingProperty === 'string') {
      path += `/${pointerSegment(params.missingProperty)}`;
    } else if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
      path += `/${pointerSegment(params.additionalProperty)}`;
    }
    const message =
      error.keyword === 'additionalProperties'
        ? 'is not allowed'
        : (error.message ?? 'is invalid').slice(0, MAX_MESSAGE_LENGTH);
    return { path, message };
  });

const validationFailed = (errors: ProblemFieldError[]): HttpProblem =>
  HttpProblem.badRequest('VALIDATION_FAILED', 'The request is not valid: see errors.', errors);

const readBody = (event: Record<string, unknown>, maxBodyBytes: number): string | undefined => {
  const raw = event.body;
  if (typeof raw !== 'string' || raw.length === 0) return undefined;
  // A base64 string is 4/3 of its bytes: reject oversized payloads before decoding them.
  const encodedLimit = event.isBase64Encoded === true ? Math.ceil((maxBodyBytes * 4) / 3) + 4 : maxBodyBytes;
  if (raw.length > encodedLimit) throw tooLarge(maxBodyBytes);
  const text = event.isBase64Encoded === true ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > maxBodyBytes) throw tooLarge(maxBodyBytes);
  return text;
};

const tooLarge = (maxBodyBytes: number): HttpProblem =>
  new HttpProblem(413, 'CONTENT_TOO_LARGE', `The request body exceeds ${maxBodyBytes} bytes.`);

/**
 * Middy `before` middleware that checks a request against its operation's compiled validators.
 *
 * - A request with a body must be JSON (`application/json` or `application/*+json`, else 415
 *   `UNSUPPORTED_MEDIA_TYPE`), at most `maxBodyBytes` (default 256 KiB, else 413 `CONTENT_TOO_LARGE`), and parse
 *   (else 400 `INVALID_JSON`). The parsed value replaces `event.body`. Base64-encoded bodies are decoded first.
 * - With a `body` validator the body is required, and a body the validator rejects is a 400 `VALIDATION_FAILED`
 *   whose `errors` point into it (`/body/lines/0/quantity`).
 * - The `params` validator receives ONE object: the query string parameters, then the requested `headers`
 *   (under the names given in `headers`), then the path parameters (a path parameter wins over a query parameter
 *   of the same name). All values are strings as API Gateway delivers them; a validator compiled with
 *   `coerceTypes` converts them in place. The validated object is exposed as `event.params`; errors point at
 *   `/params/<name>`.
 */
export const validateRequest = <
  TBody = unknown,
  TParams = Record<string, string>,
  TEvent extends ApiEvent = APIGatewayProxyEvent,
>(
  options: ValidateRequestOptions<TBody, TParams> = {},
): MiddlewareObj<ValidatedEvent<TBody, TParams, TEvent>> => {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return {
    before: (request) => {
      const event = request.event as unknown as Record<string, unknown>;
      if (!isRecord(event)) throw new TypeError('validateRequest expects an API Gateway proxy event');

      const text = readBody(event, maxBodyBytes);
      if (text !== undefined) {
        const contentType = headerOf(event, 'content-type');
        if (!contentType || !JSON_MEDIA_TYPE.test(contentType)) {
          throw new HttpProblem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json.');
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          throw HttpProblem.badRequest('INVALID_JSON', 'The request body is not valid JSON.');
        }
        if (options.body && !options.body(parsed)) throw validationFailed(fieldErrorsOf(options.body.errors, '/body'));
        event.body = parsed;
      } else if (options.body) {
        throw validationFailed([{ path: '/body', message: 'is required' }]);
      } else {
        event.body = undefined;
      }

      const params: Record<string, unknown> = { ...stringMapOf(event.queryStringParameters) };
      for (const name of options.headers ?? []) {
        const value = headerOf(event, name);
        if (value !== undefined) params[name] = value;
      }
      Object.assign(params, stringMapOf(event.pathParameters));
      if (options.params && !options.params(params))
        throw validationFailed(fieldErrorsOf(options.params.errors, '/params'));
      event.params = params;
    },
  };
};
