/** One parameter location of an operation, or nothing when the operation has none there. */
type ParameterPart<T> = [NonNullable<T>] extends [never] ? unknown : NonNullable<T>;

/**
 * The single params object a request's params validator checks: path, query and header parameters of an
 * openapi-typescript operation merged, header names spelled as in the spec (e.g. `If-Match`).
 */
export type OperationParams<Op extends { parameters: { path?: unknown; query?: unknown; header?: unknown } }> =
  ParameterPart<Op['parameters']['path']> &
    ParameterPart<Op['parameters']['query']> &
    ParameterPart<Op['parameters']['header']>;
