import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, describe, expect, it } from 'vitest';
import { NotifyDevOpsAgent } from '../../src/application/notify-devops-agent';
import { createAlarmHandler } from '../../src/infrastructure/alarm-handler';
import { InMemoryNotificationLedger } from '../../src/infrastructure/in-memory-notification-ledger';
import { SignedWebhookClient } from '../../src/infrastructure/signed-webhook-client';
import { StaticWebhookConfig } from '../../src/infrastructure/webhook-config';
import { SIGNATURE_HEADER, signWebhookBody, TIMESTAMP_HEADER } from '../../src/infrastructure/webhook-signature';
import { startWebhookReceiver, type WebhookReceiver } from '../../src/local/webhook-receiver';
import { alarmStateChangeEvent, cloudWatchAlarmMessage, snsEvent } from '../fixtures/alarm-events';

const SECRET = 'local-devops-agent-hmac-key-0123456789';
const FAST_RETRIES = { attempts: 3, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 300 };
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function receiver(secret = SECRET): Promise<WebhookReceiver> {
  const r = await startWebhookReceiver({ secret });
  closers.push(r.close);
  return r;
}

function notifier(url: string, hmacSecret: string) {
  const logger = new Logger({ serviceName: 'tbs-devops-aiagent', logLevel: 'SILENT' });
  const useCase = new NotifyDevOpsAgent(
    new InMemoryNotificationLedger(),
    new SignedWebhookClient(new StaticWebhookConfig({ url, hmacSecret }), FAST_RETRIES),
    { info: () => undefined },
  );
  return createAlarmHandler({ logger, notifyDevOpsAgent: useCase });
}

describe('CloudWatch alarm -> DevOps Agent incident (real HTTP to the local webhook receiver)', () => {
  it('records one signed incident per OK -> ALARM transition, however many routes deliver it', async () => {
    const r = await receiver();
    const handler = notifier(r.url, SECRET);
    expect(await handler(snsEvent(cloudWatchAlarmMessage()))).toEqual({ notified: 1, ignored: 0 });
    expect(await handler(alarmStateChangeEvent())).toEqual({ notified: 0, ignored: 1 });
    expect(r.incidents).toHaveLength(1);
    expect(r.incidents[0]).toMatchObject({
      eventType: 'incident',
      action: 'created',
      priority: 'CRITICAL',
      service: 'tbs-app-order',
      timestamp: '2026-11-22T03:01:12.345Z',
    });
    expect(r.incidents[0]!.description).toContain('AWS/Lambda Errors');
    expect(r.rejections).toEqual([]);

    const recovered = cloudWatchAlarmMessage({
      oldState: 'ALARM',
      newState: 'OK',
      time: '2026-11-22T03:30:00.000+0000',
    });
    await handler(snsEvent(recovered));
    expect(r.incidents.map((i) => i.action)).toEqual(['created', 'resolved']);
    expect(r.incidents[1]!.incidentId).toBe(r.incidents[0]!.incidentId);

    const listed = (await (await fetch(r.url.replace(/\/webhook\/.*/, '/incidents'))).json()) as {
      incidents: unknown[];
    };
    expect(listed.incidents).toHaveLength(2);
  });

  it('is rejected by the receiver when signed with the wrong secret, and the failure surfaces for a retry', async () => {
    const r = await receiver();
    const handler = notifier(r.url, 'not-the-shared-secret');
    await expect(handler(snsEvent(cloudWatchAlarmMessage()))).rejects.toThrow('HTTP 401');
    expect(r.incidents).toEqual([]);
    expect(r.rejections[0]).toEqual({ status: 401, reason: 'signature does not match' });
  });

  it('rejects a tampered body, a stale timestamp and a missing signature', async () => {
    const r = await receiver();
    const body = JSON.stringify({
      eventType: 'incident',
      action: 'created',
      priority: 'LOW',
      incidentId: 'tbs-1',
      title: 't',
      description: 'd',
      service: 'tbs-app-cart',
      timestamp: new Date().toISOString(),
      data: {},
    });
    const post = (payload: string, headers: Record<string, string>) =>
      fetch(r.url, { method: 'POST', body: payload, headers: { 'content-type': 'application/json', ...headers } });
    const now = new Date().toISOString();
    const signature = signWebhookBody(SECRET, now, body);

    const tampered = await post(body.replace('"LOW"', '"CRITICAL"'), {
      [TIMESTAMP_HEADER]: now,
      [SIGNATURE_HEADER]: signature,
    });
    expect(tampered.status).toBe(401);
    const old = new Date(Date.now() - 10 * 60_000).toISOString();
    const stale = await post(body, { [TIMESTAMP_HEADER]: old, [SIGNATURE_HEADER]: signWebhookBody(SECRET, old, body) });
    expect(stale.status).toBe(401);
    expect((await post(body, { [TIMESTAMP_HEADER]: now })).status).toBe(401);
    expect(r.incidents).toEqual([]);

    const genuine = await post(body, { [TIMESTAMP_HEADER]: now, [SIGNATURE_HEADER]: signature });
    expect(genuine.status).toBe(202);
    expect(r.incidents).toHaveLength(1);
  });
});

describe('delivery retries', () => {
  async function flakyWebhook(statuses: number[]) {
    const r = await receiver();
    let calls = 0;
    const server = createServer(async (req, res) => {
      const status = statuses[calls++];
      if (status === undefined) {
        // Forward to the real receiver once the scripted failures are used up.
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const forwarded = await fetch(r.url, {
          method: 'POST',
          headers: req.headers as Record<string, string>,
          body: Buffer.concat(chunks),
        });
        res.writeHead(forwarded.status).end(await forwarded.text());
      } else if (status === 0) {
        // Never answer: the client's per-attempt timeout must fire.
      } else res.writeHead(status).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    return { r, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, calls: () => calls };
  }

  it('retries 5xx and timeouts with backoff, then delivers', async () => {
    const { r, url, calls } = await flakyWebhook([503, 0]);
    await notifier(url, SECRET)(snsEvent(cloudWatchAlarmMessage()));
    expect(calls()).toBe(3);
    expect(r.incidents).toHaveLength(1);
  });

  it('gives up after the bounded number of attempts, and does not retry a 400', async () => {
    const failing = await flakyWebhook([500, 502, 503, 504]);
    await expect(notifier(failing.url, SECRET)(snsEvent(cloudWatchAlarmMessage()))).rejects.toThrow('HTTP 503');
    expect(failing.calls()).toBe(3);
    const badRequest = await flakyWebhook([400]);
    await expect(notifier(badRequest.url, SECRET)(snsEvent(cloudWatchAlarmMessage()))).rejects.toThrow('HTTP 400');
    expect(badRequest.calls()).toBe(1);
  });
});
