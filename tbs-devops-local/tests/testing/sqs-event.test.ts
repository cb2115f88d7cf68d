import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sqsEvent } from '../../src/testing';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

describe('sqsEvent', () => {
  it('hands over each message as the SQS event source does: body, MD5, attributes, queue and region', () => {
    const event = sqsEvent(
      [
        {
          body: { type: 'tbs.order.OrderPaid.v1' },
          messageId: 'm-1',
          messageAttributes: { 'Stripe-Signature': 't=1' },
        },
        { body: 'not json' },
      ],
      { queueArn: 'arn:aws:sqs:ap-southeast-2:000000000000:orders', region: 'ap-southeast-2' },
    );
    const [first, second] = event.Records;
    expect(first).toMatchObject({
      messageId: 'm-1',
      body: '{"type":"tbs.order.OrderPaid.v1"}',
      md5OfBody: md5('{"type":"tbs.order.OrderPaid.v1"}'),
      attributes: { ApproximateReceiveCount: '1', SenderId: '000000000000' },
      messageAttributes: {
        'Stripe-Signature': { stringValue: 't=1', dataType: 'String', stringListValues: [], binaryListValues: [] },
      },
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:ap-southeast-2:000000000000:orders',
      awsRegion: 'ap-southeast-2',
    });
    expect(second).toMatchObject({ body: 'not json', md5OfBody: md5('not json'), messageAttributes: {} });
  });

  it('gives every message its own id and receipt handle unless the test names them', () => {
    const ids = [...sqsEvent([{ body: 1 }, { body: 1 }]).Records, ...sqsEvent([{ body: 1 }]).Records];
    expect(new Set(ids.map((r) => r.messageId)).size).toBe(3);
    expect(new Set(ids.map((r) => r.receiptHandle)).size).toBe(3);
    expect(ids[0]?.eventSourceARN).toBe('arn:aws:sqs:us-east-1:000000000000:tbs-test-queue');
  });
});
