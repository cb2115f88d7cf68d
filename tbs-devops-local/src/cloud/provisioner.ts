import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve as resolvePath } from 'node:path';
import {
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { CreateSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { CreateEmailTemplateCommand, GetEmailTemplateCommand, UpdateEmailTemplateCommand } from '@aws-sdk/client-sesv2';
import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import {
  applySamGlobals,
  type CfnResource,
  createResolveContext,
  type DiscoveredStack,
  evaluateConditions,
  expandServerlessFunction,
  type FunctionEvent,
  type ResolveContext,
  type ResolvedResource,
  resolveParameters,
  resolveValue,
} from '../template';
import { importedNames } from './absent-producers';
import type { CloudClients } from './aws-clients';
import type { AuthorizerConfig } from './cognito-authorizer';
import { CustomResourceFailedError, isCustomResourceType, runCustomResource } from './custom-resources';
import type { DeliveryFaults } from './delivery-faults';
import { createDynamoDbTable } from './dynamodb-table';
import { type FunctionSpec, LocalFunction } from './function-runtime';
import type { ApiDefinition, CorsConfig, RouteDefinition } from './gateway';
import { gatewayResponsesOf } from './gateway-responses';
import { ProvisioningError, UnsupportedResourceError } from './provision-errors';
import { NO_OP_RESOURCE_TYPES, SKIPPED_EVENT_TYPES, SUPPORTED_PROPERTIES } from './resource-types';
import { type LocalSchedule, parseCron, rateMs } from './schedules';
import { SqsEventSource, type SqsEventSourceConfig } from './sqs-event-source';
import { integrationResponsesOf, type SqsIntegrationConfig } from './sqs-integration';

/** One stack as the local cloud created it. */
export interface LocalStack {
  /** Folder name, e.g. `tbs-app-product`. */
  name: string;
  /** `<folder>-local`. */
  stackName: string;
  dir: string;
  parameters: Record<string, string | string[]>;
  outputs: Record<string, string>;
  exports: Record<string, string>;
  functions: Record<string, LocalFunction>;
  resources: Record<string, { type: string; ref: string; attributes: Record<string, unknown> }>;
}

/** Per-stack local values, from `<stack>/local.params.json`. */
export interface LocalStackValues {
  Parameters?: Record<string, string>;
  /** SecretString values by secret logical id or name (instead of the template's or a generated one). */
  SecretValues?: Record<string, string>;
  /**
   * Gateway routes the Stripe stand-in delivers webhooks to, each signed with a secret of this stack: `path` is
   * relative to the API's base path, `secret` a secret's logical id, `jsonKey` the field holding the signing
   * secret when the secret is JSON.
   */
  StripeWebhooks?: Array<{ api?: string; path: string; secret: string; jsonKey?: string }>;
}

interface PoolInfo {
  id: string;
  arn: string;
  issuer: string;
  jwksUri: string;
  clientIds: string[];
}

export interface S3Notification {
  bucket: string;
  events: string[];
  prefix: string;
  suffix: string;
  target: { type: 'function'; fn: LocalFunction } | { type: 'queue'; queueUrl: string };
}

export interface CognitoTrigger {
  poolId: string;
  trigger: string;
  fn: LocalFunction;
}

export interface ProvisionerOptions {
  repoRoot: string;
  region: string;
  accountId: string;
  clients: CloudClients;
  endpoints: Record<string, string>;
  /** The environment every function gets on top of its template variables (endpoints, credentials). */
  functionEnv: Record<string, string>;
  log: (line: string) => void;
  /** The stack's built functions (esbuild from SAM Metadata); absent or undefined means use what `.build` holds. */
  bundlesFor?: (stackName: string) => Promise<BuiltBundle[] | undefined>;
  /** Issuer and JWKS URL of a local user pool, as the Cognito stand-in signs its tokens. */
  cognito?: { issuerFor(poolId: string): string; jwksUrlFor(poolId: string): string };
  /** Exports whose producer stack is not in the repository: subscriptions to them are skipped (export -> folder). */
  absentImports?: ReadonlyMap<string, string>;
  /** Test-only: duplicate deliveries and failed invocations for every SQS event source. */
  deliveryFaults?: DeliveryFaults;
  /** Local-only: multiplies every queue's visibility timeout (default 1), so tests need not wait minutes for retries. */
  visibilityTimeoutScale?: number;
}

/** What the build reports per function: its logical id and the absolute path of its bundle. */
export interface BuiltBundle {
  logicalId: string;
  outFile: string;
}

interface ApiState {
  def: ApiDefinition;
  logicalId: string;
  properties: Record<string, unknown>;
  authorizers: Record<string, AuthorizerConfig>;
  defaultAuthorizer?: string;
}

const ARN_SERVICE: Record<string, string> = {
  IAM: 'iam',
  KMS: 'kms',
  Logs: 'logs',
  CloudWatch: 'cloudwatch',
  Lambda: 'lambda',
  SQS: 'sqs',
  SNS: 'sns',
  S3: 's3',
};

const shortId = (...parts: string[]) => createHash('sha256').update(parts.join('/')).digest('hex').slice(0, 10);

/** Creates every stack's resources in the stand-ins and wires functions to their event sources. */
export class Provisioner {
  readonly exports: Record<string, string> = {};
  readonly stacks: LocalStack[] = [];
  readonly apis: ApiDefinition[] = [];
  readonly eventSources: SqsEventSource[] = [];
  readonly s3Notifications: S3Notification[] = [];
  readonly cognitoTriggers: CognitoTrigger[] = [];
  readonly schedules: LocalSchedule[] = [];
  readonly functionsByName = new Map<string, LocalFunction>();
  private readonly functionsByArn = new Map<string, LocalFunction>();
  private readonly queuesByArn = new Map<string, { url: string; name: string }>();
  private readonly pools = new Map<string, PoolInfo>();
  /** Local secret values by `<stack folder>/<logical id>`, for wiring local-only integrations (Stripe webhooks). */
  readonly secretValues = new Map<string, string>();

  constructor(private readonly opts: ProvisionerOptions) {}

  /** A visibility timeout in whole seconds (at least 1) after the local scale factor. */
  private visibility(seconds: number): string {
    return String(Math.max(1, Math.ceil(seconds * (this.opts.visibilityTimeoutScale ?? 1))));
  }

  async provisionStack(stack: DiscoveredStack, overrides: Record<string, string> = {}): Promise<LocalStack> {
    const { stackName, template, parameters, conditions, ctx } = stackContext(
      stack,
      overrides,
      this.opts,
      this.exports,
    );
    const local: LocalStack = {
      name: stack.name,
      stackName,
      dir: stack.dir,
      parameters,
      outputs: {},
      exports: {},
      functions: {},
      resources: {},
    };
    const values = localValues(stack);
    const resources = Object.entries(template.Resources).filter(
      ([, r]) => typeof r.Condition !== 'string' || conditions[r.Condition] === true,
    );
    // Check every resource before creating any, so an unsupported one fails the start cleanly.
    for (const [id, resource] of resources) checkSupported(stackName, id, resource);

    const bundles = await this.opts.bundlesFor?.(stack.name);

    const apiStates = new Map<string, ApiState>();
    const functionEvents: Array<{ fn: LocalFunction; events: FunctionEvent[] }> = [];
    for (const id of dependencyOrder(resources)) {
      const resource = template.Resources[id]!;
      const record = (resolved: ResolvedResource) => {
        ctx.resources[id] = resolved;
        local.resources[id] = { type: resource.Type, ...resolved };
      };
      const absent = this.absentProducer(
        resource.Type === 'AWS::SNS::Subscription' ? resource.Properties?.TopicArn : undefined,
        ctx,
      );
      if (absent) {
        this.opts.log(`[local] ${stackName}/${id}: skipped, ${absent}`);
        record(this.noOp(stackName, id, resource.Type));
        continue;
      }
      try {
        switch (resource.Type) {
          case 'AWS::Serverless::Function': {
            const { fn, events, generated } = await this.createFunction(stack, stackName, id, resource, ctx, bundles);
            local.functions[id] = fn;
            functionEvents.push({ fn, events });
            record({ ref: fn.spec.functionName, attributes: { Arn: this.functionArn(fn.spec.functionName) } });
            for (const g of generated) ctx.resources[g.logicalId] ??= this.noOp(stackName, g.logicalId, g.type);
            break;
          }
          case 'AWS::Serverless::Api':
          case 'AWS::Serverless::HttpApi': {
            const state = this.declareApi(stack.name, stackName, id, resource, ctx);
            apiStates.set(id, state);
            record({ ref: state.def.apiId, attributes: { RootResourceId: shortId(state.def.apiId, 'root') } });
            ctx.resources[`${id}.Stage`] = { ref: state.def.stage, attributes: {} };
            ctx.resources[`${id}.Deployment`] = { ref: shortId(state.def.apiId, 'deployment'), attributes: {} };
            break;
          }
          default:
            if (isCustomResourceType(resource.Type)) {
              const props = (resolveValue(resource.Properties ?? {}, ctx, `Resources.${id}.Properties`) ??
                {}) as Record<string, unknown>;
              record(await this.createCustomResource(stackName, id, resource.Type, props));
            } else if (NO_OP_RESOURCE_TYPES.has(resource.Type)) {
              record(this.noOp(stackName, id, resource.Type));
            } else {
              const props = (resolveValue(resource.Properties ?? {}, ctx, `Resources.${id}.Properties`) ??
                {}) as Record<string, unknown>;
              record(await this.createResource(stackName, id, resource.Type, props, values));
            }
        }
      } catch (err) {
        if (err instanceof UnsupportedResourceError || err instanceof ProvisioningError) throw err;
        throw new ProvisioningError(stackName, id, resource.Type, err);
      }
    }

    for (const [id, state] of apiStates) this.defineRoutes(stackName, id, state, template.Resources, ctx);
    for (const { fn, events } of functionEvents) await this.wireEvents(stackName, fn, events, ctx, apiStates);
    for (const state of apiStates.values()) {
      state.def.basePath = this.basePathOf(state, template.Resources, ctx, stack.name);
      if (state.def.routes.length > 0) this.apis.push(state.def);
    }

    for (const [id, output] of Object.entries(template.Outputs ?? {})) {
      if (typeof output.Condition === 'string' && conditions[output.Condition] !== true) continue;
      const value = resolveValue(output.Value, ctx, `Outputs.${id}.Value`);
      local.outputs[id] = Array.isArray(value) ? value.join(',') : String(value);
      if (output.Export) {
        const name = String(resolveValue(output.Export.Name, ctx, `Outputs.${id}.Export.Name`));
        if (name in this.exports) throw new Error(`${stackName}: export ${name} is already exported by another stack`);
        this.exports[name] = local.outputs[id]!;
        local.exports[name] = local.outputs[id]!;
      }
    }
    this.stacks.push(local);
    return local;
  }

  /** Why a topic reference cannot be subscribed to locally: it imports an export of a stack the repository lacks. */
  private absentProducer(topic: unknown, ctx: ResolveContext): string | undefined {
    if (topic === undefined || !this.opts.absentImports?.size) return undefined;
    const name = importedNames(topic, ctx).find((n) => this.opts.absentImports?.has(n));
    return name && `its topic ${name} comes from ${this.opts.absentImports?.get(name)}, which has no template.yaml`;
  }

  private arn(service: string, resource: string, sep = ':'): string {
    return `arn:aws:${service}:${this.opts.region}:${this.opts.accountId}${sep}${resource}`;
  }

  private functionArn(name: string): string {
    return this.arn('lambda', `function:${name}`);
  }

  /** Plausible values for a resource that is not emulated: any GetAtt answers with an ARN-like string. */
  private noOp(stackName: string, id: string, type: string): ResolvedResource {
    const [, svc = 'local', kind = 'resource'] = type.split('::');
    const ref = `${stackName}-${id}`;
    const arn = this.arn(ARN_SERVICE[svc] ?? svc.toLowerCase(), `${kind.toLowerCase()}/${ref}`);
    const attributes = new Proxy({ Arn: arn } as Record<string, unknown>, {
      has: () => true,
      get: (target, key) => (typeof key === 'string' ? (target[key] ?? `${arn}/${key}`) : undefined),
    });
    return { ref, attributes };
  }

  private async createResource(
    stackName: string,
    id: string,
    type: string,
    p: Record<string, unknown>,
    values: LocalStackValues,
  ): Promise<ResolvedResource> {
    const { clients } = this.opts;
    switch (type) {
      case 'AWS::DynamoDB::Table': {
        const name = String(p.TableName ?? `${stackName}-${id}`);
        await createDynamoDbTable(clients.dynamodb, name, p);
        const arn = this.arn('dynamodb', `table/${name}`);
        return { ref: name, attributes: { Arn: arn, StreamArn: `${arn}/stream/local` } };
      }
      case 'AWS::SNS::Topic': {
        const fifo = p.FifoTopic === true || p.FifoTopic === 'true';
        const name = String(p.TopicName ?? `${stackName}-${id}${fifo ? '.fifo' : ''}`);
        const attributes: Record<string, string> = {};
        if (fifo) attributes.FifoTopic = 'true';
        if (p.ContentBasedDeduplication !== undefined)
          attributes.ContentBasedDeduplication = String(p.ContentBasedDeduplication);
        const out = await clients.sns.send(new CreateTopicCommand({ Name: name, Attributes: attributes }));
        const arn = out.TopicArn!;
        for (const sub of (p.Subscription ?? []) as Array<{ Protocol: string; Endpoint: string }>) {
          await this.subscribe(stackName, id, type, { TopicArn: arn, Protocol: sub.Protocol, Endpoint: sub.Endpoint });
        }
        return { ref: arn, attributes: { TopicArn: arn, TopicName: name } };
      }
      case 'AWS::SNS::Subscription': {
        const arn = await this.subscribe(stackName, id, type, p);
        return { ref: arn, attributes: { Arn: arn } };
      }
      case 'AWS::SQS::Queue': {
        const fifo = p.FifoQueue === true || p.FifoQueue === 'true';
        const name = String(p.QueueName ?? `${stackName}-${id}${fifo ? '.fifo' : ''}`);
        const attributes: Record<string, string> = {};
        for (const key of [
          'VisibilityTimeout',
          'MessageRetentionPeriod',
          'MaximumMessageSize',
          'DelaySeconds',
          'ReceiveMessageWaitTimeSeconds',
          'ContentBasedDeduplication',
          'DeduplicationScope',
          'FifoThroughputLimit',
        ]) {
          if (p[key] !== undefined) attributes[key] = String(p[key]);
        }
        if (attributes.VisibilityTimeout !== undefined) {
          attributes.VisibilityTimeout = this.visibility(Number(attributes.VisibilityTimeout));
        }
        if (fifo) attributes.FifoQueue = 'true';
        for (const key of ['RedrivePolicy', 'RedriveAllowPolicy']) {
          if (p[key] !== undefined) attributes[key] = typeof p[key] === 'string' ? p[key] : JSON.stringify(p[key]);
        }
        const { url, arn } = await this.createQueue(name, attributes);
        return { ref: url, attributes: { Arn: arn, QueueName: name, QueueUrl: url } };
      }
      case 'AWS::S3::Bucket': {
        const name = String(p.BucketName ?? `${stackName}-${id}`.toLowerCase());
        try {
          await clients.s3.send(new CreateBucketCommand({ Bucket: name }));
        } catch (err) {
          if (!['BucketAlreadyOwnedByYou', 'BucketAlreadyExists'].includes((err as Error).name)) throw err;
        }
        this.registerBucketNotifications(stackName, id, name, p.NotificationConfiguration);
        return {
          ref: name,
          attributes: {
            Arn: `arn:aws:s3:::${name}`,
            DomainName: `${name}.s3.amazonaws.com`,
            RegionalDomainName: `${name}.s3.${this.opts.region}.amazonaws.com`,
            WebsiteURL: `http://${name}.s3-website-${this.opts.region}.amazonaws.com`,
          },
        };
      }
      case 'AWS::SecretsManager::Secret': {
        const name = String(p.Name ?? `${stackName}-${id}`);
        const value = values.SecretValues?.[id] ?? values.SecretValues?.[name] ?? secretValue(p);
        let arn: string;
        this.secretValues.set(`${stackName}/${id}`, value);
        try {
          arn = (await clients.secrets.send(new CreateSecretCommand({ Name: name, SecretString: value }))).ARN!;
        } catch (err) {
          if ((err as Error).name !== 'ResourceExistsException') throw err;
          // A persisted secret keeps its value across restarts, as it would in AWS.
          const existing = await clients.secrets.send(new GetSecretValueCommand({ SecretId: name }));
          arn = existing.ARN!;
          if (existing.SecretString !== undefined) this.secretValues.set(`${stackName}/${id}`, existing.SecretString);
        }
        return { ref: arn, attributes: { Id: arn } };
      }
      case 'AWS::SES::Template':
        return this.createEmailTemplate(stackName, id, p);
      case 'AWS::SSM::Parameter': {
        const name = String(p.Name ?? `${stackName}-${id}`);
        await clients.json(this.opts.endpoints.secrets ?? '', 'AmazonSSM.PutParameter', {
          Name: name,
          Value: String(p.Value),
          Type: p.Type ?? 'String',
          Overwrite: true,
        });
        return { ref: name, attributes: { Type: p.Type ?? 'String', Value: String(p.Value) } };
      }
      case 'AWS::Events::Rule':
        return this.createRule(stackName, id, p);
      case 'AWS::Cognito::UserPool':
        return this.createUserPool(stackName, id, p);
      case 'AWS::Cognito::UserPoolClient': {
        const poolId = String(p.UserPoolId);
        const clientName = String(p.ClientName ?? `${stackName}-${id}`);
        const listed = await clients.cognito.send(
          new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 60 }),
        );
        let clientId = listed.UserPoolClients?.find((c) => c.ClientName === clientName)?.ClientId;
        if (!clientId) {
          const out = await clients.cognito.send(
            new CreateUserPoolClientCommand({
              UserPoolId: poolId,
              ClientName: clientName,
              ExplicitAuthFlows: p.ExplicitAuthFlows as never,
              GenerateSecret: p.GenerateSecret === true,
            }),
          );
          clientId = out.UserPoolClient!.ClientId!;
        }
        for (const pool of this.pools.values()) if (pool.id === poolId) pool.clientIds.push(clientId);
        return { ref: clientId, attributes: { ClientId: clientId, Name: clientName } };
      }
      case 'AWS::Cognito::UserPoolGroup': {
        const name = String(p.GroupName ?? `${stackName}-${id}`);
        try {
          await clients.cognito.send(
            new CreateGroupCommand({
              UserPoolId: String(p.UserPoolId),
              GroupName: name,
              Description: p.Description as string | undefined,
              Precedence: p.Precedence === undefined ? undefined : Number(p.Precedence),
            }),
          );
        } catch (err) {
          if ((err as Error).name !== 'GroupExistsException') throw err;
        }
        return { ref: name, attributes: {} };
      }
      case 'AWS::RDS::DBCluster': {
        const identifier = String(p.DBClusterIdentifier ?? `${stackName}-${id}`).toLowerCase();
        const endpoint = this.opts.endpoints.rdsData ? new URL(this.opts.endpoints.rdsData) : undefined;
        const arn = this.arn('rds', `cluster:${identifier}`);
        return {
          ref: identifier,
          attributes: {
            Arn: arn,
            DBClusterArn: arn,
            DBClusterResourceId: `cluster-${shortId(identifier).toUpperCase()}`,
            'Endpoint.Address': endpoint?.hostname ?? '127.0.0.1',
            'Endpoint.Port': endpoint?.port ?? '5432',
            'ReadEndpoint.Address': endpoint?.hostname ?? '127.0.0.1',
            'MasterUserSecret.SecretArn': this.arn('secretsmanager', `secret:rds!${identifier}`),
          },
        };
      }
      default:
        throw new UnsupportedResourceError(stackName, id, type);
    }
  }

  /**
   * A scheduled EventBridge rule runs its local function targets on a timer (with the target's `Input` when set);
   * event patterns have nothing to match locally (no service publishes to EventBridge), so they are only logged.
   */
  private createRule(stackName: string, id: string, p: Record<string, unknown>): ResolvedResource {
    const name = String(p.Name ?? `${stackName}-${id}`);
    const arn = this.arn('events', `rule/${name}`);
    const expression = p.ScheduleExpression === undefined ? undefined : String(p.ScheduleExpression);
    const everyMs = expression === undefined ? undefined : rateMs(expression);
    const cron = expression === undefined || everyMs !== undefined ? undefined : parseCron(expression);
    const why =
      p.State === 'DISABLED'
        ? 'it is disabled'
        : expression === undefined
          ? 'event patterns are not matched locally'
          : everyMs === undefined && cron === undefined
            ? `${expression} is not an expression the local cloud evaluates`
            : undefined;
    if (why) {
      this.opts.log(`[local] ${stackName}/${id}: rule is not run locally: ${why}`);
      return { ref: name, attributes: { Arn: arn } };
    }
    for (const target of (p.Targets ?? []) as Array<{ Arn?: unknown; Input?: unknown; Id?: unknown }>) {
      const fn = this.functionsByArn.get(String(target.Arn));
      if (!fn) {
        this.opts.log(`[local] ${stackName}/${id}: target ${String(target.Id)} is not a local function, not run`);
        continue;
      }
      let input: unknown;
      if (target.Input !== undefined) {
        try {
          input = JSON.parse(String(target.Input));
        } catch {
          throw new UnsupportedResourceError(stackName, id, 'AWS::Events::Rule', 'Targets.Input', 'it must be JSON');
        }
      }
      this.schedules.push({
        fn,
        ruleArn: arn,
        ...(cron ? { cron } : { everyMs }),
        ...(input !== undefined ? { input } : {}),
      });
    }
    return { ref: name, attributes: { Arn: arn } };
  }

  /** Invokes the ServiceToken's local function with a Create request and waits for its response document. */
  private async createCustomResource(
    stackName: string,
    id: string,
    type: string,
    properties: Record<string, unknown>,
  ): Promise<ResolvedResource> {
    const token = String(properties.ServiceToken ?? '');
    // A qualified ARN (alias or version) runs the same local function.
    const fn = this.functionsByArn.get(token) ?? this.functionsByArn.get(token.split(':').slice(0, 7).join(':'));
    if (!fn) {
      throw new UnsupportedResourceError(
        stackName,
        id,
        type,
        'ServiceToken',
        `${token} is not a function of the local cloud (SNS-backed custom resources are not supported)`,
      );
    }
    this.opts.log(`[local] ${stackName}/${id}: Create request to ${fn.spec.logicalId}`);
    try {
      const result = await runCustomResource({
        stackName,
        logicalId: id,
        resourceType: type,
        properties,
        region: this.opts.region,
        accountId: this.opts.accountId,
        // The function's own Timeout, plus time for a cold start.
        timeoutMs: (fn.spec.timeoutSeconds + 15) * 1000,
        invoke: (event) => fn.invoke(event, 'queue'),
      });
      return { ref: result.physicalResourceId, attributes: result.data };
    } catch (err) {
      if (err instanceof CustomResourceFailedError) {
        throw new ProvisioningError(stackName, id, type, new Error(err.reason));
      }
      throw err;
    }
  }

  /**
   * An SES template (CloudFormation's `Template: {TemplateName, SubjectPart, HtmlPart, TextPart}`) stored in the SES
   * stand-in through the SES v2 API, so SendEmail with `Content.Template` renders it. A template kept from an earlier
   * run (persisted data) is updated: the template file is the truth, as a stack update would make it.
   */
  private async createEmailTemplate(stackName: string, id: string, p: Record<string, unknown>) {
    const template = (p.Template ?? {}) as Record<string, unknown>;
    const name = String(template.TemplateName ?? `${stackName}-${id}`);
    const content = {
      Subject: template.SubjectPart === undefined ? undefined : String(template.SubjectPart),
      Html: template.HtmlPart === undefined ? undefined : String(template.HtmlPart),
      Text: template.TextPart === undefined ? undefined : String(template.TextPart),
    };
    const { ses } = this.opts.clients;
    // By HTTP status: the stand-in's error bodies carry no error type the SDK can name.
    const exists = await ses.send(new GetEmailTemplateCommand({ TemplateName: name })).then(
      () => true,
      (err: { $metadata?: { httpStatusCode?: number } }) => {
        if (err.$metadata?.httpStatusCode === 404) return false;
        throw err;
      },
    );
    const Command = exists ? UpdateEmailTemplateCommand : CreateEmailTemplateCommand;
    await ses.send(new Command({ TemplateName: name, TemplateContent: content }));
    return { ref: name, attributes: { Id: name } };
  }

  private async createQueue(name: string, attributes: Record<string, string>) {
    const { sqs } = this.opts.clients;
    const out = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
    const url = out.QueueUrl!;
    const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
    const arn = attrs.Attributes!.QueueArn!;
    this.queuesByArn.set(arn, { url, name });
    return { url, arn };
  }

  private async subscribe(stackName: string, id: string, type: string, p: Record<string, unknown>): Promise<string> {
    const protocol = String(p.Protocol);
    const attributes: Record<string, string> = {};
    if (p.FilterPolicy !== undefined) {
      attributes.FilterPolicy = typeof p.FilterPolicy === 'string' ? p.FilterPolicy : JSON.stringify(p.FilterPolicy);
    }
    if (p.FilterPolicyScope !== undefined) attributes.FilterPolicyScope = String(p.FilterPolicyScope);
    if (protocol === 'sqs') {
      if (p.RawMessageDelivery !== undefined) attributes.RawMessageDelivery = String(p.RawMessageDelivery);
      const out = await this.opts.clients.sns.send(
        new SubscribeCommand({
          TopicArn: String(p.TopicArn),
          Protocol: 'sqs',
          Endpoint: String(p.Endpoint),
          Attributes: attributes,
          ReturnSubscriptionArn: true,
        }),
      );
      return out.SubscriptionArn!;
    }
    if (protocol === 'lambda') {
      const fn = this.functionsByArn.get(String(p.Endpoint));
      if (!fn) throw new UnsupportedResourceError(stackName, id, type, 'Endpoint', `no local function ${p.Endpoint}`);
      return this.subscribeFunction(String(p.TopicArn), fn, attributes, id);
    }
    throw new UnsupportedResourceError(
      stackName,
      id,
      type,
      `Protocol ${protocol}`,
      'only sqs and lambda are delivered',
    );
  }

  /**
   * SNS -> Lambda through a hidden queue: the topic delivers the envelope to it and a one-record poller turns each
   * message into the SNS event Lambda receives, so filter policies and retries behave as fauxqs implements them.
   */
  private async subscribeFunction(
    topicArn: string,
    fn: LocalFunction,
    attributes: Record<string, string>,
    id: string,
  ): Promise<string> {
    const base = `tbs-local-sns-${shortId(topicArn, fn.spec.functionName, id)}`;
    const dlq = await this.createQueue(`${base}-failed`, {});
    const queue = await this.createQueue(base, {
      VisibilityTimeout: this.visibility(fn.spec.timeoutSeconds),
      // Lambda retries an asynchronous invocation twice before giving up.
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 3 }),
    });
    const out = await this.opts.clients.sns.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: 'sqs',
        Endpoint: queue.arn,
        Attributes: { ...attributes, RawMessageDelivery: 'false' },
        ReturnSubscriptionArn: true,
      }),
    );
    const subscriptionArn = out.SubscriptionArn!;
    this.eventSources.push(
      new SqsEventSource(
        this.opts.clients.sqs,
        fn,
        {
          queueUrl: queue.url,
          queueArn: queue.arn,
          batchSize: 1,
          maximumBatchingWindowInSeconds: 0,
          reportBatchItemFailures: false,
          region: this.opts.region,
          toEvent: (records) => ({ Records: records.map((r) => snsRecord(String(r.body), subscriptionArn)) }),
        },
        this.opts.log,
        this.opts.deliveryFaults,
      ),
    );
    return subscriptionArn;
  }

  private async createUserPool(stackName: string, id: string, p: Record<string, unknown>): Promise<ResolvedResource> {
    const { cognito } = this.opts.clients;
    const name = String(p.UserPoolName ?? `${stackName}-${id}`);
    const listed = await cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    let poolId = listed.UserPools?.find((pool) => pool.Name === name)?.Id;
    if (!poolId) {
      const out = await cognito.send(
        new CreateUserPoolCommand({
          PoolName: name,
          UsernameAttributes: p.UsernameAttributes as never,
          AutoVerifiedAttributes: p.AutoVerifiedAttributes as never,
          Schema: p.Schema as never,
          Policies: p.Policies as never,
        }),
      );
      poolId = out.UserPool!.Id!;
    }
    const base = this.opts.endpoints.cognito ?? '';
    const issuer = this.opts.cognito?.issuerFor(poolId) ?? `${base}/${poolId}`;
    const jwksUri = this.opts.cognito?.jwksUrlFor(poolId) ?? `${base}/${poolId}/.well-known/jwks.json`;
    const arn = this.arn('cognito-idp', `userpool/${poolId}`);
    this.pools.set(arn, { id: poolId, arn, issuer, jwksUri, clientIds: [] });
    const lambdaConfig = (p.LambdaConfig ?? {}) as Record<string, unknown>;
    for (const [trigger, fnArn] of Object.entries(lambdaConfig)) {
      const fn = this.functionsByArn.get(String(fnArn));
      if (fn) this.cognitoTriggers.push({ poolId, trigger, fn });
    }
    return {
      ref: poolId,
      attributes: {
        Arn: arn,
        UserPoolId: poolId,
        ProviderName: new URL(issuer).host + new URL(issuer).pathname,
        ProviderURL: issuer,
      },
    };
  }

  private registerBucketNotifications(stackName: string, id: string, bucket: string, config: unknown): void {
    if (!config) return;
    const c = config as Record<string, Array<Record<string, unknown>> | undefined>;
    for (const key of Object.keys(c)) {
      if (!['LambdaConfigurations', 'QueueConfigurations', 'EventBridgeConfiguration'].includes(key)) {
        throw new UnsupportedResourceError(stackName, id, 'AWS::S3::Bucket', `NotificationConfiguration.${key}`);
      }
    }
    const add = (n: Record<string, unknown>, target: S3Notification['target']) => {
      const rules = ((n.Filter as { S3Key?: { Rules?: Array<{ Name: string; Value: string }> } })?.S3Key?.Rules ??
        []) as Array<{ Name: string; Value: string }>;
      this.s3Notifications.push({
        bucket,
        events: [String(n.Event)],
        prefix: rules.find((r) => r.Name.toLowerCase() === 'prefix')?.Value ?? '',
        suffix: rules.find((r) => r.Name.toLowerCase() === 'suffix')?.Value ?? '',
        target,
      });
    };
    for (const n of c.LambdaConfigurations ?? []) {
      const fn = this.functionsByArn.get(String(n.Function));
      if (!fn) throw new UnsupportedResourceError(stackName, id, 'AWS::S3::Bucket', 'LambdaConfigurations.Function');
      add(n, { type: 'function', fn });
    }
    for (const n of c.QueueConfigurations ?? []) {
      const queue = this.queuesByArn.get(String(n.Queue));
      if (!queue) throw new UnsupportedResourceError(stackName, id, 'AWS::S3::Bucket', 'QueueConfigurations.Queue');
      add(n, { type: 'queue', queueUrl: queue.url });
    }
  }

  private async createFunction(
    stack: DiscoveredStack,
    stackName: string,
    id: string,
    resource: CfnResource,
    ctx: ResolveContext,
    bundles: BuiltBundle[] | undefined,
  ) {
    const expanded = expandServerlessFunction(id, resource);
    const f = expanded.function;
    const at = `Resources.${id}.Properties`;
    const name = f.functionName === undefined ? `${stackName}-${id}` : String(resolveValue(f.functionName, ctx, at));
    const handler = String(resolveValue(f.handler, ctx, `${at}.Handler`));
    const variables = (resolveValue(f.environment, ctx, `${at}.Environment.Variables`) ?? {}) as Record<
      string,
      unknown
    >;
    const env: Record<string, string> = { ...this.opts.functionEnv };
    for (const [k, v] of Object.entries(variables)) env[k] = typeof v === 'string' ? v : JSON.stringify(v);
    const reserved =
      f.reservedConcurrentExecutions === undefined
        ? undefined
        : Number(resolveValue(f.reservedConcurrentExecutions, ctx, `${at}.ReservedConcurrentExecutions`));
    const spec: FunctionSpec = {
      stack: stackName,
      logicalId: id,
      functionName: name,
      bundlePath: this.bundleFor(
        stack,
        bundles,
        id,
        handler,
        String(resolveValue(f.codeUri ?? '.', ctx, `${at}.CodeUri`)),
        expanded.build,
      ),
      handlerExport: handler.slice(handler.lastIndexOf('.') + 1),
      env,
      timeoutSeconds: Number(resolveValue(f.timeout ?? 3, ctx, `${at}.Timeout`)),
      memorySize: Number(resolveValue(f.memorySize ?? 128, ctx, `${at}.MemorySize`)),
      reservedConcurrency: reserved,
      region: this.opts.region,
      accountId: this.opts.accountId,
    };
    const fn = new LocalFunction(spec, this.opts.log);
    this.functionsByArn.set(this.functionArn(name), fn);
    this.functionsByName.set(name, fn);
    const generated = expanded.generated.filter((g) => g.logicalId !== id);
    return { fn, events: expanded.events, generated };
  }

  /** Built functions come from the build (or `.build/<stack>/manifest.json`); others are plain JS under CodeUri. */
  private bundleFor(
    stack: DiscoveredStack,
    bundles: BuiltBundle[] | undefined,
    id: string,
    handler: string,
    codeUri: string,
    build?: { method: string },
  ): string {
    if (build) {
      let list = bundles;
      if (!list) {
        const manifestPath = join(this.opts.repoRoot, '.build', stack.name, 'manifest.json');
        if (!existsSync(manifestPath)) {
          throw new Error(`no build output at ${manifestPath}: build the stack first (tbs-local up builds by default)`);
        }
        list = JSON.parse(readFileSync(manifestPath, 'utf8')) as BuiltBundle[];
      }
      const built = list.find((b) => b.logicalId === id);
      if (!built) throw new Error(`the build of ${stack.name} has no bundle for ${id}`);
      return isAbsolute(built.outFile) ? built.outFile : resolvePath(this.opts.repoRoot, built.outFile);
    }
    const base = resolvePath(stack.dir, codeUri, handler.slice(0, handler.lastIndexOf('.')));
    for (const ext of ['.mjs', '.js', '.cjs']) if (existsSync(base + ext)) return base + ext;
    throw new Error(`handler file ${base}.mjs/.js not found (no Metadata.BuildMethod, so it is not built)`);
  }

  private declareApi(folder: string, stackName: string, id: string, resource: CfnResource, ctx: ResolveContext) {
    const kind = resource.Type === 'AWS::Serverless::HttpApi' ? 'http' : 'rest';
    const props = resource.Properties ?? {};
    const at = `Resources.${id}.Properties`;
    const stage = String(
      resolveValue(props.StageName ?? (kind === 'http' ? '$default' : 'Prod'), ctx, `${at}.StageName`),
    );
    const apiId = shortId(stackName, id);
    const corsRaw = resolveValue(kind === 'http' ? props.CorsConfiguration : props.Cors, ctx, `${at}.Cors`);
    const def: ApiDefinition = {
      stack: stackName,
      logicalId: id,
      apiId,
      kind,
      stage,
      basePath: `/${folder}`,
      binaryMediaTypes: ((resolveValue(props.BinaryMediaTypes ?? [], ctx, at) ?? []) as unknown[]).map(String),
      cors: corsRaw === undefined ? undefined : corsConfig(corsRaw, kind),
      ...(kind === 'rest'
        ? {
            gatewayResponses: gatewayResponsesOf(
              resolveValue(props.GatewayResponses, ctx, `${at}.GatewayResponses`),
              `${at}.GatewayResponses`,
            ),
          }
        : {}),
      routes: [],
    };
    const state: ApiState = { def, logicalId: id, properties: props, authorizers: {} };
    return state;
  }

  private authorizersOf(stackName: string, id: string, state: ApiState, ctx: ResolveContext): void {
    const auth = resolveValue(state.properties.Auth ?? {}, ctx, `Resources.${id}.Properties.Auth`) as Record<
      string,
      unknown
    >;
    state.defaultAuthorizer = auth.DefaultAuthorizer as string | undefined;
    for (const [name, raw] of Object.entries((auth.Authorizers ?? {}) as Record<string, Record<string, unknown>>)) {
      state.authorizers[name] = this.authorizerConfig(stackName, id, name, raw, state.def.kind);
    }
  }

  private authorizerConfig(
    stackName: string,
    id: string,
    name: string,
    raw: Record<string, unknown>,
    kind: 'rest' | 'http',
  ): AuthorizerConfig {
    const type = kind === 'rest' ? 'AWS::Serverless::Api' : 'AWS::Serverless::HttpApi';
    if (raw.UserPoolArn !== undefined || raw.providerARNs !== undefined) {
      const arns = [raw.UserPoolArn ?? raw.providerARNs].flat().map(String);
      const pool = this.pools.get(arns[0]!);
      if (!pool)
        throw new UnsupportedResourceError(
          stackName,
          id,
          type,
          `Auth.Authorizers.${name}.UserPoolArn`,
          `no local pool ${arns[0]}`,
        );
      const header = String((raw.Identity as { Header?: string } | undefined)?.Header ?? 'Authorization').toLowerCase();
      // Shares the pool's client list, so clients created later (or in other stacks) are accepted too.
      return { name, issuer: pool.issuer, jwksUri: pool.jwksUri, audience: pool.clientIds, tokenUse: ['id'], header };
    }
    const jwt = raw.JwtConfiguration as { issuer?: string; audience?: string[] } | undefined;
    if (jwt?.issuer) {
      const pool = [...this.pools.values()].find((p) => jwt.issuer === p.issuer || jwt.issuer?.endsWith(`/${p.id}`));
      if (!pool)
        throw new UnsupportedResourceError(
          stackName,
          id,
          type,
          `Auth.Authorizers.${name}.JwtConfiguration.issuer`,
          `no local pool issues ${jwt.issuer}`,
        );
      const source = String(raw.IdentitySource ?? '$request.header.Authorization');
      return {
        name,
        issuer: pool.issuer,
        jwksUri: pool.jwksUri,
        audience: (jwt.audience ?? []).map(String),
        tokenUse: ['id', 'access'],
        header: source.replace(/^\$request\.header\./, '').toLowerCase(),
      };
    }
    throw new UnsupportedResourceError(
      stackName,
      id,
      type,
      `Auth.Authorizers.${name}`,
      'only Cognito/JWT authorizers run locally',
    );
  }

  /** Routes declared in an OpenAPI DefinitionBody (Lambda proxy and SQS integrations). */
  private defineRoutes(
    stackName: string,
    id: string,
    state: ApiState,
    resources: Record<string, CfnResource>,
    ctx: ResolveContext,
  ): void {
    this.authorizersOf(stackName, id, state, ctx);
    if (state.properties.DefinitionBody === undefined) return;
    const type = resources[id]!.Type;
    const body = resolveValue(state.properties.DefinitionBody, ctx, `Resources.${id}.Properties.DefinitionBody`) as {
      paths?: Record<string, Record<string, Record<string, unknown>>>;
      components?: { securitySchemes?: Record<string, Record<string, unknown>> };
      securityDefinitions?: Record<string, Record<string, unknown>>;
      security?: Array<Record<string, unknown>>;
    };
    // Responses in the definition itself; SAM's GatewayResponses property wins for a type both declare.
    state.def.gatewayResponses = {
      ...gatewayResponsesOf(
        (body as Record<string, unknown>)['x-amazon-apigateway-gateway-responses'],
        `Resources.${id}.Properties.DefinitionBody.x-amazon-apigateway-gateway-responses`,
      ),
      ...state.def.gatewayResponses,
    };
    const schemes = { ...body.securityDefinitions, ...body.components?.securitySchemes };
    for (const [name, scheme] of Object.entries(schemes)) {
      const ext = scheme['x-amazon-apigateway-authorizer'] as Record<string, unknown> | undefined;
      if (ext && !state.authorizers[name]) {
        state.authorizers[name] = this.authorizerConfig(
          stackName,
          id,
          name,
          { ...ext, Identity: { Header: scheme.name } },
          state.def.kind,
        );
      }
    }
    for (const [path, methods] of Object.entries(body.paths ?? {})) {
      for (const [method, op] of Object.entries(methods)) {
        const integration = op['x-amazon-apigateway-integration'] as Record<string, unknown> | undefined;
        if (!integration) continue;
        const upper = method.toUpperCase() === 'X-AMAZON-APIGATEWAY-ANY-METHOD' ? 'ANY' : method.toUpperCase();
        const security = (op.security ?? body.security) as Array<Record<string, unknown>> | undefined;
        const authName = security?.map((s) => Object.keys(s)[0]).find((n) => n && state.authorizers[n]);
        const route: RouteDefinition = {
          method: upper,
          path,
          target: this.integrationTarget(stackName, id, type, `${upper} ${path}`, integration),
          authorizer: authName ? state.authorizers[authName] : undefined,
        };
        state.def.routes.push(route);
      }
    }
  }

  private integrationTarget(
    stackName: string,
    id: string,
    type: string,
    where: string,
    integration: Record<string, unknown>,
  ): RouteDefinition['target'] {
    const uri = String(integration.uri ?? '');
    if (integration.type === 'aws_proxy') {
      const arn = /functions\/(.+)\/invocations/.exec(uri)?.[1];
      const fn = arn ? this.functionsByArn.get(arn) : undefined;
      if (!fn) throw new UnsupportedResourceError(stackName, id, type, `DefinitionBody ${where} integration uri`, uri);
      return { type: 'function', fn };
    }
    const sqs = /:sqs:path\/[^/]+\/([^/]+)$/.exec(uri);
    if (integration.type === 'aws' && sqs) {
      const queue = [...this.queuesByArn.values()].find((q) => q.name === sqs[1]);
      if (!queue)
        throw new UnsupportedResourceError(
          stackName,
          id,
          type,
          `DefinitionBody ${where} integration uri`,
          `no local queue ${sqs[1]}`,
        );
      const passthrough = String(integration.passthroughBehavior ?? 'when_no_match').toLowerCase();
      return {
        type: 'sqs',
        integration: {
          queueUrl: queue.url,
          requestTemplates: Object.fromEntries(
            Object.entries((integration.requestTemplates ?? {}) as Record<string, string>).map(([k, v]) => [
              k.toLowerCase(),
              v,
            ]),
          ),
          passthroughBehavior: passthrough as SqsIntegrationConfig['passthroughBehavior'],
          responses: integrationResponsesOf(integration.responses),
        },
      };
    }
    throw new UnsupportedResourceError(
      stackName,
      id,
      type,
      `DefinitionBody ${where} integration`,
      `type ${String(integration.type)} ${uri}`,
    );
  }

  private async wireEvents(
    stackName: string,
    fn: LocalFunction,
    events: FunctionEvent[],
    ctx: ResolveContext,
    apis: Map<string, ApiState>,
  ): Promise<void> {
    const type = 'AWS::Serverless::Function';
    const id = fn.spec.logicalId;
    for (const event of events) {
      const at = `Resources.${id}.Properties.Events.${event.id}`;
      switch (event.type) {
        case 'Api':
        case 'HttpApi': {
          let state: ApiState | undefined;
          if (event.implicitApi) {
            const implicitId = event.type === 'Api' ? 'ServerlessRestApi' : 'ServerlessHttpApi';
            state = apis.get(implicitId);
            if (!state) {
              const resource = { Type: `AWS::Serverless::${event.type}`, Properties: {} };
              state = this.declareApi(stackName.replace(/-local$/, ''), stackName, implicitId, resource, ctx);
              apis.set(implicitId, state);
              // Outputs and mappings may refer to SAM's implicit API by its generated logical id.
              ctx.resources[implicitId] = { ref: state.def.apiId, attributes: {} };
              ctx.resources[`${implicitId}.Stage`] = { ref: state.def.stage, attributes: {} };
            }
          } else {
            const ref = resolveValue(event.apiId, ctx, `${at}.Properties`);
            state = [...apis.values()].find((s) => s.def.apiId === ref);
          }
          if (!state)
            throw new UnsupportedResourceError(
              stackName,
              id,
              type,
              `Events.${event.id}.Properties.RestApiId`,
              'the API must be in the same stack',
            );
          const auth = resolveValue(event.auth ?? {}, ctx, `${at}.Properties.Auth`) as { Authorizer?: string };
          const authName = auth.Authorizer ?? state.defaultAuthorizer;
          const authorizer = authName && authName !== 'NONE' ? state.authorizers[authName] : undefined;
          if (authName && authName !== 'NONE' && !authorizer) {
            throw new UnsupportedResourceError(
              stackName,
              id,
              type,
              `Events.${event.id}.Properties.Auth.Authorizer`,
              `unknown authorizer ${authName}`,
            );
          }
          state.def.routes.push({
            method: event.method,
            path: event.path,
            target: { type: 'function', fn },
            authorizer,
          });
          break;
        }
        case 'SQS': {
          if (!event.enabled) break;
          const queueArn = String(resolveValue(event.queue, ctx, `${at}.Properties.Queue`));
          const queue = this.queuesByArn.get(queueArn);
          if (!queue)
            throw new UnsupportedResourceError(
              stackName,
              id,
              type,
              `Events.${event.id}.Properties.Queue`,
              `no local queue ${queueArn}`,
            );
          if (event.filterCriteria !== undefined) {
            throw new UnsupportedResourceError(stackName, id, type, `Events.${event.id}.Properties.FilterCriteria`);
          }
          const config: SqsEventSourceConfig = {
            queueUrl: queue.url,
            queueArn,
            batchSize: event.batchSize,
            maximumBatchingWindowInSeconds: event.maximumBatchingWindowInSeconds,
            reportBatchItemFailures: event.functionResponseTypes.includes('ReportBatchItemFailures'),
            maximumConcurrency:
              event.maximumConcurrency === undefined
                ? undefined
                : Number(resolveValue(event.maximumConcurrency, ctx, at)),
            region: this.opts.region,
          };
          this.eventSources.push(
            new SqsEventSource(this.opts.clients.sqs, fn, config, this.opts.log, this.opts.deliveryFaults),
          );
          break;
        }
        case 'SNS': {
          const absent = this.absentProducer(event.topic, ctx);
          if (absent) {
            this.opts.log(`[local] ${stackName}/${id}: SNS event ${event.id} skipped, ${absent}`);
            break;
          }
          const topicArn = String(resolveValue(event.topic, ctx, `${at}.Properties.Topic`));
          const attributes: Record<string, string> = { FilterPolicyScope: event.filterPolicyScope };
          if (event.filterPolicy !== undefined) {
            attributes.FilterPolicy = JSON.stringify(
              resolveValue(event.filterPolicy, ctx, `${at}.Properties.FilterPolicy`),
            );
          }
          await this.subscribeFunction(topicArn, fn, attributes, event.id);
          break;
        }
        case 'S3': {
          const bucket = String(resolveValue(event.bucket, ctx, `${at}.Properties.Bucket`));
          const filter = resolveValue(event.filter ?? {}, ctx, `${at}.Properties.Filter`);
          for (const e of [resolveValue(event.events, ctx, at)].flat()) {
            this.registerBucketNotifications(stackName, id, bucket, {
              LambdaConfigurations: [{ Event: e, Function: this.functionArn(fn.spec.functionName), Filter: filter }],
            });
          }
          break;
        }
        case 'Cognito': {
          const poolId = String(resolveValue(event.userPool, ctx, `${at}.Properties.UserPool`));
          for (const trigger of event.triggers) this.cognitoTriggers.push({ poolId, trigger, fn });
          break;
        }
        case 'Schedule':
        case 'ScheduleV2': {
          const expression = String(resolveValue(event.schedule ?? '', ctx, `${at}.Properties.Schedule`));
          const everyMs = rateMs(expression);
          const cron = everyMs === undefined ? parseCron(expression) : undefined;
          if ((everyMs === undefined && cron === undefined) || !event.enabled) {
            const why = event.enabled ? 'not an expression the local cloud evaluates' : 'disabled';
            this.opts.log(
              `[local] ${stackName}/${id}: schedule ${event.id} (${expression}) is not run locally: ${why}`,
            );
            break;
          }
          const ruleArn = this.arn('events', `rule/${stackName}-${id}${event.id}`);
          this.schedules.push({ fn, ruleArn, ...(cron ? { cron } : { everyMs }) });
          break;
        }
        default:
          if (SKIPPED_EVENT_TYPES.has(event.type)) {
            this.opts.log(`[local] ${stackName}/${id}: ${event.type} event ${event.id} is not run locally`);
            break;
          }
          throw new UnsupportedResourceError(
            stackName,
            id,
            type,
            `Events.${event.id} (${'samType' in event ? event.samType : event.type})`,
          );
      }
    }
  }

  /**
   * The API's base path comes from the custom-domain mapping that names it (ApiGatewayV2 ApiMapping key or
   * ApiGateway BasePathMapping), even when the mapping's domain condition is false locally: the local gateway
   * plays the custom domain. Without a mapping, the API is mounted under `/<stack folder>`.
   */
  private basePathOf(
    state: ApiState,
    resources: Record<string, CfnResource>,
    ctx: ResolveContext,
    folder: string,
  ): string {
    for (const [mid, r] of Object.entries(resources)) {
      const p = r.Properties ?? {};
      let apiRef: unknown;
      let key: unknown;
      if (r.Type === 'AWS::ApiGatewayV2::ApiMapping') [apiRef, key] = [p.ApiId, p.ApiMappingKey];
      else if (r.Type === 'AWS::ApiGateway::BasePathMapping') [apiRef, key] = [p.RestApiId, p.BasePath];
      else continue;
      try {
        if (resolveValue(apiRef, ctx, `Resources.${mid}`) !== state.def.apiId) continue;
        const path = String(resolveValue(key ?? '', ctx, `Resources.${mid}`)).replace(/^\/+|\/+$/g, '');
        return path === '' || path === '(none)' ? '' : `/${path}`;
      } catch {
        // A mapping whose other properties only resolve in AWS does not block the local mount.
      }
    }
    return `/${folder}`;
  }
}

/** Reads `<stack>/local.params.json` (parameter values and local secret values), if the stack has one. */
export function localValues(stack: DiscoveredStack): LocalStackValues {
  const file = join(stack.dir, 'local.params.json');
  if (!existsSync(file)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  const isStringMap = (v: unknown) =>
    v === undefined ||
    (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string'));
  const values = parsed as LocalStackValues;
  const hooksValid =
    values?.StripeWebhooks === undefined ||
    (Array.isArray(values.StripeWebhooks) &&
      values.StripeWebhooks.every((h) => typeof h?.path === 'string' && typeof h?.secret === 'string'));
  const known = ['Parameters', 'SecretValues', 'StripeWebhooks'];
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Object.keys(parsed).some((k) => !known.includes(k)) ||
    !isStringMap(values.Parameters) ||
    !isStringMap(values.SecretValues) ||
    !hooksValid
  ) {
    throw new Error(
      `${file} must be {"Parameters": {name: "value"}, "SecretValues": {id: "value"}, "StripeWebhooks": [{"path", "secret"}]}`,
    );
  }
  return values;
}

/**
 * A stack as the local cloud resolves it: its template after SAM Globals, its parameters and conditions, and the
 * context its values resolve in (resources are added to it as they are created).
 */
export function stackContext(
  stack: DiscoveredStack,
  overrides: Record<string, string>,
  where: { region: string; accountId: string },
  imports: Record<string, string> = {},
) {
  const stackName = `${stack.name}-local`;
  const template = applySamGlobals(stack.template);
  const parameters = parametersFor(stack, overrides);
  const pseudo = { stackName, region: where.region, accountId: where.accountId };
  const conditions = evaluateConditions(template, parameters, pseudo);
  const ctx: ResolveContext = createResolveContext({
    ...pseudo,
    parameters,
    conditions,
    mappings: template.Mappings ?? {},
    imports,
  });
  return { stackName, template, parameters, conditions, ctx };
}

/** Parameters: template defaults, then `local.params.json`, then the caller's overrides; Env is always local. */
export function parametersFor(
  stack: DiscoveredStack,
  overrides: Record<string, string> = {},
): Record<string, string | string[]> {
  const declared = stack.template.Parameters ?? {};
  const values: Record<string, string> = { ...localValues(stack).Parameters, ...overrides };
  if ('Env' in declared) values.Env = 'local';
  return resolveParameters(stack.template, values, { stackName: `${stack.name}-local` });
}

/** Fails on a resource type that is neither emulated nor a no-op, or an emulated type's unknown property. */
export function checkSupported(stackName: string, id: string, resource: CfnResource): void {
  if (NO_OP_RESOURCE_TYPES.has(resource.Type)) return;
  if (isCustomResourceType(resource.Type)) {
    // Custom resources take any property; only the function to call is required.
    if (resource.Properties?.ServiceToken === undefined) {
      throw new UnsupportedResourceError(stackName, id, resource.Type, 'ServiceToken', 'it is required');
    }
    return;
  }
  const supported = SUPPORTED_PROPERTIES[resource.Type];
  if (!supported) throw new UnsupportedResourceError(stackName, id, resource.Type);
  for (const property of Object.keys(resource.Properties ?? {})) {
    if (!supported.has(property)) throw new UnsupportedResourceError(stackName, id, resource.Type, property);
  }
}

/** Orders resources so each comes after what it references (Ref, GetAtt, Sub, DependsOn); events come later. */
export function dependencyOrder(resources: Array<[string, CfnResource]>): string[] {
  const ids = new Set(resources.map(([id]) => id));
  const deps = new Map<string, Set<string>>();
  for (const [id, r] of resources) {
    const found = new Set<string>();
    const add = (name: string) => {
      const base = name.split('.')[0]!;
      if (ids.has(base) && base !== id) found.add(base);
    };
    const props = { ...r.Properties };
    // Function events and API definitions are wired after every resource exists, so they add no edges.
    if (r.Type === 'AWS::Serverless::Function') delete props.Events;
    if (r.Type.startsWith('AWS::Serverless::') && r.Type !== 'AWS::Serverless::Function') {
      delete props.DefinitionBody;
      delete props.Auth;
    }
    walkReferences(props, add);
    for (const d of [r.DependsOn ?? []].flat()) add(String(d));
    deps.set(id, found);
  }
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, trail: string[]) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting')
      throw new Error(`resources reference each other in a cycle: ${[...trail, id].join(' -> ')}`);
    state.set(id, 'visiting');
    for (const d of deps.get(id) ?? []) visit(d, [...trail, id]);
    state.set(id, 'done');
    order.push(id);
  };
  for (const [id] of resources) visit(id, []);
  return order;
}

function walkReferences(value: unknown, add: (name: string) => void): void {
  if (Array.isArray(value)) {
    for (const v of value) walkReferences(v, add);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, v] of Object.entries(value)) {
    if (key === 'Ref' && typeof v === 'string') add(v);
    else if (key === 'Fn::GetAtt') add(Array.isArray(v) ? String(v[0]) : String(v));
    else if (key === 'Fn::Sub') {
      const text = Array.isArray(v) ? v[0] : v;
      if (typeof text === 'string') for (const m of text.matchAll(/\$\{([^!}][^}]*)\}/g)) add(m[1]!.trim());
      if (Array.isArray(v)) walkReferences(v[1], add);
    } else walkReferences(v, add);
  }
}

function secretValue(p: Record<string, unknown>): string {
  if (typeof p.SecretString === 'string') return p.SecretString;
  const g = (p.GenerateSecretString ?? {}) as {
    SecretStringTemplate?: string;
    GenerateStringKey?: string;
    PasswordLength?: number;
    ExcludeCharacters?: string;
  };
  const exclude = new Set((g.ExcludeCharacters ?? '').split(''));
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
    .split('')
    .filter((c) => !exclude.has(c));
  const length = Number(g.PasswordLength ?? 32);
  const password = [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('');
  if (g.SecretStringTemplate && g.GenerateStringKey) {
    return JSON.stringify({ ...JSON.parse(g.SecretStringTemplate), [g.GenerateStringKey]: password });
  }
  return password;
}

function unquote(value: unknown): string {
  return String(value).replace(/^'(.*)'$/, '$1');
}

/** SAM `Cors` (REST: quoted strings) or `CorsConfiguration` (HTTP API: lists) in one shape. */
function corsConfig(raw: unknown, kind: 'rest' | 'http'): CorsConfig {
  const list = (v: unknown) =>
    v === undefined
      ? []
      : [v]
          .flat()
          .flatMap((x) => unquote(x).split(','))
          .map((x) => x.trim())
          .filter(Boolean);
  if (typeof raw === 'string') {
    return { allowOrigins: [unquote(raw)], allowMethods: ['*'], allowHeaders: ['*'], exposeHeaders: [] };
  }
  const c = raw as Record<string, unknown>;
  if (kind === 'http') {
    return {
      allowOrigins: list(c.AllowOrigins),
      allowMethods: list(c.AllowMethods ?? '*'),
      allowHeaders: list(c.AllowHeaders),
      exposeHeaders: list(c.ExposeHeaders),
      maxAge: c.MaxAge === undefined ? undefined : Number(c.MaxAge),
      allowCredentials: c.AllowCredentials === true,
    };
  }
  return {
    allowOrigins: list(c.AllowOrigin ?? "'*'"),
    allowMethods: list(c.AllowMethods ?? "'DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT'"),
    allowHeaders: list(c.AllowHeaders),
    exposeHeaders: [],
    maxAge: c.MaxAge === undefined ? undefined : Number(unquote(c.MaxAge)),
    allowCredentials: c.AllowCredentials === true || unquote(c.AllowCredentials) === 'true',
  };
}

/** The SNS event record Lambda receives, from the SNS envelope fauxqs delivered to the hidden queue. */
function snsRecord(body: string, subscriptionArn: string): Record<string, unknown> {
  const envelope = JSON.parse(body) as Record<string, unknown>;
  return {
    EventSource: 'aws:sns',
    EventVersion: '1.0',
    EventSubscriptionArn: subscriptionArn,
    Sns: {
      Type: envelope.Type ?? 'Notification',
      MessageId: envelope.MessageId,
      TopicArn: envelope.TopicArn,
      Subject: envelope.Subject ?? null,
      Message: envelope.Message,
      Timestamp: envelope.Timestamp,
      SignatureVersion: envelope.SignatureVersion ?? '1',
      Signature: envelope.Signature ?? 'local',
      SigningCertUrl: envelope.SigningCertURL ?? '',
      UnsubscribeUrl: envelope.UnsubscribeURL ?? '',
      MessageAttributes: envelope.MessageAttributes ?? {},
    },
  };
}
