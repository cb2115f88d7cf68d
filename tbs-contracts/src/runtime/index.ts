export { type ApiEvent, headerOf, requestPathOf } from './api-event';
export { ADMIN_GROUP, type Caller, callerFromEvent, parseGroups, requireAdmin } from './caller';
export { CORRELATION_ID_HEADER, correlationIdFrom } from './correlation-id';
export { type Cursor, type CursorValue, decodeCursor, encodeCursor } from './cursor';
export { etagOf, parseIfMatch } from './etag';
export {
  HttpProblem,
  type HttpProblemOptions,
  PROBLEM_TYPE_BASE,
  type ProblemDetails,
  type ProblemFieldError,
  problemTypeFor,
  titleForStatus,
} from './http-problem';
export { jsonResponse } from './json-response';
export {
  DOMAIN_ERROR_STATUS,
  type DomainErrorKind,
  type DomainErrorLike,
  isDomainErrorLike,
  PROBLEM_CONTENT_TYPE,
  type ProblemJsonOptions,
  type ProblemResponse,
  problemFor,
  problemJson,
} from './problem-json';
export { consoleJsonLogger, errorAttributes, type RuntimeLogger } from './runtime-logger';
export {
  DEFAULT_MAX_BODY_BYTES,
  fieldErrorsOf,
  type ValidatedEvent,
  type ValidateRequestOptions,
  validateRequest,
} from './validate-request';
