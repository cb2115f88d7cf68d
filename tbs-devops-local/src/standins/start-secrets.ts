import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { closeServer, DEFAULT_HOST, endpointFor, listen, once, readBody } from './http-util';
import type { RunningStandIn, StandInOptions } from './running-stand-in';

export interface SecretsOptions extends StandInOptions {
  /** Region and account used in ARNs (defaults us-east-1 / 000000000000). */
  region?: string;
  accountId?: string;
}

interface SecretVersion {
  id: string;
  stages: string[];
  string?: string;
  binary?: string;
  created: number;
}

interface Secret {
  arn: string;
  name: string;
  description?: string;
  created: number;
  changed: number;
  versions: SecretVersion[];
}

interface Parameter {
  name: string;
  type: 'String' | 'StringList' | 'SecureString';
  value: string;
  version: number;
  changed: number;
  description?: string;
}

interface State {
  secrets: Secret[];
  parameters: Parameter[];
}

class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const str = (v: unknown, field: string, required = true): string | undefined => {
  if (v === undefined || v === null) {
    if (required) throw new ApiError('ValidationException', `${field} is required`);
    return undefined;
  }
  if (typeof v !== 'string' || v.length === 0)
    throw new ApiError('ValidationException', `${field} must be a non-empty string`);
  return v;
};

/**
 * Secrets Manager and SSM Parameter Store on one AWS JSON-protocol endpoint (they are told apart by x-amz-target).
 * SecureString values are kept in clear: there is no KMS locally, but WithDecryption is still honoured so callers
 * that forget it see what they would in AWS (the value is masked).
 */
export async function startSecrets(opts: SecretsOptions = {}): Promise<RunningStandIn> {
  const host = opts.host ?? DEFAULT_HOST;
  const region = opts.region ?? 'us-east-1';
  const account = opts.accountId ?? '000000000000';
  const file = opts.dataDir ? join(opts.dataDir, 'secrets.json') : undefined;
  const state: State =
    file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as State) : { secrets: [], parameters: [] };
  const save = (): void => {
    if (!file || !opts.dataDir) return;
    mkdirSync(opts.dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(state));
  };

  const findSecret = (id: unknown): Secret => {
    const key = str(id, 'SecretId') as string;
    const secret = state.secrets.find((s) => s.arn === key || s.name === key);
    if (!secret) throw new ApiError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    return secret;
  };
  const secretValue = (body: Record<string, unknown>): Pick<SecretVersion, 'string' | 'binary'> => {
    const string = str(body.SecretString, 'SecretString', false);
    const binary = str(body.SecretBinary, 'SecretBinary', false);
    if (string !== undefined && binary !== undefined) {
      throw new ApiError('InvalidParameterException', 'You can only specify one of SecretString and SecretBinary.');
    }
    return { ...(string !== undefined ? { string } : {}), ...(binary !== undefined ? { binary } : {}) };
  };
  const addVersion = (
    secret: Secret,
    value: Pick<SecretVersion, 'string' | 'binary'>,
    token: unknown,
  ): SecretVersion => {
    const id = typeof token === 'string' && token ? token : randomUUID();
    const existing = secret.versions.find((v) => v.id === id);
    if (existing) {
      if (existing.string !== value.string || existing.binary !== value.binary) {
        throw new ApiError(
          'ResourceExistsException',
          'A version with this ClientRequestToken already exists with different data.',
        );
      }
      return existing;
    }
    for (const v of secret.versions) {
      if (v.stages.includes('AWSPREVIOUS')) v.stages = v.stages.filter((s) => s !== 'AWSPREVIOUS');
      if (v.stages.includes('AWSCURRENT')) v.stages = v.stages.filter((s) => s !== 'AWSCURRENT').concat('AWSPREVIOUS');
    }
    secret.versions = secret.versions.filter((v) => v.stages.length > 0);
    const version: SecretVersion = { id, stages: ['AWSCURRENT'], ...value, created: Date.now() };
    secret.versions.push(version);
    secret.changed = Date.now();
    return version;
  };

  const secretsManager: Record<string, (b: Record<string, unknown>) => unknown> = {
    CreateSecret: (b) => {
      const name = str(b.Name, 'Name') as string;
      if (state.secrets.some((s) => s.name === name)) {
        throw new ApiError(
          'ResourceExistsException',
          `The operation failed because the secret ${name} already exists.`,
        );
      }
      const suffix = randomBytes(3).toString('hex');
      const now = Date.now();
      const description = str(b.Description, 'Description', false);
      const secret: Secret = {
        arn: `arn:aws:secretsmanager:${region}:${account}:secret:${name}-${suffix}`,
        name,
        ...(description ? { description } : {}),
        created: now,
        changed: now,
        versions: [],
      };
      const value = secretValue(b);
      const version =
        value.string !== undefined || value.binary !== undefined
          ? addVersion(secret, value, b.ClientRequestToken)
          : undefined;
      state.secrets.push(secret);
      save();
      return { ARN: secret.arn, Name: name, ...(version ? { VersionId: version.id } : {}) };
    },
    PutSecretValue: (b) => {
      const secret = findSecret(b.SecretId);
      const value = secretValue(b);
      if (value.string === undefined && value.binary === undefined) {
        throw new ApiError('InvalidParameterException', 'You must provide either SecretString or SecretBinary.');
      }
      const version = addVersion(secret, value, b.ClientRequestToken);
      save();
      return { ARN: secret.arn, Name: secret.name, VersionId: version.id, VersionStages: version.stages };
    },
    GetSecretValue: (b) => {
      const secret = findSecret(b.SecretId);
      const wantedId = str(b.VersionId, 'VersionId', false);
      const stage = str(b.VersionStage, 'VersionStage', false) ?? (wantedId ? undefined : 'AWSCURRENT');
      const version = secret.versions.find(
        (v) => (!wantedId || v.id === wantedId) && (!stage || v.stages.includes(stage)),
      );
      if (!version) {
        throw new ApiError(
          'ResourceNotFoundException',
          "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
        );
      }
      return {
        ARN: secret.arn,
        Name: secret.name,
        VersionId: version.id,
        VersionStages: version.stages,
        CreatedDate: version.created / 1000,
        ...(version.string !== undefined ? { SecretString: version.string } : {}),
        ...(version.binary !== undefined ? { SecretBinary: version.binary } : {}),
      };
    },
    DescribeSecret: (b) => {
      const secret = findSecret(b.SecretId);
      return {
        ARN: secret.arn,
        Name: secret.name,
        ...(secret.description ? { Description: secret.description } : {}),
        CreatedDate: secret.created / 1000,
        LastChangedDate: secret.changed / 1000,
        VersionIdsToStages: Object.fromEntries(secret.versions.map((v) => [v.id, v.stages])),
      };
    },
  };

  const findParameter = (name: string): Parameter | undefined => state.parameters.find((p) => p.name === name);
  const renderParameter = (p: Parameter, decrypt: boolean): Record<string, unknown> => ({
    Name: p.name,
    Type: p.type,
    // Without WithDecryption, AWS returns the KMS ciphertext; an opaque stand-in keeps callers honest.
    Value: p.type === 'SecureString' && !decrypt ? createHash('sha256').update(p.value).digest('base64') : p.value,
    Version: p.version,
    LastModifiedDate: p.changed / 1000,
    ARN: `arn:aws:ssm:${region}:${account}:parameter${p.name.startsWith('/') ? '' : '/'}${p.name}`,
    DataType: 'text',
  });

  const ssm: Record<string, (b: Record<string, unknown>) => unknown> = {
    PutParameter: (b) => {
      const name = str(b.Name, 'Name') as string;
      const value = str(b.Value, 'Value') as string;
      const existing = findParameter(name);
      const type = (b.Type ?? existing?.type ?? 'String') as string;
      if (!['String', 'StringList', 'SecureString'].includes(type)) {
        throw new ApiError('ValidationException', `Type must be one of String, StringList, SecureString`);
      }
      if (existing && b.Overwrite !== true) {
        throw new ApiError(
          'ParameterAlreadyExists',
          'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
        );
      }
      const description = str(b.Description, 'Description', false);
      const parameter: Parameter = {
        name,
        type: type as Parameter['type'],
        value,
        version: (existing?.version ?? 0) + 1,
        changed: Date.now(),
        ...(description ? { description } : {}),
      };
      state.parameters = state.parameters.filter((p) => p.name !== name).concat(parameter);
      save();
      return { Version: parameter.version, Tier: 'Standard' };
    },
    GetParameter: (b) => {
      const name = str(b.Name, 'Name') as string;
      const parameter = findParameter(name);
      if (!parameter) throw new ApiError('ParameterNotFound', `Parameter ${name} not found.`);
      return { Parameter: renderParameter(parameter, b.WithDecryption === true) };
    },
    GetParameters: (b) => {
      if (!Array.isArray(b.Names) || b.Names.length === 0 || b.Names.length > 10) {
        throw new ApiError('ValidationException', 'Names must hold between 1 and 10 parameter names');
      }
      const names = b.Names.map((n) => str(n, 'Names') as string);
      const found = names.map(findParameter).filter((p): p is Parameter => p !== undefined);
      return {
        Parameters: found.map((p) => renderParameter(p, b.WithDecryption === true)),
        InvalidParameters: names.filter((n) => !findParameter(n)),
      };
    },
  };

  const send = (res: ServerResponse, status: number, body: unknown): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.1', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const [service, operation = ''] = String(req.headers['x-amz-target'] ?? '').split('.');
    const handler =
      service === 'secretsmanager' ? secretsManager[operation] : service === 'AmazonSSM' ? ssm[operation] : undefined;
    if (req.method !== 'POST' || !handler) {
      send(res, 400, { __type: 'UnknownOperationException', message: `Unsupported operation ${service}.${operation}` });
      return;
    }
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse((await readBody(req, 1024 * 1024)).toString('utf8') || '{}');
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      body = parsed as Record<string, unknown>;
    } catch {
      send(res, 400, { __type: 'SerializationException', message: 'Request body is not a JSON object' });
      return;
    }
    try {
      send(res, 200, handler(body));
    } catch (err) {
      if (err instanceof ApiError) {
        res.setHeader('x-amzn-ErrorType', err.type);
        send(res, err.status, { __type: err.type, message: err.message, Message: err.message });
      } else {
        send(res, 500, { __type: 'InternalServiceError', message: 'Internal service error' });
      }
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  const port = await listen(server, opts.port ?? 0, host);
  return { name: 'secrets', endpoint: endpointFor(host, port), stop: once(() => closeServer(server)) };
}
