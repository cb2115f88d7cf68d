import type { ValidateFunction } from 'ajv';
import { ulid } from 'ulid';
import { isRecord } from './api-event';
import type { ProblemFieldError } from './http-problem';
import { fieldErrorsOf } from './validate-request';

/** A CloudEvents 1.0 structured-mode event as the shop publishes it (attribute names per the spec, lower-case). */
export interface CloudEvent<TData = unknown, TType extends string = string> {
  specversion: '1.0';
  id: string;
  source: string;
  type: TType;
  time: string;
  subject: string;
  datacontenttype: 'application/json';
  correlationid: string;
  data: TData;
}

/**
 * Compiled validators by event type (e.g. `eventValidators` of `@tbs/contracts/validators`). Each validates the
 * whole event, envelope and data, against the schema of its `type`.
 */
export type EventValidators = Readonly<Record<string, ValidateFunction<unknown> | undefined>>;

/** An event whose `type` has no schema here: a producer must not send it, a consumer cannot trust it. */
export class UnknownEventTypeError extends Error {
  override readonly name = 'UnknownEventTypeError';
  constructor(readonly eventType: string) {
    super(`No schema for event type ${JSON.stringify(eventType.slice(0, 200))}`);
  }
}

/** An event that is not JSON, not a CloudEvent, or does not match the schema of its type. */
export class InvalidCloudEventError extends Error {
  override readonly name = 'InvalidCloudEventError';
  constructor(
    message: string,
    readonly errors: ProblemFieldError[] = [],
    readonly eventType?: string,
    readonly eventId?: string,
  ) {
    super(
      errors.length ? `${message}: ${errors.map((error) => `${error.path} ${error.message}`).join('; ')}` : message,
    );
  }
}

export interface CreateCloudEventInput<TData, TType extends string> {
  /** `tbs-app-<service>` */
  source: string;
  /** `tbs.<service>.<EventName>.v<major>` */
  type: TType;
  /** The aggregate id the event is about. */
  subject: string;
  data: TData;
  correlationId: string;
  /** Defaults to a new ULID. */
  id?: string;
  /** Defaults to now. */
  time?: Date | string;
}

const requireText = (name: string, value: unknown): string => {
  if (typeof value !== 'string' || value.trim() === '')
    throw new TypeError(`CloudEvent ${name} must be a non-empty string`);
  return value;
};

export const createCloudEvent = <TData, TType extends string = string>(
  input: CreateCloudEventInput<TData, TType>,
): CloudEvent<TData, TType> => {
  const time = input.time === undefined ? new Date() : new Date(input.time);
  if (Number.isNaN(time.getTime())) throw new TypeError('CloudEvent time must be a valid date');
  return {
    specversion: '1.0',
    id: input.id === undefined ? ulid() : requireText('id', input.id),
    source: requireText('source', input.source),
    type: requireText('type', input.type) as TType,
    time: time.toISOString(),
    subject: requireText('subject', input.subject),
    datacontenttype: 'application/json',
    correlationid: requireText('correlationId', input.correlationId),
    data: input.data,
  };
};

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;

// The envelope rules every event shares, checked before (and independently of) the per-type schema.
const envelopeErrors = (event: Record<string, unknown>): ProblemFieldError[] => {
  const errors: ProblemFieldError[] = [];
  const text = (name: string) => {
    const value = event[name];
    if (typeof value !== 'string' || value === '')
      errors.push({ path: `/${name}`, message: 'must be a non-empty string' });
  };
  if (event.specversion !== '1.0') errors.push({ path: '/specversion', message: 'must be "1.0"' });
  for (const name of ['id', 'source', 'type', 'subject', 'correlationid']) text(name);
  if (typeof event.time !== 'string' || !RFC3339.test(event.time) || Number.isNaN(Date.parse(event.time))) {
    errors.push({ path: '/time', message: 'must be an RFC 3339 timestamp' });
  }
  if (event.datacontenttype !== 'application/json') {
    errors.push({ path: '/datacontenttype', message: 'must be "application/json"' });
  }
  if (!('data' in event)) errors.push({ path: '/data', message: 'is required' });
  return errors;
};

/**
 * Checks an event (already an object) against the envelope rules and the schema of its type; returns it typed.
 * Throws `UnknownEventTypeError` or `InvalidCloudEventError`.
 */
export const assertCloudEvent = <TEvent extends CloudEvent = CloudEvent>(
  candidate: unknown,
  validators: EventValidators,
): TEvent => {
  if (!isRecord(candidate)) throw new InvalidCloudEventError('Not a CloudEvent: expected a JSON object');
  if (candidate.Type === 'Notification' && typeof candidate.Message === 'string') {
    throw new InvalidCloudEventError(
      'Not a CloudEvent but an SNS envelope: subscribe the queue with RawMessageDelivery',
    );
  }
  const eventType = typeof candidate.type === 'string' ? candidate.type : undefined;
  const eventId = typeof candidate.id === 'string' ? candidate.id.slice(0, 128) : undefined;
  const envelope = envelopeErrors(candidate);
  if (envelope.length > 0)
    throw new InvalidCloudEventError('Invalid CloudEvent envelope', envelope, eventType, eventId);
  const validate = Object.hasOwn(validators, eventType as string) ? validators[eventType as string] : undefined;
  if (!validate) throw new UnknownEventTypeError(eventType as string);
  if (!validate(candidate)) {
    throw new InvalidCloudEventError(
      `Event does not match ${eventType}`,
      fieldErrorsOf(validate.errors, ''),
      eventType,
      eventId,
    );
  }
  return candidate as unknown as TEvent;
};

/** Parses a structured-mode CloudEvent (JSON text, e.g. an SQS body) and validates it: see {@link assertCloudEvent}. */
export const parseCloudEvent = <TEvent extends CloudEvent = CloudEvent>(
  json: string | unknown,
  validators: EventValidators,
): TEvent => {
  let candidate: unknown = json;
  if (typeof json === 'string') {
    try {
      candidate = JSON.parse(json);
    } catch {
      throw new InvalidCloudEventError('Not a CloudEvent: the message is not valid JSON');
    }
  }
  return assertCloudEvent<TEvent>(candidate, validators);
};
