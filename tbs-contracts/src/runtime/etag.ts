import { HttpProblem } from './http-problem';

/** The strong ETag of an aggregate version: version 3 -> `"3"`. */
export const etagOf = (version: number): string => {
  if (!Number.isSafeInteger(version) || version < 0)
    throw new RangeError(`version must be a non-negative integer, got ${version}`);
  return `"${version}"`;
};

const STRONG_VERSION_TAG = /^"(0|[1-9][0-9]{0,15})"$/;

/**
 * The aggregate version an admin update expects, from its `If-Match` header.
 * Absent -> 428 `PRECONDITION_REQUIRED` (updates must say which version they change). Anything that is not one of
 * our strong ETags (weak tags, lists, `*`) can never match a current version -> 412 `PRECONDITION_FAILED`.
 */
export const parseIfMatch = (header: string | undefined | null): number => {
  if (header === undefined || header === null || header.trim() === '') throw HttpProblem.preconditionRequired();
  const match = STRONG_VERSION_TAG.exec(header.trim());
  const version = match?.[1] === undefined ? Number.NaN : Number(match[1]);
  if (!Number.isSafeInteger(version)) {
    throw HttpProblem.preconditionFailed('If-Match must be the ETag of the representation you read, e.g. "3".');
  }
  return version;
};
