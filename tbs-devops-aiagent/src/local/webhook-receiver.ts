import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isValidWebhookSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../infrastructure/webhook-signature';

/** An incident as the local stand-in of the DevOps Agent webhook accepted it. */
export interface RecordedIncident {
  receivedAt: string;
  eventType: string;
  action: string;
  priority: string;
  incidentId: string;
  title: string;
  description: string;
  service: string;
  timestamp: string;
  data: Record<string, unknown>;
}

export interface WebhookReceiverOptions {
  /** HMAC key shared with the notifier. */
  secret: string;
  port?: number;
  host?: string;
  /** Largest accepted difference between the signed timestamp and now (default 300 s). */
  maxSkewSeconds?: number;
  now?: () => number;
  /** Called for every accepted incident (e.g. to print it in the local cloud's console). */
  onIncident?: (incident: RecordedIncident) => void;
}

export interface WebhookReceiver {
  /** The URL to put in the notifier's webhook secret. */
  readonly url: string;
  readonly incidents: readonly RecordedIncident[];
  /** Requests rejected so far, with the reason (for assertions and the console). */
  readonly rejections: readonly { status: number; reason: string }[];
  close(): Promise<void>;
}

const MAX_BODY = 256 * 1024;
const REQUIRED_STRINGS = [
  'eventType',
  'action',
  'priority',
  'incidentId',
  'title',
  'description',
  'service',
  'timestamp',
];

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * A local stand-in for the AWS DevOps Agent generic webhook: verifies the timestamp skew and the HMAC
 * signature over `${timestamp}:${body}` exactly as the agent does, validates the body and records the
 * incident. `GET /incidents` lists what was recorded.
 */
export async function startWebhookReceiver(options: WebhookReceiverOptions): Promise<WebhookReceiver> {
  const incidents: RecordedIncident[] = [];
  const rejections: { status: number; reason: string }[] = [];
  const maxSkewMs = (options.maxSkewSeconds ?? 300) * 1000;
  const now = options.now ?? Date.now;

  const answer = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const reject = (res: ServerResponse, status: number, reason: string) => {
    rejections.push({ status, reason });
    answer(res, status, { message: reason });
  };

  const server = createServer(async (req, res) => {
    try {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (req.method === 'GET' && path === '/incidents') return answer(res, 200, { incidents });
      if (req.method !== 'POST') return reject(res, 405, 'only POST is accepted');
      const body = await readBody(req);
      if (body === undefined) return reject(res, 413, 'body too large');
      const timestamp = req.headers[TIMESTAMP_HEADER];
      const signature = req.headers[SIGNATURE_HEADER];
      if (typeof timestamp !== 'string' || typeof signature !== 'string') {
        return reject(res, 401, 'missing signature or timestamp header');
      }
      const signedAt = Date.parse(timestamp);
      if (Number.isNaN(signedAt) || Math.abs(now() - signedAt) > maxSkewMs) {
        return reject(res, 401, 'timestamp outside the allowed skew');
      }
      if (!isValidWebhookSignature(options.secret, timestamp, body, signature)) {
        return reject(res, 401, 'signature does not match');
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        return reject(res, 400, 'body is not JSON');
      }
      const record = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
      const missing = REQUIRED_STRINGS.filter((key) => typeof record[key] !== 'string' || record[key] === '');
      if (missing.length > 0) return reject(res, 400, `missing fields: ${missing.join(', ')}`);
      const incident = {
        receivedAt: new Date(now()).toISOString(),
        ...(record as Omit<RecordedIncident, 'receivedAt' | 'data'>),
        data:
          typeof record['data'] === 'object' && record['data'] !== null
            ? (record['data'] as Record<string, unknown>)
            : {},
      } as RecordedIncident;
      incidents.push(incident);
      options.onIncident?.(incident);
      return answer(res, 202, { accepted: true, incidentId: incident.incidentId });
    } catch {
      if (!res.headersSent) answer(res, 500, { message: 'receiver error' });
    }
  });

  await new Promise<void>((resolve, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${address.port}/webhook/generic/local`,
    incidents,
    rejections,
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      return closed;
    },
  };
}
