import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import {
  GetParameterCommand,
  GetParametersCommand,
  ParameterNotFound,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningStandIn, startSecrets } from '../../src/standins';

const config = (endpoint: string) => ({
  endpoint,
  region: 'ap-southeast-2',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

describe('Secrets Manager and SSM stand-in', () => {
  let secrets: RunningStandIn;
  let sm: SecretsManagerClient;
  let ssm: SSMClient;

  beforeAll(async () => {
    secrets = await startSecrets({ region: 'ap-southeast-2' });
    sm = new SecretsManagerClient(config(secrets.endpoint));
    ssm = new SSMClient(config(secrets.endpoint));
  });

  afterAll(async () => {
    sm?.destroy();
    ssm?.destroy();
    await secrets?.stop();
  });

  it('stores secrets, rotates versions and finds them by name or ARN', async () => {
    const created = await sm.send(new CreateSecretCommand({ Name: 'stripe/secret-key', SecretString: 'sk_test_1' }));
    expect(created.ARN).toMatch(/^arn:aws:secretsmanager:ap-southeast-2:\d{12}:secret:stripe\/secret-key-/);
    await sm.send(new PutSecretValueCommand({ SecretId: 'stripe/secret-key', SecretString: 'sk_test_2' }));
    const current = await sm.send(new GetSecretValueCommand({ SecretId: created.ARN }));
    expect(current.SecretString).toBe('sk_test_2');
    const previous = await sm.send(
      new GetSecretValueCommand({ SecretId: 'stripe/secret-key', VersionStage: 'AWSPREVIOUS' }),
    );
    expect(previous.SecretString).toBe('sk_test_1');
    const described = await sm.send(new DescribeSecretCommand({ SecretId: 'stripe/secret-key' }));
    expect(
      Object.values(described.VersionIdsToStages ?? {})
        .flat()
        .sort(),
    ).toEqual(['AWSCURRENT', 'AWSPREVIOUS']);
  });

  it('reports a missing secret as ResourceNotFoundException', async () => {
    await expect(sm.send(new GetSecretValueCommand({ SecretId: 'nope' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  it('keeps SecureString parameters opaque unless decryption is asked for', async () => {
    await ssm.send(new PutParameterCommand({ Name: '/tbs/webhook-secret', Value: 'whsec_abc', Type: 'SecureString' }));
    await ssm.send(new PutParameterCommand({ Name: '/tbs/plain', Value: 'hello', Type: 'String' }));
    const decrypted = await ssm.send(new GetParameterCommand({ Name: '/tbs/webhook-secret', WithDecryption: true }));
    expect(decrypted.Parameter).toMatchObject({ Value: 'whsec_abc', Type: 'SecureString', Version: 1 });
    const masked = await ssm.send(new GetParameterCommand({ Name: '/tbs/webhook-secret' }));
    expect(masked.Parameter?.Value).not.toBe('whsec_abc');
    const many = await ssm.send(
      new GetParametersCommand({ Names: ['/tbs/plain', '/tbs/missing'], WithDecryption: true }),
    );
    expect(many.Parameters?.map((p) => p.Value)).toEqual(['hello']);
    expect(many.InvalidParameters).toEqual(['/tbs/missing']);
  });

  it('refuses to overwrite without Overwrite and reports a missing parameter as ParameterNotFound', async () => {
    await expect(
      ssm.send(new PutParameterCommand({ Name: '/tbs/plain', Value: 'x', Type: 'String' })),
    ).rejects.toMatchObject({
      name: 'ParameterAlreadyExists',
    });
    const updated = await ssm.send(new PutParameterCommand({ Name: '/tbs/plain', Value: 'x', Overwrite: true }));
    expect(updated.Version).toBe(2);
    await expect(ssm.send(new GetParameterCommand({ Name: '/tbs/none' }))).rejects.toBeInstanceOf(ParameterNotFound);
  });
});
