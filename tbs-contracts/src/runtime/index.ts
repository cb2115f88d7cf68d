export { type ApiEvent, headerOf, requestPathOf } from './api-event';
export { ADMIN_GROUP, type Caller, callerFromEvent, parseGroups, requireAdmin } from './caller';
export {
  assertCloudEvent,
  type CloudEvent,
  type CreateCloudEventInput,
  createCloudEvent,
  type EventValidators,
  InvalidCloudEventError,
  parseCloudEvent,
  UnknownEventTypeError,
} from './cloud-event';
export { CORRELATION_ID_HEADER, correlationIdFrom } from './correlation-id';
export { type Cursor, type CursorValue, decodeCursor, encodeCursor } from './cursor';
export { DynamoDbIdempotencyStore, type DynamoDbIdempotencyStoreOptions } from './dynamodb-idempotency-store';
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
export type { IdempotencyStore } from './idempotency-store';
export { jsonResponse } from './json-response';
export * from './outbox/index';
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
  EventPublishError,
  type EventValidatorsLoader,
  type FailedPublication,
  SnsEventPublisher,
} from './sns-event-publisher';
export { type SqsEventConsumerOptions, type SqsEventHandler, sqsEventConsumer } from './sqs-event-consumer';
export {
  DEFAULT_MAX_BODY_BYTES,
  fieldErrorsOf,
  type ValidatedEvent,
  type ValidateRequestOptions,
  validateRequest,
} from './validate-request';
