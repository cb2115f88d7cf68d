import {
  type CfnTemplate,
  createResolveContext,
  evaluateConditions,
  type ResolvedResource,
  resolveParameters,
  resolveValue,
} from '../template';

const REGION = 'us-east-1';
const ACCOUNT = '000000000000';

/** What CloudFormation would return for a resource of this type, so configuration that checks ARN shapes loads. */
function placeholderFor(type: string | undefined, id: string, stackName: string): ResolvedResource {
  const name = `${stackName}-${id}`;
  const arn = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;
  const known: Record<string, () => [string, Record<string, string>]> = {
    'AWS::SNS::Topic': () => [arn('sns', name), { TopicArn: arn('sns', name), TopicName: name }],
    'AWS::SQS::Queue': () => [
      `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}`,
      { Arn: arn('sqs', name), QueueName: name, QueueUrl: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}` },
    ],
    'AWS::DynamoDB::Table': () => [
      name,
      { Arn: arn('dynamodb', `table/${name}`), StreamArn: arn('dynamodb', `table/${name}/stream/local`) },
    ],
    'AWS::SecretsManager::Secret': () => [arn('secretsmanager', `secret:${name}-AbCdEf`), {}],
    'AWS::S3::Bucket': () => [name.toLowerCase(), { Arn: `arn:aws:s3:::${name.toLowerCase()}` }],
    'AWS::Serverless::Function': () => [name, { Arn: arn('lambda', `function:${name}`) }],
    'AWS::Lambda::Function': () => [name, { Arn: arn('lambda', `function:${name}`) }],
    'AWS::RDS::DBCluster': () => [
      name.toLowerCase(),
      {
        DBClusterArn: arn('rds', `cluster:${name.toLowerCase()}`),
        'MasterUserSecret.SecretArn': arn('secretsmanager', `secret:rds!cluster-${id}-AbCdEf`),
      },
    ],
    'AWS::Cognito::UserPool': () => [
      `${REGION}_Local${id}`,
      {
        Arn: arn('cognito-idp', `userpool/${REGION}_Local${id}`),
        ProviderName: `cognito-idp.${REGION}.amazonaws.com/${REGION}_Local${id}`,
      },
    ],
    'AWS::SSM::Parameter': () => [name, {}],
  };
  const [ref, attributes] = known[type ?? '']?.() ?? [id, {}];
  const [, service = 'local', kind = 'resource'] = (type ?? '').split('::');
  const fallback = arn(service.toLowerCase(), `${kind.toLowerCase()}/${name}`);
  return {
    ref,
    attributes: new Proxy(attributes as Record<string, unknown>, {
      get: (target, attribute) =>
        typeof attribute === 'string'
          ? (target[attribute] ?? (attribute === 'Arn' ? fallback : `${fallback}/${attribute}`))
          : undefined,
      has: () => true,
    }),
  };
}

/** An imported value shaped after its export name (`...TopicArn` is a topic ARN, `...QueueUrl` a queue URL...). */
function importPlaceholder(exportName: string): string {
  const slug = exportName.replace(/[^A-Za-z0-9-]+/g, '-');
  const arn = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;
  if (/TopicArn$/.test(exportName)) return arn('sns', slug);
  if (/QueueArn$/.test(exportName)) return arn('sqs', slug);
  if (/QueueUrl$/.test(exportName)) return `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${slug}`;
  if (/UserPoolArn$/.test(exportName)) return arn('cognito-idp', `userpool/${REGION}_LocalImported`);
  if (/UserPoolId$/.test(exportName)) return `${REGION}_LocalImported`;
  if (/SecretArn$/.test(exportName)) return arn('secretsmanager', `secret:${slug}-AbCdEf`);
  if (/TableArn$/.test(exportName)) return arn('dynamodb', `table/${slug}`);
  if (/BucketArn$/.test(exportName)) return `arn:aws:s3:::${slug.toLowerCase()}`;
  if (/FunctionArn$/.test(exportName)) return arn('lambda', `function:${slug}`);
  if (/ClusterArn$/.test(exportName)) return arn('rds', `cluster:${slug.toLowerCase()}`);
  if (/Url$/.test(exportName)) return `https://${slug.toLowerCase()}.example.com`;
  return `imported-${slug}`;
}

/**
 * The function's environment variables resolved without deploying anything: parameters take their defaults
 * (with `Env=local`), resources resolve to what CloudFormation would return for their type (a topic's `Ref` is a
 * topic ARN, a queue's a queue URL, a table's its name...), imports to a value shaped after the export name.
 * Enough for module-scope code that reads and validates its configuration at cold start; variables that cannot
 * be resolved are left out.
 * @param template the stack template with SAM Globals applied
 */
export function placeholderEnvironment(
  template: CfnTemplate,
  logicalId: string,
  stackName: string,
): Record<string, string> {
  const resource = template.Resources[logicalId];
  const variables = ((resource?.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)
    ?.Variables ?? {}) as Record<string, unknown>;
  let parameters: Record<string, string | string[]> = {};
  let conditions: Record<string, boolean> = {};
  try {
    parameters = resolveParameters(template, 'Env' in (template.Parameters ?? {}) ? { Env: 'local' } : {});
    conditions = evaluateConditions(template, parameters, { stackName });
  } catch {
    // parameters without defaults: variables that need them are simply left out below
  }
  const ctx = createResolveContext({
    stackName,
    parameters,
    conditions,
    mappings: template.Mappings ?? {},
    resources: new Proxy({} as Record<string, ResolvedResource>, {
      get: (_, id) => placeholderFor(template.Resources[String(id)]?.Type, String(id), stackName),
    }),
    imports: new Proxy({} as Record<string, string>, { get: (_, name) => importPlaceholder(String(name)) }),
  });
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(variables)) {
    try {
      const resolved = resolveValue(value, ctx, `${logicalId}.Environment.Variables.${name}`);
      if (resolved === undefined) continue;
      env[name] = typeof resolved === 'string' ? resolved : JSON.stringify(resolved);
    } catch {
      // unresolvable without a deployment (e.g. a condition on a missing parameter): leave it out
    }
  }
  return env;
}
