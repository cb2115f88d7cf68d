import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { RecordSalesEvents } from '../../application/record-sales-events';
import { createRecordingContainer } from '../../infrastructure/container';

// Once per cold start: a bad configuration fails here, loudly, before any message is taken.
const recordSalesEvents = createRecordingContainer().resolve(RecordSalesEvents);

/** SQS (ReportBatchItemFailures): OrderPaid, OrderRefunded and OrderCancelled into the sales ledger. */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const { failedMessageIds } = await recordSalesEvents.execute(
    event.Records.map((record) => ({ id: record.messageId, body: record.body })),
  );
  return { batchItemFailures: failedMessageIds.map((itemIdentifier) => ({ itemIdentifier })) };
};
