import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { passwordPolicyViolation } from './cognito-password-policy';
import { type CognitoEmail, verificationEmail } from './cognito-verification-email';
import { closeServer, DEFAULT_HOST, endpointFor, once } from './http-util';
import type { RunningStandIn, StandInOptions } from './running-stand-in';

const require = createRequire(import.meta.url);
// Resolve cognito-local's own dependencies (pino, aws-sdk v2) from where it lives, not from this package.
const requireFromCognito = createRequire(require.resolve('cognito-local'));

export type CognitoTriggerName =
  | 'PreSignUp'
  | 'PostConfirmation'
  | 'PostAuthentication'
  | 'PreTokenGeneration'
  | 'CustomMessage'
  | 'UserMigration'
  | 'CustomEmailSender';

/** The Lambda event Cognito sends (`userPoolId`, `triggerSource`, `userName`, `request`, `response`...). */
export type CognitoTriggerEvent = Record<string, unknown> & {
  userPoolId: string;
  triggerSource: string;
  response: Record<string, unknown>;
};

/**
 * Runs a trigger the way Lambda would and returns the event the function returned. Return undefined when the pool
 * has no function for this trigger: the default (empty) response is used, as when no trigger is configured.
 * Throwing makes the Cognito call fail with UserLambdaValidationException, as in AWS.
 */
export type CognitoTriggerHandler = (
  trigger: CognitoTriggerName,
  event: CognitoTriggerEvent,
) => Promise<CognitoTriggerEvent | undefined>;

export interface CognitoOptions extends StandInOptions {
  onTrigger?: CognitoTriggerHandler;
  /**
   * Triggers the handler is asked about (default: PreSignUp, PostConfirmation, PostAuthentication,
   * PreTokenGeneration, CustomMessage, whose empty response means "no trigger"). UserMigration and
   * CustomEmailSender change behaviour merely by being enabled, so they must be listed to be used.
   */
  triggers?: CognitoTriggerName[];
  /** Alternative to onTrigger: invoke triggers through a Lambda-compatible endpoint with these function names. */
  lambdaEndpoint?: string;
  triggerFunctions?: Partial<Record<CognitoTriggerName, string>>;
}

export interface RunningCognito extends RunningStandIn {
  /** The `iss` claim of tokens from this pool. */
  issuerFor(userPoolId: string): string;
  jwksUrlFor(userPoolId: string): string;
  /**
   * Where verification emails (sign-up codes, password resets) go; without a sender they are dropped, as
   * cognito-local only logs them.
   */
  onEmail(sender: ((email: CognitoEmail) => Promise<void>) | undefined): void;
  /** Replaces the trigger handler (the function runtime registers itself after the stand-ins start). */
  onTrigger(handler: CognitoTriggerHandler | undefined, triggers?: CognitoTriggerName[]): void;
}

interface LambdaServiceLike {
  enabled(trigger: string): boolean;
  invoke(ctx: unknown, trigger: string, event: Record<string, unknown>): Promise<unknown>;
  createLambdaEvent(event: Record<string, unknown>): CognitoTriggerEvent;
}

// Triggers for which the default (empty) response behaves exactly as if the pool had no such trigger.
const DEFAULT_TRIGGERS: readonly CognitoTriggerName[] = [
  'PreSignUp',
  'PostConfirmation',
  'PostAuthentication',
  'PreTokenGeneration',
  'CustomMessage',
];

/**
 * cognito-local's OpenID discovery document names `http://localhost:9229` whatever its address; answer it here so
 * that verifiers discovering the JWKS from the issuer reach this stand-in.
 */
function serveDiscoveryDocument(server: Server, endpoint: string): void {
  const [application] = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  if (!application) return;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const match = req.method === 'GET' ? /^\/([\w-]+)\/\.well-known\/openid-configuration$/.exec(req.url ?? '') : null;
    if (!match) {
      application(req, res);
      return;
    }
    const issuer = `${endpoint}/${match[1]}`;
    const body = JSON.stringify({
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      id_token_signing_alg_values_supported: ['RS256'],
      subject_types_supported: ['public'],
      response_types_supported: ['code', 'token'],
    });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
}

type CognitoRequest = Record<string, unknown>;
interface CognitoUser {
  Attributes?: { Name: string; Value?: string }[];
}
type CognitoRouter = (target: string) => (ctx: unknown, req: CognitoRequest) => Promise<unknown>;

/** The targets that set a password without proving the old one, and the request field holding it. */
const PASSWORD_FIELDS: Record<string, string> = {
  SignUp: 'Password',
  AdminSetUserPassword: 'Password',
  ConfirmForgotPassword: 'Password',
};

/**
 * Cognito user pools on cognito-local, assembled like its own `createDefaultServer` but with the data directory,
 * port, issuer and Lambda triggers under our control. Tokens are signed with the key that ships in cognito-local,
 * so they only verify against this stand-in's JWKS.
 */
export async function startCognito(opts: CognitoOptions = {}): Promise<RunningCognito> {
  const host = opts.host ?? DEFAULT_HOST;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'tbs-cognito-'));
  mkdirSync(dataDir, { recursive: true });

  // cognito-local bundles aws-sdk v2, whose end-of-support notice would otherwise print on every start.
  process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE ??= '1';
  const services = require('cognito-local/lib/services');
  const { CognitoServiceFactoryImpl } = require('cognito-local/lib/services/cognitoService');
  const { CryptoService } = require('cognito-local/lib/services/crypto');
  const { StormDBDataStoreFactory } = require('cognito-local/lib/services/dataStore/stormDb');
  const { MessageDeliveryService } = require('cognito-local/lib/services/messageDelivery/messageDelivery');
  const { otp } = require('cognito-local/lib/services/otp');
  const { JwtTokenGenerator } = require('cognito-local/lib/services/tokenGenerator');
  const { UserPoolServiceFactoryImpl } = require('cognito-local/lib/services/userPoolService');
  const { DefaultConfig } = require('cognito-local/lib/server/config');
  const { Router } = require('cognito-local/lib/server/Router');
  const { createServer } = require('cognito-local/lib/server/server');
  const { CognitoError, UserLambdaValidationError } = require('cognito-local/lib/errors');
  const pino = requireFromCognito('pino');
  const logger = pino({ level: 'silent' });

  const config = structuredClone(DefaultConfig) as Record<string, Record<string, unknown>>;
  config.TriggerFunctions = { ...(opts.triggerFunctions ?? {}) };
  config.TokenConfig = { IssuerDomain: 'http://pending' };
  config.ServerConfig = { port: opts.port ?? 0, hostname: host, development: false, https: false };
  if (opts.lambdaEndpoint) config.LambdaClient = { ...config.LambdaClient, endpoint: opts.lambdaEndpoint };

  const ctx = { logger };
  const clock = new services.DateClock();
  const dataStoreFactory = new StormDBDataStoreFactory(dataDir);
  const cognito = await new CognitoServiceFactoryImpl(
    dataDir,
    dataStoreFactory,
    new UserPoolServiceFactoryImpl(clock, dataStoreFactory),
  ).create(ctx, config.UserPoolDefaults);

  let handler = opts.onTrigger;
  let enabledTriggers: ReadonlySet<string> = new Set(opts.triggers ?? DEFAULT_TRIGGERS);
  const AWS = requireFromCognito('aws-sdk');
  const lambdaService: LambdaServiceLike = new services.LambdaService(
    config.TriggerFunctions,
    new AWS.Lambda(config.LambdaClient),
  );
  const viaEndpoint = {
    enabled: lambdaService.enabled.bind(lambdaService),
    invoke: lambdaService.invoke.bind(lambdaService),
  };
  lambdaService.enabled = (trigger) => (handler ? enabledTriggers.has(trigger) : viaEndpoint.enabled(trigger));
  lambdaService.invoke = async (callCtx, trigger, event) => {
    if (!handler) return viaEndpoint.invoke(callCtx, trigger, event);
    const lambdaEvent = lambdaService.createLambdaEvent(event);
    let result: CognitoTriggerEvent | undefined;
    try {
      result = await handler(trigger as CognitoTriggerName, lambdaEvent);
    } catch (err) {
      throw new UserLambdaValidationError(`${trigger} failed with error ${(err as Error).message}.`);
    }
    if (!result && trigger === 'UserMigration') {
      // No migration function for this pool: the unknown user stays unknown (cognito-local answers NotAuthorized).
      throw new UserLambdaValidationError('UserMigration is not configured for this pool.');
    }
    return (result ?? lambdaEvent).response;
  };

  const triggers = new services.TriggersService(clock, cognito, lambdaService, new CryptoService(config.KMSConfig));
  // Verification codes go out by email through the sender the cloud registers (the SES stand-in), so a user reads
  // the code as they would from Cognito's email; the text follows the pool's verification template.
  let emailSender: ((email: CognitoEmail) => Promise<void>) | undefined;
  const messages = new services.MessagesService(
    triggers,
    new MessageDeliveryService({
      sendEmail: async (_ctx: unknown, _user: unknown, _destination: string, message: { email?: CognitoEmail }) => {
        if (message.email && emailSender) await emailSender(message.email);
      },
      sendSms: async () => {},
    }),
  );
  const createMessage = messages.create.bind(messages);
  messages.create = async (
    ctx: unknown,
    source: string,
    clientId: string,
    userPoolId: string,
    user: CognitoUser,
    code: string,
    meta: unknown,
  ) => {
    const message = await createMessage(ctx, source, clientId, userPoolId, user, code, meta);
    const to = user.Attributes?.find((a) => a.Name === 'email')?.Value;
    if (!to) return message;
    const pool = await cognito.getUserPool(ctx, userPoolId);
    return { ...message, email: verificationEmail(source, to, code, pool.options ?? {}, message) };
  };
  const allServices = {
    clock,
    cognito,
    config,
    messages,
    otp,
    tokenGenerator: new JwtTokenGenerator(clock, triggers, config.TokenConfig),
    triggers,
  };
  const router = Router(allServices) as CognitoRouter;
  // Requests that set a password get the pool's password policy applied first, as Cognito does.
  const withPasswordPolicy: CognitoRouter = (target) => {
    const handle = router(target);
    const passwordOf = PASSWORD_FIELDS[target];
    if (!passwordOf) return handle;
    return async (ctx, req) => {
      const password = req[passwordOf];
      const pool =
        typeof req.UserPoolId === 'string'
          ? await cognito.getUserPool(ctx, req.UserPoolId)
          : await cognito.getUserPoolForClientId(ctx, String(req.ClientId));
      const violation =
        typeof password === 'string'
          ? passwordPolicyViolation(password, pool.options?.Policies?.PasswordPolicy)
          : undefined;
      if (violation)
        throw new CognitoError('InvalidPasswordException', `Password did not conform with policy: ${violation}`);
      return handle(ctx, req);
    };
  };
  const server: Server = await createServer(withPasswordPolicy, logger, config.ServerConfig, allServices).start();
  const endpoint = endpointFor(host, (server.address() as AddressInfo).port);
  // The token generator reads the issuer on every token, so it can be set once the port is known.
  (config.TokenConfig as { IssuerDomain: string }).IssuerDomain = endpoint;
  serveDiscoveryDocument(server, endpoint);

  return {
    name: 'cognito',
    endpoint,
    issuerFor: (userPoolId) => `${endpoint}/${userPoolId}`,
    jwksUrlFor: (userPoolId) => `${endpoint}/${userPoolId}/.well-known/jwks.json`,
    onEmail(sender) {
      emailSender = sender;
    },
    onTrigger(next, triggers) {
      handler = next;
      if (triggers) enabledTriggers = new Set(triggers);
    },
    stop: once(async () => {
      await closeServer(server);
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    }),
  };
}
