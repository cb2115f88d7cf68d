import { mkdirSync } from 'node:fs';
import type { MessageSpyReader, SpyMessage } from 'fauxqs';
import { closeServer, DEFAULT_HOST, endpointFor, once } from './http-util';
import type { RunningStandIn, StandInOptions } from './running-stand-in';

export interface FauxqsOptions extends StandInOptions {
  /** Region used in ARNs and queue URLs (default us-east-1). */
  region?: string;
}

/** What an S3 `ObjectCreated:*` notification carries, enough to build the Lambda S3 event record. */
export interface ObjectCreatedEvent {
  eventName: 'ObjectCreated:Put' | 'ObjectCreated:Copy' | 'ObjectCreated:CompleteMultipartUpload';
  eventTime: string;
  bucket: string;
  key: string;
  size: number;
  /** Without the surrounding quotes, as in S3 event records. */
  etag: string;
}

export type ObjectCreatedListener = (event: ObjectCreatedEvent) => void | Promise<void>;

export interface RunningFauxqs extends RunningStandIn {
  readonly region: string;
  /** fauxqs' record of recent SNS/SQS/S3 activity (waitForMessage, getAllMessages...), handy in tests. */
  readonly spy: MessageSpyReader;
  /** Calls the listener after every successful PutObject, CopyObject or CompleteMultipartUpload. Returns an unsubscribe. */
  onObjectCreated(listener: ObjectCreatedListener): () => void;
}

interface StoredObject {
  contentLength: number;
  etag: string;
}

interface FauxqsInternals {
  SqsStore: new () => { persistence?: unknown; allQueues(): Array<{ persistence?: unknown }>; spy?: unknown };
  SnsStore: new () => { persistence?: unknown; spy?: unknown };
  S3Store: new () => { persistence?: unknown; spy?: unknown; headObject(bucket: string, key: string): StoredObject };
  PersistenceManager: new (dir: string) => { load(sqs: unknown, sns: unknown, s3: unknown): void; close(): void };
  MessageSpy: new (params?: { bufferSize?: number }) => MessageSpyReader & { addMessage(message: SpyMessage): void };
}

// fauxqs' own startFauxqs() always listens on 0.0.0.0, which would expose queues and buckets to the network. Its
// exported buildApp() takes the stores, so we assemble the same server from its modules and bind where we choose.
async function loadFauxqs(): Promise<FauxqsInternals & { buildApp: typeof import('fauxqs').buildApp }> {
  const entry = import.meta.resolve('fauxqs');
  const load = (path: string) => import(new URL(path, entry).href);
  const [app, sqs, sns, s3, persistence, spy] = await Promise.all([
    import('fauxqs'),
    load('./sqs/sqsStore.js'),
    load('./sns/snsStore.js'),
    load('./s3/s3Store.js'),
    load('./persistence.js'),
    load('./spy.js'),
  ]);
  return {
    buildApp: app.buildApp,
    SqsStore: sqs.SqsStore,
    SnsStore: sns.SnsStore,
    S3Store: s3.S3Store,
    PersistenceManager: persistence.PersistenceManager,
    MessageSpy: spy.MessageSpy,
  };
}

/**
 * SNS, SQS and S3 on fauxqs, one endpoint for the three.
 *
 * Queue-URL trap: SQS clients given an endpoint still send each call to the host found in the queue URL. Always
 * build SQS clients with `useQueueUrlAsEndpoint: false` (harmless in AWS) so calls go to `AWS_ENDPOINT_URL_SQS`.
 *
 * fauxqs has no bucket notification configuration, so object-created events are observed here (from fauxqs' own
 * store events) and handed to listeners; the function runtime turns them into S3 events for Lambda.
 */
export async function startFauxqs(opts: FauxqsOptions = {}): Promise<RunningFauxqs> {
  const region = opts.region ?? 'us-east-1';
  const host = opts.host ?? DEFAULT_HOST;
  // Loaded on demand: fauxqs pulls in node:sqlite and fastify, which callers that only need other stand-ins skip.
  const fauxqs = await loadFauxqs();
  const sqsStore = new fauxqs.SqsStore();
  const snsStore = new fauxqs.SnsStore();
  const s3Store = new fauxqs.S3Store();
  let persistence: InstanceType<FauxqsInternals['PersistenceManager']> | undefined;
  if (opts.dataDir) {
    mkdirSync(opts.dataDir, { recursive: true });
    persistence = new fauxqs.PersistenceManager(opts.dataDir);
    // Load before attaching persistence to the stores, as fauxqs does, so loading does not write back.
    persistence.load(sqsStore, snsStore, s3Store);
    sqsStore.persistence = persistence;
    snsStore.persistence = persistence;
    s3Store.persistence = persistence;
    for (const queue of sqsStore.allQueues()) queue.persistence = persistence;
  }
  const spy = new fauxqs.MessageSpy({ bufferSize: 100 });
  sqsStore.spy = spy;
  snsStore.spy = spy;
  s3Store.spy = spy;

  const app = fauxqs.buildApp({
    logger: false,
    defaultRegion: region,
    stores: { sqsStore, snsStore, s3Store } as unknown as NonNullable<Parameters<typeof fauxqs.buildApp>[0]>['stores'],
  });
  const address = await app.listen({ port: opts.port ?? 0, host });
  const endpoint = endpointFor(host, Number(new URL(address).port));

  const listeners = new Set<ObjectCreatedListener>();
  let stopped = false;

  async function notify(bucket: string, key: string, copied: boolean): Promise<void> {
    if (listeners.size === 0 || stopped) return;
    let stored: StoredObject;
    try {
      stored = s3Store.headObject(bucket, key);
    } catch {
      return; // Deleted again before we looked: S3 would still notify, but there is nothing left to describe.
    }
    const etag = stored.etag.replaceAll('"', '');
    const event: ObjectCreatedEvent = {
      // Multipart ETags end in -<number of parts>; that is how S3 tells the two apart too.
      eventName: copied
        ? 'ObjectCreated:Copy'
        : /-\d+$/.test(etag)
          ? 'ObjectCreated:CompleteMultipartUpload'
          : 'ObjectCreated:Put',
      eventTime: new Date().toISOString(),
      bucket,
      key,
      size: stored.contentLength,
      etag,
    };
    for (const listener of [...listeners]) {
      try {
        await listener(event);
      } catch {
        // A failing consumer must not stop others from hearing about the object (S3 delivers independently too).
      }
    }
  }

  // A copy is reported twice in the same tick ("uploaded" by the store, then "copied"), so the kind is settled in a
  // microtask, once both have been seen.
  const copies = new Map<string, boolean>();
  const addMessage = spy.addMessage.bind(spy);
  spy.addMessage = (message: SpyMessage) => {
    addMessage(message);
    if (message.service !== 's3') return;
    const id = `${message.bucket}/${message.key}`;
    if (message.status === 'copied' && copies.has(id)) copies.set(id, true);
    if (message.status !== 'uploaded') return;
    copies.set(id, false);
    queueMicrotask(() => {
      const copied = copies.get(id) === true;
      copies.delete(id);
      void notify(message.bucket, message.key, copied);
    });
  };

  return {
    name: 'fauxqs',
    endpoint,
    region,
    spy,
    onObjectCreated(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop: once(async () => {
      stopped = true;
      // buildApp's close hook shuts the SQS store down (long polls, timers); the HTTP server goes with it.
      await app.close();
      await closeServer(app.server);
      persistence?.close();
    }),
  };
}
