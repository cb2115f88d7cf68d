import { type SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** A queue of a test, subscribed to a topic. */
export interface SubscribedQueue {
  queueUrl: string;
  queueArn: string;
  subscriptionArn: string;
}

/**
 * Creates a queue and subscribes it to the topic with raw message delivery (and the filter policy, when given),
 * as a consuming stack's template subscribes its queue: what the test then receives is what a consumer would.
 */
export async function subscribeQueue(
  clients: { sns: SNSClient; sqs: SQSClient },
  topicArn: string,
  queueName: string,
  filterPolicy?: Record<string, unknown>,
): Promise<SubscribedQueue> {
  const { QueueUrl } = await clients.sqs.send(new CreateQueueCommand({ QueueName: queueName }));
  const { Attributes } = await clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const queueArn = Attributes?.QueueArn;
  if (!QueueUrl || !queueArn) throw new Error(`queue ${queueName} was not created`);
  const { SubscriptionArn } = await clients.sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: queueArn,
      Attributes: {
        RawMessageDelivery: 'true',
        ...(filterPolicy !== undefined && { FilterPolicy: JSON.stringify(filterPolicy) }),
      },
    }),
  );
  return { queueUrl: QueueUrl, queueArn, subscriptionArn: SubscriptionArn ?? '' };
}
