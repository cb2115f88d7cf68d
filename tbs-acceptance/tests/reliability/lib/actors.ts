// The callers of the authorization matrix: real Cognito users, plus two tokens no authorizer may accept.
import { createPrivateKey, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { TestCloud } from '@tbs/devops-local/harness';

export type Caller = 'anonymous' | 'customerA' | 'customerB' | 'admin' | 'expired' | 'forged';
export const CALLERS: readonly Caller[] = ['anonymous', 'customerA', 'customerB', 'admin', 'expired', 'forged'];

export interface Actors {
  emails: { customerA: string; customerB: string; admin: string };
  /** The bearer token each caller sends (none for anonymous). */
  tokens: Record<Caller, string | undefined>;
  /** Cognito `sub` of each customer. */
  subs: { customerA: string; customerB: string; admin: string };
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

function sign(header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyObject): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const signature = createSign('RSA-SHA256').update(input).sign(key);
  return `${input}.${b64url(signature)}`;
}

/** The Cognito stand-in's own signing key, so an expired token is otherwise perfectly valid. */
function cognitoStandInKey(): KeyObject {
  const fromLocalCloud = createRequire(import.meta.resolve('@tbs/devops-local/harness'));
  const file = fromLocalCloud.resolve('cognito-local/lib/keys/cognitoLocal.private.json');
  return createPrivateKey({
    key: (JSON.parse(readFileSync(file, 'utf8')) as { jwk: import('node:crypto').JsonWebKey }).jwk,
    format: 'jwk',
  });
}

export async function createActors(cloud: TestCloud, tag: string): Promise<Actors> {
  const emails = {
    customerA: `aroha-${tag.toLowerCase()}@example.com`,
    customerB: `rangi-${tag.toLowerCase()}@example.com`,
    admin: `ops-${tag.toLowerCase()}@example.com`,
  };
  await cloud.createUser({ email: emails.customerA, name: 'Aroha Ngata' });
  await cloud.createUser({ email: emails.customerB, name: 'Rangi Parata' });
  await cloud.createUser({ email: emails.admin, name: 'Ops Admin', admin: true });
  const [a, b, admin] = await Promise.all([
    cloud.tokenFor(emails.customerA),
    cloud.tokenFor(emails.customerB),
    cloud.tokenFor(emails.admin),
  ]);
  const [headerPart, payloadPart] = admin.split('.') as [string, string];
  const header = decode(headerPart);
  const claims = decode(payloadPart);
  const now = Math.floor(Date.now() / 1000);
  // Customer A's claims, signed by the pool's key, but an hour past expiry.
  const aClaims = decode(a.split('.')[1] as string);
  const expired = sign(
    header,
    { ...aClaims, iat: now - 7200, auth_time: now - 7200, exp: now - 3600 },
    cognitoStandInKey(),
  );
  // An administrator's claims with the pool's key id, signed by a key that is not the pool's.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const forged = sign(header, { ...claims, exp: now + 3600 }, privateKey);
  return {
    emails,
    tokens: { anonymous: undefined, customerA: a, customerB: b, admin, expired, forged },
    subs: {
      customerA: String(aClaims.sub),
      customerB: String(decode(b.split('.')[1] as string).sub),
      admin: String(claims.sub),
    },
  };
}
