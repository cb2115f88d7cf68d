import { isRecord } from './api-event';
import { HttpProblem } from './http-problem';

/** The Cognito group whose members may use admin operations. */
export const ADMIN_GROUP = 'Administrators';

/** Who is calling, from the verified Cognito ID token. `customerId` is the token's `sub`. */
export interface Caller {
  customerId: string;
  email: string;
  isAdmin: boolean;
  groups: string[];
}

const MAX_CLAIM_LENGTH = 320;

const claimsOf = (event: unknown): Record<string, unknown> | undefined => {
  if (!isRecord(event) || !isRecord(event.requestContext)) return undefined;
  const authorizer = event.requestContext.authorizer;
  if (!isRecord(authorizer)) return undefined;
  // REST API Cognito authorizer: authorizer.claims; HTTP API JWT authorizer: authorizer.jwt.claims.
  if (isRecord(authorizer.claims)) return authorizer.claims;
  if (isRecord(authorizer.jwt) && isRecord(authorizer.jwt.claims)) return authorizer.jwt.claims;
  return undefined;
};

/**
 * `cognito:groups` as API Gateway hands it over: a JSON array (HTTP API, some tools), "[a b]" (HTTP API renders
 * arrays that way), or a comma- or space-separated string (REST API).
 */
export const parseGroups = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.filter((group): group is string => typeof group === 'string' && group !== '');
  if (typeof value !== 'string') return [];
  const trimmed = value.trim();
  const inner = trimmed.startsWith('[') && trimmed.endsWith(']') ? trimmed.slice(1, -1) : trimmed;
  return inner
    .split(/[\s,]+/)
    .map((group) => group.replace(/^"|"$/g, ''))
    .filter((group) => group !== '');
};

const claim = (claims: Record<string, unknown>, name: string): string | undefined => {
  const value = claims[name];
  return typeof value === 'string' && value.trim() !== '' && value.length <= MAX_CLAIM_LENGTH
    ? value.trim()
    : undefined;
};

/**
 * The caller of an API Gateway request whose Cognito authorizer has verified an ID token (REST or HTTP API).
 * No claims, no `sub` or no `email` (e.g. an access token) -> 401 `UNAUTHORIZED` problem.
 */
export const callerFromEvent = (event: unknown): Caller => {
  const claims = claimsOf(event);
  if (!claims) throw HttpProblem.unauthorized();
  const customerId = claim(claims, 'sub');
  const email = claim(claims, 'email');
  if (!customerId || !email) throw HttpProblem.unauthorized('The token does not identify a customer.');
  const groups = parseGroups(claims['cognito:groups']);
  return { customerId, email, isAdmin: groups.includes(ADMIN_GROUP), groups };
};

/** Throws a 403 `FORBIDDEN` problem unless the caller is an administrator. Returns the caller for chaining. */
export const requireAdmin = (caller: Caller): Caller => {
  if (!caller.isAdmin) throw HttpProblem.forbidden('This operation is for administrators.');
  return caller;
};
