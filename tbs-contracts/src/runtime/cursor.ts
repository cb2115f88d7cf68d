import { isRecord } from './api-event';
import { HttpProblem } from './http-problem';

/** Cursor values: what a DynamoDB DocumentClient `LastEvaluatedKey` or a keyset position holds. */
export type CursorValue = string | number | boolean | null;
export type Cursor = Record<string, CursorValue>;

const MAX_CURSOR_LENGTH = 2048;

/** An opaque page cursor: base64url of the JSON object. */
export const encodeCursor = (position: Cursor): string =>
  Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');

const badCursor = (): HttpProblem =>
  HttpProblem.badRequest('INVALID_CURSOR', 'The cursor is not one this API returned.', [
    { path: '/params/cursor', message: 'is not a valid cursor' },
  ]);

const isCursor = (value: unknown): value is Cursor =>
  isRecord(value) &&
  Object.values(value).every(
    (entry) => entry === null || typeof entry === 'string' || typeof entry === 'boolean' || Number.isFinite(entry),
  );

/**
 * The position a cursor encodes, or `undefined` when there is no cursor (first page).
 * Anything else than a flat JSON object of scalars -> 400 `INVALID_CURSOR`. A cursor comes from the client, so
 * pass `isValid` to check it has exactly the keys your query uses (e.g. the partition of the caller's own items)
 * before it becomes an `ExclusiveStartKey`.
 */
export const decodeCursor = <T extends Cursor = Cursor>(
  cursor: string | undefined | null,
  isValid?: (position: Cursor) => boolean,
): T | undefined => {
  if (cursor === undefined || cursor === null || cursor === '') return undefined;
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw badCursor();
  let position: unknown;
  try {
    position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!isCursor(position)) throw badCursor();
  if (isValid && !isValid(position)) throw badCursor();
  return position as T;
};
