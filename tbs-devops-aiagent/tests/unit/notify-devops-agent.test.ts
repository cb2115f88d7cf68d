import { describe, expect, it } from 'vitest';
import { NotifyDevOpsAgent } from '../../src/application/notify-devops-agent';
import { NotificationRejectedError } from '../../src/application/ports/incident-webhook';
import type { AlarmTransition } from '../../src/domain/alarm-transition';
import type { IncidentNotification } from '../../src/domain/incident-notification';
import { derivePriority } from '../../src/domain/incident-priority';
import { InMemoryNotificationLedger } from '../../src/infrastructure/in-memory-notification-ledger';
import { parseAlarmEvent } from '../../src/infrastructure/parse-alarm-event';
import { alarmStateChangeEvent, cloudWatchAlarmMessage, snsEvent } from '../fixtures/alarm-events';

const transitionOf = (event: unknown): AlarmTransition => parseAlarmEvent(event).transitions[0]!;
const quiet = { info: () => undefined };

function setup(failures = 0) {
  const sent: IncidentNotification[] = [];
  let toFail = failures;
  const webhook = {
    async send(n: IncidentNotification) {
      if (toFail > 0) {
        toFail -= 1;
        throw new Error('webhook answered HTTP 503');
      }
      sent.push(n);
    },
  };
  return { sent, useCase: new NotifyDevOpsAgent(new InMemoryNotificationLedger(), webhook, quiet) };
}

describe('reading CloudWatch alarm notifications', () => {
  it('reads the SNS alarm message: state change, reason, metric, account, region and ISO time', () => {
    const t = transitionOf(snsEvent(cloudWatchAlarmMessage()));
    expect(t).toMatchObject({
      alarmName: 'tbs-app-order-prod-PaymentConsumerErrorsAlarm-1A2B3C4D5E6F',
      oldState: 'OK',
      newState: 'ALARM',
      transitionTime: '2026-11-22T03:01:12.345Z',
      region: 'ap-southeast-2',
      accountId: '111122223333',
    });
    expect(t.metrics[0]).toMatchObject({
      namespace: 'AWS/Lambda',
      name: 'Errors',
      dimensions: [{ name: 'FunctionName', value: 'tbs-app-order-prod-PaymentEventConsumer' }],
      threshold: 1,
    });
  });

  it('reads the EventBridge state change into the same transition, so both routes dedupe', () => {
    const viaSns = transitionOf(snsEvent(cloudWatchAlarmMessage()));
    const viaEvents = transitionOf(alarmStateChangeEvent());
    expect(viaEvents.alarmArn).toBe(viaSns.alarmArn);
    expect(viaEvents.transitionTime).toBe(viaSns.transitionTime);
    expect(viaEvents.metrics[0]?.dimensions).toEqual(viaSns.metrics[0]?.dimensions);
  });

  it('drops records that are not alarm notifications and rejects unknown events', () => {
    const parsed = parseAlarmEvent({
      Records: [{ Sns: { Message: 'hello' } }, { Sns: { Message: '{"AlarmArn":"x"}' } }],
    });
    expect(parsed.transitions).toEqual([]);
    expect(parsed.rejected).toEqual([
      'record 0: the SNS message is not JSON',
      'record 1: the alarm ARN is missing or malformed',
    ]);
    expect(() => parseAlarmEvent({ foo: 1 })).toThrow(/neither an SNS event/);
    expect(() => parseAlarmEvent(snsEvent(cloudWatchAlarmMessage({ newState: 'BROKEN' })))).not.toThrow();
  });
});

describe('priority', () => {
  const t = (options: Parameters<typeof cloudWatchAlarmMessage>[0]) =>
    transitionOf(snsEvent(cloudWatchAlarmMessage(options)));

  it('is CRITICAL for payment alarms and DLQ depth alarms', () => {
    expect(derivePriority(t({}))).toBe('CRITICAL');
    const dlq = t({
      name: 'tbs-app-fulfilment-prod-OrderEventsDlqDepth-9XYZ',
      description: 'Messages dead-lettered',
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: [{ name: 'QueueName', value: 'tbs-app-fulfilment-prod-OrderEventsDlq-1A' }],
    });
    expect(derivePriority(dlq)).toBe('CRITICAL');
  });

  it('is HIGH for errors and 5XX, MEDIUM for throttles and latency, and an explicit tag wins', () => {
    const plain = {
      description: 'Catalogue reads',
      dimensions: [{ name: 'FunctionName', value: 'tbs-app-product-prod-GetProduct' }],
    };
    expect(derivePriority(t({ ...plain, name: 'tbs-app-product-prod-GetProductErrors-1' }))).toBe('HIGH');
    expect(
      derivePriority(
        t({ ...plain, name: 'tbs-app-product-prod-Api5xx-1', namespace: 'AWS/ApiGateway', metricName: '5XXError' }),
      ),
    ).toBe('HIGH');
    expect(derivePriority(t({ ...plain, name: 'tbs-app-product-prod-Throttles-1', metricName: 'Throttles' }))).toBe(
      'MEDIUM',
    );
    expect(
      derivePriority(
        t({
          ...plain,
          name: 'tbs-app-product-prod-Throttles-1',
          metricName: 'Throttles',
          description: 'x [priority:LOW]',
        }),
      ),
    ).toBe('LOW');
  });
});

describe('NotifyDevOpsAgent', () => {
  it('opens an incident on OK -> ALARM with the details an investigator needs', async () => {
    const { sent, useCase } = setup();
    expect(await useCase.execute(transitionOf(snsEvent(cloudWatchAlarmMessage())))).toBe('opened');
    expect(sent).toHaveLength(1);
    const n = sent[0]!;
    expect(n).toMatchObject({
      eventType: 'incident',
      action: 'created',
      priority: 'CRITICAL',
      service: 'tbs-app-order',
    });
    expect(n.incidentId).toMatch(/^tbs-[0-9a-f]{24}$/);
    expect(n.title).toContain('tbs-app-order-prod-PaymentConsumerErrorsAlarm');
    for (const fact of [
      'Threshold Crossed',
      'AWS/Lambda Errors',
      'FunctionName=tbs-app-order-prod-PaymentEventConsumer',
      'stack tbs-app-order-prod',
      'Account: 111122223333, region: ap-southeast-2',
      '2026-11-22T03:01:12.345Z',
      'https://ap-southeast-2.console.aws.amazon.com/cloudwatch/home?region=ap-southeast-2#alarmsV2:alarm/tbs-app-order-prod-PaymentConsumerErrorsAlarm-1A2B3C4D5E6F',
    ]) {
      expect(n.description).toContain(fact);
    }
  });

  it('sends each transition once even when SNS and EventBridge both deliver it', async () => {
    const { sent, useCase } = setup();
    await useCase.execute(transitionOf(snsEvent(cloudWatchAlarmMessage())));
    expect(await useCase.execute(transitionOf(alarmStateChangeEvent()))).toBe('duplicate');
    expect(sent).toHaveLength(1);
  });

  it('resolves the same incident on ALARM -> OK, and ignores INSUFFICIENT_DATA transitions', async () => {
    const { sent, useCase } = setup();
    await useCase.execute(transitionOf(snsEvent(cloudWatchAlarmMessage())));
    const ok = cloudWatchAlarmMessage({ oldState: 'ALARM', newState: 'OK', time: '2026-11-22T03:20:00.000+0000' });
    expect(await useCase.execute(transitionOf(snsEvent(ok)))).toBe('resolved');
    expect(sent.map((n) => n.action)).toEqual(['created', 'resolved']);
    expect(sent[1]!.incidentId).toBe(sent[0]!.incidentId);
    for (const [oldState, newState] of [
      ['OK', 'INSUFFICIENT_DATA'],
      ['INSUFFICIENT_DATA', 'ALARM'],
      ['ALARM', 'INSUFFICIENT_DATA'],
    ]) {
      const msg = cloudWatchAlarmMessage({ oldState, newState, time: `2026-11-22T04:0${sent.length}:00.000+0000` });
      expect(await useCase.execute(transitionOf(snsEvent(msg)))).toBe('ignored');
    }
    expect(sent).toHaveLength(2);
  });

  it('does not resolve an alarm that never opened an incident', async () => {
    const { sent, useCase } = setup();
    const ok = cloudWatchAlarmMessage({ oldState: 'ALARM', newState: 'OK' });
    expect(await useCase.execute(transitionOf(snsEvent(ok)))).toBe('no-open-incident');
    expect(sent).toEqual([]);
  });

  it('gives the claim back when delivery fails, so the retried event is sent', async () => {
    const { sent, useCase } = setup(1);
    const transition = transitionOf(snsEvent(cloudWatchAlarmMessage()));
    await expect(useCase.execute(transition)).rejects.toThrow('503');
    expect(await useCase.execute(transition)).toBe('opened');
    expect(sent).toHaveLength(1);
  });

  it('drops a resolution the webhook refuses (4xx) instead of failing the event into the DLQ', async () => {
    const sent: IncidentNotification[] = [];
    const webhook = {
      async send(n: IncidentNotification) {
        if (n.action === 'resolved') throw new NotificationRejectedError('webhook answered HTTP 400');
        sent.push(n);
      },
    };
    const useCase = new NotifyDevOpsAgent(new InMemoryNotificationLedger(), webhook, quiet);
    await useCase.execute(transitionOf(snsEvent(cloudWatchAlarmMessage())));
    const ok = transitionOf(
      snsEvent(cloudWatchAlarmMessage({ oldState: 'ALARM', newState: 'OK', time: '2026-11-22T03:30:00.000+0000' })),
    );
    expect(await useCase.execute(ok)).toBe('resolve-rejected');
    expect(await useCase.execute(ok)).toBe('duplicate');
    expect(sent.map((n) => n.action)).toEqual(['created']);
  });

  it('still fails an opening the webhook refuses, so it is seen in the DLQ', async () => {
    const webhook = {
      async send() {
        throw new NotificationRejectedError('webhook answered HTTP 400');
      },
    };
    const useCase = new NotifyDevOpsAgent(new InMemoryNotificationLedger(), webhook, quiet);
    await expect(useCase.execute(transitionOf(snsEvent(cloudWatchAlarmMessage())))).rejects.toThrow('HTTP 400');
  });
});
