import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';

/** A Cognito user-pool authorizer (REST) or JWT authorizer (HTTP API) bound to the local pool. */
export interface AuthorizerConfig {
  name: string;
  /** The pool's issuer as its openid-configuration states it. */
  issuer: string;
  jwksUri: string;
  /** Accepted `aud` values: the pool's app client ids (REST) or the JwtConfiguration audience (HTTP API). */
  audience: string[];
  /** REST Cognito authorizers accept ID tokens; HTTP API JWT authorizers also accept access tokens. */
  tokenUse: Array<'id' | 'access'>;
  /** Header carrying the token (IdentitySource), lower case. */
  header: string;
}

export class UnauthorizedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'UnauthorizedError';
  }
}

const jwksCache = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

/** Verifies the bearer token of a request as API Gateway would; returns its claims or throws UnauthorizedError. */
export async function verifyToken(
  config: AuthorizerConfig,
  headers: Record<string, string | undefined>,
): Promise<JWTPayload> {
  const raw = headers[config.header];
  if (!raw) throw new UnauthorizedError(`missing ${config.header} header`);
  // API Gateway's Cognito authorizer takes the bare token; clients commonly send "Bearer <token>": accept both.
  const token = raw.replace(/^Bearer\s+/i, '').trim();
  let jwks = jwksCache.get(config.jwksUri);
  if (!jwks) {
    jwks = createRemoteJWKSet(new URL(config.jwksUri), { cooldownDuration: 1000 });
    jwksCache.set(config.jwksUri, jwks);
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, jwks, { issuer: config.issuer, algorithms: ['RS256'] }));
  } catch (err) {
    throw new UnauthorizedError((err as Error).message);
  }
  const tokenUse = payload.token_use as string | undefined;
  if (!tokenUse || !config.tokenUse.includes(tokenUse as 'id' | 'access')) {
    throw new UnauthorizedError(`token_use ${tokenUse} is not accepted`);
  }
  // ID tokens name the app client in aud, access tokens in client_id.
  const audience = tokenUse === 'id' ? payload.aud : payload.client_id;
  const audiences = Array.isArray(audience) ? audience : [audience];
  if (!audiences.some((a) => typeof a === 'string' && config.audience.includes(a))) {
    throw new UnauthorizedError('audience not accepted');
  }
  return payload;
}

/** REST API claims are all strings (arrays flattened the way API Gateway renders them). */
export function restClaims(payload: JWTPayload): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [key, value] of Object.entries(payload)) {
    if (Array.isArray(value)) claims[key] = value.join(',');
    else if (typeof value === 'object' && value !== null) claims[key] = JSON.stringify(value);
    else claims[key] = String(value);
  }
  return claims;
}
