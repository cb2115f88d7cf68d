import { mkdirSync } from 'node:fs';
import type { FauxqsServer, SpyMessage } from 'fauxqs';
import { endpointFor, once } from './http-util';
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
  /** The underlying fauxqs server (admin helpers: createQueue, inspectQueue, publish, spy...). */
  readonly server: FauxqsServer;
  /** Calls the listener after every successful PutObject, CopyObject or CompleteMultipartUpload. Returns an unsubscribe. */
  onObjectCreated(listener: ObjectCreatedListener): () => void;
}

/**
 * SNS, SQS and S3 on fauxqs, one endpoint for the three.
 *
 * Queue-URL trap: SQS clients given an endpoint still send each call to the host found in the queue URL. Always
 * build SQS clients with `useQueueUrlAsEndpoint: false` (harmless in AWS) so calls go to `AWS_ENDPOINT_URL_SQS`.
 *
 * fauxqs has no bucket notification configuration, so object-created events are observed here (from fauxqs' own
 * store events) and handed to listeners; the function runtime turns them into S3 events for Lambda.
 * fauxqs always binds every interface (0.0.0.0); `host` only decides the endpoint we hand out.
 */
export async function startFauxqs(opts: FauxqsOptions = {}): Promise<RunningFauxqs> {
  const region = opts.region ?? 'us-east-1';
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  // Loaded on demand: fauxqs pulls in node:sqlite and fastify, which callers that only need other stand-ins skip.
  const { startFauxqs: startFauxqsServer } = await import('fauxqs');
  const server = await startFauxqsServer({
    port: opts.port ?? 0,
    logger: false,
    defaultRegion: region,
    messageSpies: { bufferSize: 100 },
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
  });
  const endpoint = endpointFor(opts.host ?? '127.0.0.1', server.port);
  const listeners = new Set<ObjectCreatedListener>();
  const pending = new Set<Promise<void>>();
  let stopped = false;

  async function describe(bucket: string, key: string, copied: boolean): Promise<ObjectCreatedEvent | undefined> {
    const path = `${encodeURIComponent(bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`;
    const head = await fetch(`http://127.0.0.1:${server.port}/${path}`, { method: 'HEAD' });
    if (!head.ok) return undefined;
    const etag = (head.headers.get('etag') ?? '').replaceAll('"', '');
    return {
      // Multipart ETags end in -<number of parts>; that is how S3 tells the two apart too.
      eventName: copied
        ? 'ObjectCreated:Copy'
        : /-\d+$/.test(etag)
          ? 'ObjectCreated:CompleteMultipartUpload'
          : 'ObjectCreated:Put',
      eventTime: new Date().toISOString(),
      bucket,
      key,
      size: Number(head.headers.get('content-length') ?? 0),
      etag,
    };
  }

  function notify(bucket: string, key: string, copied: boolean): void {
    if (listeners.size === 0 || stopped) return;
    const delivery = describe(bucket, key, copied)
      .then(async (event) => {
        if (!event) return;
        for (const listener of [...listeners]) {
          try {
            await listener(event);
          } catch {
            // A failing consumer must not stop others from hearing about the object (S3 delivers independently too).
          }
        }
      })
      .catch(() => undefined)
      .finally(() => pending.delete(delivery));
    pending.add(delivery);
  }

  // fauxqs reports store changes to its message spy synchronously, right after the object is stored.
  const spy = server.spy as unknown as { addMessage(message: SpyMessage): void };
  const addMessage = spy.addMessage.bind(spy);
  // A copy is reported twice in the same tick ("uploaded" by the store, then "copied"), so the kind is settled in a
  // microtask, once both have been seen.
  const copies = new Map<string, boolean>();
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
      notify(message.bucket, message.key, copied);
    });
  };

  return {
    name: 'fauxqs',
    endpoint,
    region,
    server,
    onObjectCreated(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop: once(async () => {
      stopped = true;
      await Promise.allSettled([...pending]);
      await server.stop();
    }),
  };
}
