/** Base of every problem `type` URI: `${PROBLEM_TYPE_BASE}/<code in kebab-case>`. Stable: clients may key on it. */
export const PROBLEM_TYPE_BASE = 'https://problems.thebetterstore.example';

/** One failed check of a request, as listed in a problem's `errors`. `path` is a JSON pointer such as `/body/name`. */
export interface ProblemFieldError {
  path: string;
  message: string;
}

/** RFC 9457 problem details as this shop returns them (`code` is the stable machine-readable extension). */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  errors?: ProblemFieldError[];
}

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const titleForStatus = (status: number): string =>
  TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');

/** `VALIDATION_FAILED` -> `https://problems.thebetterstore.example/validation-failed`. */
export const problemTypeFor = (code: string): string =>
  `${PROBLEM_TYPE_BASE}/${code.toLowerCase().replaceAll('_', '-')}`;

export interface HttpProblemOptions {
  errors?: ProblemFieldError[];
  /** Response headers the status needs, e.g. `Allow` for 405 or `WWW-Authenticate` for 401. */
  headers?: Record<string, string>;
  cause?: unknown;
}

/**
 * An HTTP-level failure raised by the runtime or a handler (not by the domain, which has no HTTP knowledge).
 * `problemJson()` renders it as is: its status, its code and its message as `detail`.
 */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  readonly errors: ProblemFieldError[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    options: HttpProblemOptions = {},
  ) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(`HttpProblem status must be a 4xx or 5xx integer, got ${status}`);
    }
    this.errors = options.errors;
    this.headers = options.headers;
  }

  static badRequest(code: string, detail: string, errors?: ProblemFieldError[]): HttpProblem {
    return new HttpProblem(400, code, detail, errors ? { errors } : {});
  }

  static unauthorized(detail = 'A valid bearer token is required.'): HttpProblem {
    return new HttpProblem(401, 'UNAUTHORIZED', detail, { headers: { 'www-authenticate': 'Bearer' } });
  }

  static forbidden(detail = 'You are not allowed to do this.'): HttpProblem {
    return new HttpProblem(403, 'FORBIDDEN', detail);
  }

  static notFound(detail = 'The resource does not exist.'): HttpProblem {
    return new HttpProblem(404, 'NOT_FOUND', detail);
  }

  static methodNotAllowed(allowed: readonly string[]): HttpProblem {
    return new HttpProblem(405, 'METHOD_NOT_ALLOWED', `Allowed methods: ${allowed.join(', ')}.`, {
      headers: { allow: allowed.join(', ') },
    });
  }

  static preconditionFailed(detail = 'The resource has changed since you read it.'): HttpProblem {
    return new HttpProblem(412, 'PRECONDITION_FAILED', detail);
  }

  static preconditionRequired(detail = 'This update needs an If-Match header with the ETag you read.'): HttpProblem {
    return new HttpProblem(428, 'PRECONDITION_REQUIRED', detail);
  }
}
