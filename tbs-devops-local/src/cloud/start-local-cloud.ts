import { resolve } from 'node:path';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { buildStack } from '../build';
import type { CognitoTriggerHandler, ObjectCreatedEvent, RunningFauxqs, RunningStripe } from '../standins';
import { type CfnTemplate, type DiscoveredStack, discoverStacks, orderStacks, stackLinks } from '../template';
import { absentProducerImports } from './absent-producers';
import { createCloudClients } from './aws-clients';
import { freshBundles } from './build-freshness';
import { awsEnvironment, type EndpointName, type Standins, startStandins } from './cloud-standins';
import { type DeliveryFaultOptions, DeliveryFaults } from './delivery-faults';
import { Gateway } from './gateway';
import { startLambdaEndpoint } from './lambda-endpoint';
import {
  type BuiltBundle,
  checkSupported,
  type LocalStack,
  localValues,
  Provisioner,
  parametersFor,
  type S3Notification,
} from './provisioner';
import { NO_OP_RESOURCE_TYPES } from './resource-types';
import { startSchedules } from './schedules';

export interface StartLocalCloudOptions {
  repoRoot: string;
  /** Stack folder names (e.g. `tbs-app-product`); the stacks they import from are added. Default: all. */
  stacks?: string[];
  /** Persist stand-in state here; in memory when absent. */
  dataDir?: string;
  /** The gateway's port: 3000 by default, 0 for any free port (tests). */
  gatewayPort?: number;
  /** Parameter values by stack folder name, over `local.params.json` and the template defaults. */
  parameterOverrides?: Record<string, Record<string, string>>;
  log?: (line: string) => void;
  /** Build functions with esbuild before starting them (default true). */
  build?: boolean;
  /** Test-only: duplicate deliveries and failed invocations on every SQS event source (off when absent). */
  deliveryFaults?: DeliveryFaultOptions;
  /** Local-only: multiplies every queue's visibility timeout (default 1), e.g. 0.05 to retry in seconds. */
  visibilityTimeoutScale?: number;
}

export interface LocalCloud {
  gatewayUrl: string;
  endpoints: Record<EndpointName, string>;
  /** The Lambda Invoke API over the local functions. */
  lambdaEndpoint: string;
  standins: Standins;
  stacks: LocalStack[];
  outputs(stack: string): Record<string, string>;
  invoke(stack: string, logicalId: string, event: unknown): Promise<unknown>;
  awsEnv(): Record<string, string>;
  /** The test-only delivery faults of the event sources: switch them on or off and read what they did. */
  faults: DeliveryFaults;
  stop(): Promise<void>;
}

const REGION = 'us-east-1';
const ACCOUNT_ID = '000000000000';

/** Only resources the local cloud acts on can make one stack need another (alarms importing a topic do not). */
function withoutNoOps(template: CfnTemplate): CfnTemplate {
  const resources = Object.fromEntries(
    Object.entries(template.Resources).filter(([, r]) => !NO_OP_RESOURCE_TYPES.has(r.Type)),
  );
  return { ...template, Resources: resources };
}

function matchesS3(n: S3Notification, bucket: string, key: string): boolean {
  const created = n.events.some((e) => e === 's3:ObjectCreated:*' || e.startsWith('s3:ObjectCreated:'));
  return created && n.bucket === bucket && key.startsWith(n.prefix) && key.endsWith(n.suffix);
}

function s3Event(e: ObjectCreatedEvent): Record<string, unknown> {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: REGION,
        eventTime: e.eventTime,
        eventName: e.eventName,
        userIdentity: { principalId: 'local' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: { 'x-amz-request-id': 'local', 'x-amz-id-2': 'local' },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'local',
          bucket: { name: e.bucket, ownerIdentity: { principalId: 'local' }, arn: `arn:aws:s3:::${e.bucket}` },
          object: {
            // S3 event keys are URL-encoded with '+' for spaces.
            key: encodeURIComponent(e.key).replace(/%2F/g, '/').replace(/%20/g, '+'),
            size: e.size,
            eTag: e.etag,
            sequencer: Date.now().toString(16).toUpperCase(),
          },
        },
      },
    ],
  };
}

/**
 * Starts the stand-ins, creates every stack's resources from its template, builds and runs its functions,
 * and serves every API on one gateway. `stop()` tears everything down.
 */
export async function startLocalCloud(opts: StartLocalCloudOptions): Promise<LocalCloud> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const repoRoot = resolve(opts.repoRoot);
  const cleanups: Array<() => Promise<void> | void> = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (err) {
        log(`[local] stop: ${(err as Error).message}`);
      }
    }
  };
  try {
    const t0 = Date.now();
    const scale = opts.visibilityTimeoutScale ?? 1;
    if (!(scale > 0 && Number.isFinite(scale)))
      throw new RangeError('visibilityTimeoutScale must be a positive number');
    const faults = new DeliveryFaults(opts.deliveryFaults);
    if (faults.active) log(`[local] ${faults.describe()}`);
    if (scale !== 1) log(`[local] queue visibility timeouts scaled by ${scale}`);
    const discovered = await discoverStacks(repoRoot);
    const overrides = opts.parameterOverrides ?? {};
    const linkable = discovered.map((s) => ({ ...s, template: withoutNoOps(s.template) }));
    const ctxFor = (s: DiscoveredStack) => ({
      stackName: `${s.name}-local`,
      region: REGION,
      accountId: ACCOUNT_ID,
      parameters: parametersFor(s, overrides[s.name]),
    });
    const selected = selectStacks(linkable, opts.stacks, ctxFor);
    const absentImports = absentProducerImports(selected, linkable, ctxFor);
    for (const [name, producer] of absentImports) {
      log(`[local] ${name} has no stack to export it (no ${producer}/template.yaml): subscriptions to it are skipped`);
    }
    const ordered = orderStacks(selected, ctxFor, absentImports.keys());
    // Every template is checked before anything starts, so a bad one fails in milliseconds.
    for (const s of ordered) {
      const template = discovered.find((d) => d.name === s.name)!.template;
      for (const [id, r] of Object.entries(template.Resources)) {
        // Conditional resources are checked once their condition is known, when the stack is provisioned.
        if (r.Condition === undefined) checkSupported(`${s.name}-local`, id, r);
      }
    }
    // Bundling runs while the stand-ins start: the two dominate the start time.
    const builds = opts.build === false ? undefined : startBuilds(repoRoot, ordered, log);
    builds?.catch(() => {});
    const standins = await startStandins(opts.dataDir ? resolve(opts.dataDir) : undefined, log);
    cleanups.push(() => standins.stop());
    const clients = createCloudClients(standins.endpoints, REGION);
    cleanups.push(() => clients.destroy());

    let late: Provisioner | undefined;
    const lambda = await startLambdaEndpoint(
      (name) => late?.functionsByName.get(name) ?? late?.functionsByName.get(name.split(':').pop() ?? ''),
    );
    cleanups.push(() => lambda.stop());
    const env = awsEnvironment(standins.endpoints, REGION, lambda.endpoint);
    const provisioner = new Provisioner({
      repoRoot,
      region: REGION,
      accountId: ACCOUNT_ID,
      clients,
      endpoints: standins.endpoints,
      functionEnv: env,
      log,
      bundlesFor: async (name) => (await builds)?.find((b) => b.stack === name)?.functions,
      cognito: standins.services.cognito,
      absentImports,
      deliveryFaults: faults,
      visibilityTimeoutScale: scale,
    });
    late = provisioner;

    // Pollers and functions stop together: stopping a function fails its in-flight invocations at once.
    cleanups.push(async () => {
      await Promise.all([
        ...provisioner.eventSources.map((s) => s.stop()),
        ...[...provisioner.functionsByName.values()].map((f) => f.stop()),
      ]);
    });
    for (const stack of ordered) {
      const original = discovered.find((d) => d.name === stack.name)!;
      const created = await provisioner.provisionStack(original, overrides[stack.name]);
      log(
        `[local] ${created.stackName}: ${Object.keys(created.resources).length} resources, ${Object.keys(created.functions).length} functions`,
      );
    }

    const gateway = new Gateway({ sqs: clients.sqs, log });
    gateway.setApis(provisioner.apis);
    const gatewayUrl = await gateway.listen(opts.gatewayPort ?? 3000);
    cleanups.push(() => gateway.close());
    for (const api of provisioner.apis) log(`[local] ${api.stack}/${api.logicalId} at ${gatewayUrl}${api.basePath}`);

    const { fauxqs, cognito } = standins.services;
    cleanups.push(wireS3Notifications(provisioner, fauxqs, clients.sqs, log));
    cognito.onTrigger(cognitoTriggerHandler(provisioner));
    cleanups.push(() => cognito.onTrigger(undefined));
    registerStripeWebhooks(provisioner, discovered, standins.services.stripe, gatewayUrl, log);
    for (const source of provisioner.eventSources) source.start();
    cleanups.push(startSchedules(provisioner.schedules, log, { region: REGION, accountId: ACCOUNT_ID }));
    log(`[local] ready in ${Date.now() - t0} ms: gateway ${gatewayUrl}`);

    const findStack = (name: string) => {
      const stack = provisioner.stacks.find((s) => s.name === name || s.stackName === name);
      if (!stack)
        throw new Error(`no stack ${name} is running (running: ${provisioner.stacks.map((s) => s.name).join(', ')})`);
      return stack;
    };
    return {
      gatewayUrl,
      endpoints: standins.endpoints,
      lambdaEndpoint: lambda.endpoint,
      standins: standins.services,
      stacks: provisioner.stacks,
      outputs: (name) => ({ ...findStack(name).outputs }),
      invoke: async (name, logicalId, event) => {
        const fn = findStack(name).functions[logicalId];
        if (!fn) throw new Error(`stack ${name} has no function ${logicalId}`);
        return fn.invoke(event, 'queue');
      },
      awsEnv: () => ({ ...env }),
      faults,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** The requested stacks plus, transitively, every stack whose exports they import. */
function selectStacks<T extends DiscoveredStack>(
  stacks: T[],
  requested: string[] | undefined,
  ctxFor: (s: T) => { stackName: string; parameters: Record<string, string | string[]> },
): T[] {
  if (!requested || requested.length === 0) return stacks;
  const byName = new Map(stacks.map((s) => [s.name, s]));
  const exporter = new Map<string, T>();
  const links = new Map<T, string[]>();
  for (const s of stacks) {
    const l = stackLinks(s.template, ctxFor(s));
    for (const e of l.exports) exporter.set(e, s);
    links.set(s, l.imports);
  }
  const chosen = new Set<T>();
  const add = (s: T) => {
    if (chosen.has(s)) return;
    chosen.add(s);
    for (const name of links.get(s) ?? []) {
      const from = exporter.get(name);
      if (from) add(from);
    }
  };
  for (const name of requested) {
    const s = byName.get(name) ?? byName.get(name.replace(/-local$/, ''));
    if (!s) throw new Error(`no stack folder ${name} with a template.yaml (found: ${[...byName.keys()].join(', ')})`);
    add(s);
  }
  return stacks.filter((s) => chosen.has(s));
}

function wireS3Notifications(
  provisioner: Provisioner,
  fauxqs: RunningFauxqs,
  sqs: ReturnType<typeof createCloudClients>['sqs'],
  log: (line: string) => void,
): () => void {
  return fauxqs.onObjectCreated(async (e) => {
    for (const n of provisioner.s3Notifications) {
      if (!matchesS3(n, e.bucket, e.key)) continue;
      const event = s3Event(e);
      // S3 invokes asynchronously: failures are logged, never surfaced to the uploader.
      if (n.target.type === 'function') {
        const fn = n.target.fn;
        fn.invoke(event).catch((err: Error) =>
          log(`[${fn.spec.stack}/${fn.spec.logicalId}] s3 event failed: ${err.message}`),
        );
      } else {
        await sqs
          .send(new SendMessageCommand({ QueueUrl: n.target.queueUrl, MessageBody: JSON.stringify(event) }))
          .catch((err: Error) => log(`[local] s3 notification to queue failed: ${err.message}`));
      }
    }
  });
}

/** Cognito calls the pool's trigger functions synchronously and uses the event they return. */
function cognitoTriggerHandler(provisioner: Provisioner): CognitoTriggerHandler {
  return async (trigger, event) => {
    const t = provisioner.cognitoTriggers.find((c) => c.trigger === trigger && c.poolId === event.userPoolId);
    if (!t) return undefined;
    return (await t.fn.invoke(event, 'queue')) as typeof event;
  };
}

async function startBuilds(
  repoRoot: string,
  stacks: DiscoveredStack[],
  log: (line: string) => void,
): Promise<Array<{ stack: string; functions: BuiltBundle[] }>> {
  const t0 = Date.now();
  const withBuilds = stacks.filter((s) =>
    Object.values(s.template.Resources).some((r) => r.Type === 'AWS::Serverless::Function' && r.Metadata?.BuildMethod),
  );
  const fresh = withBuilds.flatMap((s) => {
    const functions = freshBundles(repoRoot, s.name, s.dir);
    return functions ? [{ stack: s.name, functions }] : [];
  });
  const stale = withBuilds.filter((s) => !fresh.some((f) => f.stack === s.name));
  const built = await Promise.all(stale.map((s) => buildStack(s.dir, { repoRoot })));
  if (stale.length > 0) {
    const count = built.reduce((n, b) => n + b.rebuilt.length, 0);
    const reused = built.reduce((n, b) => n + b.functions.length, 0) - count;
    log(
      `[local] built ${count} functions of ${stale.map((s) => s.name).join(', ')} in ${Date.now() - t0} ms` +
        (reused > 0 ? ` (${reused} unchanged reused)` : ''),
    );
  }
  if (fresh.length > 0) log(`[local] up-to-date builds reused: ${fresh.map((f) => f.stack).join(', ')}`);
  return [...fresh, ...built];
}

function registerStripeWebhooks(
  provisioner: Provisioner,
  discovered: DiscoveredStack[],
  stripe: RunningStripe,
  gatewayUrl: string,
  log: (line: string) => void,
): void {
  for (const stack of provisioner.stacks) {
    const hooks = localValues(discovered.find((d) => d.name === stack.name)!).StripeWebhooks ?? [];
    for (const hook of hooks) {
      const api = provisioner.apis.find((a) => a.stack === stack.stackName && (!hook.api || a.logicalId === hook.api));
      const raw = provisioner.secretValues.get(`${stack.stackName}/${hook.secret}`);
      if (!api || raw === undefined) {
        throw new Error(
          `${stack.name}/local.params.json: StripeWebhooks ${hook.path} needs an API and secret ${hook.secret}`,
        );
      }
      const secret = hook.jsonKey ? String((JSON.parse(raw) as Record<string, unknown>)[hook.jsonKey]) : raw;
      const url = `${gatewayUrl}${api.basePath}${hook.path}`;
      stripe.addWebhookEndpoint(url, secret);
      log(`[local] Stripe webhooks go to ${url}`);
    }
  }
}
