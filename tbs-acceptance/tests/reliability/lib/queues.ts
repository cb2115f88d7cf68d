// The queues of the local cloud as an operator sees them: depths, dead letters, and `tbs-local dlq redrive`.
import { GetQueueAttributesCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { findDeadLetterQueues, redriveDeadLetters, type TestCloud } from '@tbs/devops-local/harness';

export function sqsClientFor(cloud: TestCloud): SQSClient {
  const env = cloud.awsEnv;
  return new SQSClient({
    region: env.AWS_REGION,
    endpoint: cloud.endpoints.sqs,
    useQueueUrlAsEndpoint: false,
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID as string,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY as string,
    },
  });
}

/** Messages waiting or in flight, by queue name. */
export async function queueDepths(sqs: SQSClient): Promise<Record<string, number>> {
  const { QueueUrls = [] } = await sqs.send(new ListQueuesCommand({ MaxResults: 1000 }));
  const depths: Record<string, number> = {};
  for (const url of QueueUrls) {
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    depths[url.split('/').pop() ?? url] =
      Number(Attributes.ApproximateNumberOfMessages ?? 0) +
      Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
  }
  return depths;
}

/** Moves every dead-lettered message back to its source queue, as `tbs-local dlq redrive` does; returns the count. */
export async function redriveAll(sqs: SQSClient): Promise<number> {
  let moved = 0;
  for (const dlq of await findDeadLetterQueues(sqs)) {
    if (dlq.sources.length !== 1) continue;
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: dlq.url, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    if (Number(Attributes.ApproximateNumberOfMessages ?? 0) === 0) continue;
    moved += (await redriveDeadLetters(sqs, dlq)).moved;
  }
  return moved;
}
