import { ExecuteStatementCommand, RDSDataClient } from '@aws-sdk/client-rds-data';
import { SQSClient } from '@aws-sdk/client-sqs';
import { type DeadLetter, findDeadLetterQueues, listDeadLetters, redriveDeadLetters } from '@tbs/devops-local/harness';
import { eventually } from '../support/eventually';
import { currentOrder, type ScenarioState, Step } from '../support/scenario';
import { assertThat, type ShopWorld, StepFailedError } from '../support/world';

// The queue of the reports stack that receives order events, and its dead-letter queue, as `tbs-local dlq` names them.
const REPORTS_DLQ = /^tbs-app-reports-local-.*-dlq$/;

/**
 * The administrator's side of dead letters uses the same modules as `tbs-local dlq list|show|redrive`; the fault is
 * one an operator meets in practice: the reporting database loses a table (here renamed through the Data API, as
 * a mistaken maintenance would), so every OrderPaid fails in reports until it is back.
 */
export function errorsSteps(world: ShopWorld): void {
  const aws = () => ({
    region: world.cloud.awsEnv['AWS_REGION'] ?? 'us-east-1',
    credentials: {
      accessKeyId: world.cloud.awsEnv['AWS_ACCESS_KEY_ID'] ?? 'local',
      secretAccessKey: world.cloud.awsEnv['AWS_SECRET_ACCESS_KEY'] ?? 'local',
    },
  });
  const sqs = () => new SQSClient({ ...aws(), endpoint: world.cloud.endpoints['sqs'], useQueueUrlAsEndpoint: false });

  const sql = async (statement: string) => {
    const outputs = world.cloud.cloud.outputs('tbs-app-reports');
    const client = new RDSDataClient({ ...aws(), endpoint: world.cloud.endpoints['rdsData'] });
    try {
      await client.send(
        new ExecuteStatementCommand({
          resourceArn: outputs['DatabaseClusterArn'],
          secretArn: outputs['DatabaseSecretArn'],
          database: 'reports',
          sql: statement,
        }),
      );
    } finally {
      client.destroy();
    }
  };

  const withSqs = async <T>(use: (client: SQSClient) => Promise<T>): Promise<T> => {
    const client = sqs();
    try {
      return await use(client);
    } finally {
      client.destroy();
    }
  };

  const ofOrder = (letter: DeadLetter, orderId: string) => letter.body.includes(orderId);
  const letter = (state: ScenarioState): DeadLetter => {
    const found = state.notes.get('deadLetter') as DeadLetter | undefined;
    if (!found) throw new StepFailedError('no dead-lettered message was found in this scenario');
    return found;
  };

  Step("the reporting database's order lines table is unavailable", async () => {
    await sql('ALTER TABLE sales_order_line RENAME TO sales_order_line_offline');
  });

  Step('the reporting database is repaired', async () => {
    await sql('ALTER TABLE sales_order_line_offline RENAME TO sales_order_line');
  });

  Step('the sale has been dead-lettered', async (state) => {
    const orderId = currentOrder(state).id;
    state.notes.set(
      'deadLetter',
      await eventually(
        `OrderPaid of ${orderId} in a dead-letter queue after its retries`,
        () => withSqs(listDeadLetters),
        (letters) => letters.find((l) => ofOrder(l, orderId)),
        { timeoutMs: 60_000, intervalMs: 1000 },
      ),
    );
  });

  Step("the administrator's list of dead-lettered messages shows it first", async (state) => {
    const letters = await withSqs(listDeadLetters);
    const sorted = letters.every((l, i) => i === 0 || (letters[i - 1] as DeadLetter).sentAt >= l.sentAt);
    assertThat(
      sorted,
      'dead letters newest first',
      letters.map((l) => l.sentAt),
    );
    assertThat(letters[0]?.messageId === letter(state).messageId, `${letter(state).messageId} first`, letters);
  });

  Step('inspecting it shows the OrderPaid event of the order', (state) => {
    const found = letter(state);
    const event = JSON.parse(found.body) as { type?: string; subject?: string; data?: { orderId?: string } };
    assertThat(
      REPORTS_DLQ.test(found.queue) &&
        event.type === 'tbs.order.OrderPaid.v1' &&
        event.subject === currentOrder(state).id,
      `the OrderPaid event of ${currentOrder(state).id} in the reports dead-letter queue`,
      { queue: found.queue, event },
    );
  });

  Step('the administrator redrives the reports dead-letter queue', async (state) => {
    const found = letter(state);
    const result = await withSqs(async (client) => {
      const dlq = (await findDeadLetterQueues(client)).find((q) => q.name === found.queue);
      if (!dlq) throw new StepFailedError(`no dead-letter queue named ${found.queue}`);
      return redriveDeadLetters(client, dlq);
    });
    assertThat(result.moved >= 1, `at least one message moved back from ${found.queue}`, result);
  });

  Step('the dead-letter queue is empty', async (state) => {
    const found = letter(state);
    const left = (await withSqs(listDeadLetters)).filter((l) => l.queue === found.queue);
    assertThat(left.length === 0, `${found.queue} to be empty`, left);
  });
}
