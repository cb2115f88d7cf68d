import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { requestPathOf } from './api-event';
import { correlationIdFrom } from './correlation-id';
import { HttpProblem, type ProblemDetails, problemTypeFor, titleForStatus } from './http-problem';
import { consoleJsonLogger, errorAttributes, type RuntimeLogger } from './runtime-logger';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The `kind` of a domain error and the HTTP status it becomes: the one table every service shares. */
export const DOMAIN_ERROR_STATUS = {
  validation: 422,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unauthorized: 401,
  precondition_failed: 412,
  precondition_required: 428,
} as const;

export type DomainErrorKind = keyof typeof DOMAIN_ERROR_STATUS;

/** What the middleware recognises as a domain error: services keep their own `DomainError` base (no imports). */
export interface DomainErrorLike {
  readonly code: string;
  readonly kind: DomainErrorKind;
  readonly message: string;
}

const CODE_PATTERN = /^[A-Z][A-Z0-9_]*$/;

export const isDomainErrorLike = (error: unknown): error is DomainErrorLike => {
  if (typeof error !== 'object' || error === null) return false;
  const { code, kind } = error as { code?: unknown; kind?: unknown };
  return (
    typeof code === 'string' &&
    CODE_PATTERN.test(code) &&
    typeof kind === 'string' &&
    Object.hasOwn(DOMAIN_ERROR_STATUS, kind)
  );
};

// Errors of other middy middlewares (http-errors style) that are meant to reach the client.
const isExposedHttpError = (error: unknown): error is { statusCode: number; message: string } => {
  if (typeof error !== 'object' || error === null) return false;
  const { statusCode, expose } = error as { statusCode?: unknown; expose?: unknown };
  return expose === true && typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500;
};

export interface ProblemResponse {
  status: number;
  problem: ProblemDetails;
  headers: Record<string, string>;
}

/** The problem details an error becomes (exported so SQS-free code paths and tests can render the same thing). */
export const problemFor = (error: unknown, instance?: string): ProblemResponse => {
  const build = (status: number, code: string, detail: string | undefined, extra: Partial<ProblemDetails> = {}) => ({
    type: problemTypeFor(code),
    title: titleForStatus(status),
    status,
    ...(detail === undefined ? {} : { detail }),
    ...(instance === undefined ? {} : { instance }),
    code,
    ...extra,
  });
  if (error instanceof HttpProblem) {
    return {
      status: error.status,
      problem: build(error.status, error.code, error.message, error.errors ? { errors: error.errors } : {}),
      headers: error.headers ?? {},
    };
  }
  if (isDomainErrorLike(error)) {
    const status = DOMAIN_ERROR_STATUS[error.kind];
    return { status, problem: build(status, error.code, error.message), headers: {} };
  }
  if (isExposedHttpError(error)) {
    const code = titleForStatus(error.statusCode).toUpperCase().replaceAll(' ', '_');
    return { status: error.statusCode, problem: build(error.statusCode, code, error.message), headers: {} };
  }
  return { status: 500, problem: build(500, 'INTERNAL_ERROR', undefined), headers: {} };
};

export interface ProblemJsonOptions {
  logger?: RuntimeLogger;
}

/**
 * Middy error middleware that turns any error into an RFC 9457 `application/problem+json` response.
 * Register it with the LAST `.use()` so it handles errors first (middy runs onError in reverse order); it sets
 * `request.response` and lets earlier error middlewares (e.g. CORS headers) still decorate it.
 * Unknown errors become a 500 `INTERNAL_ERROR` without detail; their message and stack go to the log only.
 */
export const problemJson = (
  options: ProblemJsonOptions = {},
): MiddlewareObj<unknown, APIGatewayProxyResult, unknown> => {
  const logger = options.logger ?? consoleJsonLogger;
  return {
    onError: (request) => {
      const instance = requestPathOf(request.event);
      const { status, problem, headers } = problemFor(request.error, instance);
      const logAttributes = {
        status,
        code: problem.code,
        path: instance,
        correlationId: correlationIdFrom(request.event),
      };
      if (status >= 500) logger.error('Request failed', { ...logAttributes, error: errorAttributes(request.error) });
      else logger.info('Request rejected', logAttributes);
      request.response = {
        statusCode: status,
        headers: { ...headers, 'content-type': PROBLEM_CONTENT_TYPE },
        body: JSON.stringify(problem),
      };
    },
  };
};
