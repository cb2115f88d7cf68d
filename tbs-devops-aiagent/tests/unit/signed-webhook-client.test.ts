import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentNotification } from '../../src/domain/incident-notification';
import { parseAlarmEvent } from '../../src/infrastructure/parse-alarm-event';
import { SignedWebhookClient } from '../../src/infrastructure/signed-webhook-client';
import { StaticWebhookConfig } from '../../src/infrastructure/webhook-config';
import { isValidWebhookSignature } from '../../src/infrastructure/webhook-signature';
import { cloudWatchAlarmMessage, snsEvent } from '../fixtures/alarm-events';

const notification: IncidentNotification = {
  eventType: 'incident',
  action: 'created',
  priority: 'HIGH',
  incidentId: 'tbs-abc',
  title: '[ALARM] x',
  description: 'd',
  service: 'tbs-app-cart',
  timestamp: '2026-11-22T03:01:12.345Z',
  data: {},
};

let url: string;
const seen: { headers: IncomingHttpHeaders; body: string }[] = [];
const server = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  seen.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
  res.writeHead(seen.length === 1 ? 502 : 202).end();
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('SignedWebhookClient', () => {
  it('signs each attempt over its own fresh timestamp, and sends an API key as a bearer token', async () => {
    seen.length = 0;
    let clock = Date.parse('2026-11-22T03:01:13Z');
    const client = new SignedWebhookClient(
      new StaticWebhookConfig({ url, hmacSecret: 'k', apiKey: 'key-1' }),
      { attempts: 2, baseDelayMs: 1, maxDelayMs: 1, timeoutMs: 1000 },
      () => 0.5,
      () => {
        clock += 1000;
        return new Date(clock);
      },
    );
    await client.send(notification);
    expect(seen).toHaveLength(2);
    const [first, second] = seen as [(typeof seen)[0], (typeof seen)[0]];
    expect(first.headers['x-amzn-event-timestamp']).not.toBe(second.headers['x-amzn-event-timestamp']);
    for (const { headers, body } of seen) {
      const timestamp = headers['x-amzn-event-timestamp'] as string;
      expect(isValidWebhookSignature('k', timestamp, body, headers['x-amzn-event-signature'] as string)).toBe(true);
      expect(headers['authorization']).toBe('Bearer key-1');
      expect(JSON.parse(body)).toEqual(notification);
    }
  });
});

describe('metric math alarms', () => {
  it('reads every metric of a Metrics-based alarm notification', () => {
    const message = cloudWatchAlarmMessage();
    message['Trigger'] = {
      Period: 60,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 5,
      Metrics: [
        { Id: 'e1', Expression: 'm1 / m2 * 100', Label: 'error rate', ReturnData: true },
        {
          Id: 'm1',
          MetricStat: {
            Metric: {
              Namespace: 'AWS/Lambda',
              MetricName: 'Errors',
              Dimensions: [{ name: 'FunctionName', value: 'f' }],
            },
            Period: 60,
            Stat: 'Sum',
          },
          ReturnData: false,
        },
        {
          Id: 'm2',
          MetricStat: {
            Metric: {
              Namespace: 'AWS/Lambda',
              MetricName: 'Invocations',
              Dimensions: [{ name: 'FunctionName', value: 'f' }],
            },
            Period: 60,
            Stat: 'Sum',
          },
          ReturnData: false,
        },
      ],
    };
    const [transition] = parseAlarmEvent(snsEvent(message)).transitions;
    expect(transition?.metrics.map((m) => `${m.namespace} ${m.name} ${m.statistic} ${m.threshold}`)).toEqual([
      'AWS/Lambda Errors Sum 5',
      'AWS/Lambda Invocations Sum 5',
    ]);
  });
});
