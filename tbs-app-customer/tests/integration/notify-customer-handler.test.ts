import 'reflect-metadata';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateEmailTemplateCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { type RunningDynamoDb, type RunningSes, startDynamoDb, startSes } from '@tbs/devops-local';
import { sqsRecord } from '@tbs/devops-local/testing';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { emailTemplates } from '../../scripts/email-samples';
import { createDocumentClient } from '../../src/infrastructure/aws-clients';
import { DynamoDbCustomerRepository } from '../../src/infrastructure/dynamodb-customer-repository';
import { AROHA_ID, aCustomer, TAMATI_ID } from '../fixtures/customers';
import { createCustomersTable, createSentEmailsTable } from '../fixtures/customers-table';
import { CREDENTIALS, REGION } from '../fixtures/event-topic';
import { exampleEvents, withIds } from '../fixtures/notifying-events';

const STACK = 'tbs-app-customer-handler';
const CUSTOMERS = `${STACK}-customers`;
const SENT_EMAILS = `${STACK}-sent-emails`;

const record = (body: unknown, messageId: string): SQSRecord => sqsRecord({ body, messageId }, { region: REGION });

/**
 * The NotifyCustomer handler as Lambda invokes it, with SQS batches (raw SNS delivery) against dynalite and the SES
 * stand-in holding the templates of template.yaml: batch item failures, one email per kind and order, and logs that
 * name ids and templates but never an address or a name.
 */
describe('NotifyCustomer handler (SQS batches, dynalite, SES stand-in)', () => {
  let dynamo: RunningDynamoDb;
  let ses: RunningSes;
  let handler: (event: SQSEvent) => Promise<SQSBatchResponse>;
  let logs: string[];

  const invoke = (...records: SQSRecord[]) => handler({ Records: records });
  /** What the records sent; the stand-in keeps every email (clearing it would drop the templates too). */
  const sentBy = async (records: () => Promise<SQSBatchResponse>) => {
    const before = (await ses.emails()).length;
    const result = await records();
    return { result, sent: (await ses.emails()).slice(before) };
  };

  beforeAll(async () => {
    [dynamo, ses] = await Promise.all([startDynamoDb({ port: 0 }), startSes({ port: 0 })]);
    const client = new DynamoDBClient({ region: REGION, endpoint: dynamo.endpoint, credentials: CREDENTIALS });
    await createCustomersTable(client, CUSTOMERS);
    await createSentEmailsTable(client, SENT_EMAILS);
    const customers = new DynamoDbCustomerRepository(createDocumentClient(client), CUSTOMERS, {
      publishCommitted: async () => {},
    });
    await customers.save(aCustomer({ id: AROHA_ID, email: 'aroha@example.com', name: 'Aroha Ngata' }), 'c-1');

    const sesClient = new SESv2Client({ region: REGION, endpoint: ses.endpoint, credentials: CREDENTIALS });
    for (const template of await emailTemplates(STACK)) {
      await sesClient.send(
        new CreateEmailTemplateCommand({ TemplateName: template.name, TemplateContent: template.content }),
      );
    }
    sesClient.destroy();

    vi.stubEnv('TABLE_NAME', CUSTOMERS);
    vi.stubEnv('SENT_EMAILS_TABLE_NAME', SENT_EMAILS);
    vi.stubEnv('SENDER_EMAIL_ADDRESS', 'orders@shop.example');
    vi.stubEnv('EMAIL_TEMPLATE_PREFIX', `${STACK}-`);
    vi.stubEnv('EMAIL_CONFIGURATION_SET', '');
    vi.stubEnv('STORE_TIME_ZONE', 'Pacific/Auckland');
    vi.stubEnv('AWS_REGION', REGION);
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamo.endpoint);
    vi.stubEnv('AWS_ENDPOINT_URL_SESV2', ses.endpoint);
    vi.stubEnv('AWS_ACCESS_KEY_ID', CREDENTIALS.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', CREDENTIALS.secretAccessKey);
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'INFO');
    logs = [];
    const capture = (chunk: unknown) => {
      logs.push(String(chunk));
      return true;
    };
    vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    // Imported only now: the module reads its configuration from the environment at cold start.
    ({ handler } = (await import('../../src/handlers/sqs/notify-customer')) as never);
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    await Promise.all([dynamo?.stop(), ses?.stop()]);
  });

  it('sends one email per kind for a batch that carries each event twice, reporting no failure', async () => {
    const events = Object.values(exampleEvents());
    const records = events.flatMap((event, i) => [record(event, `m-${i}-a`), record(event, `m-${i}-b`)]);
    const { result, sent } = await sentBy(() => invoke(...records));
    expect(result).toEqual({ batchItemFailures: [] });
    expect(sent).toHaveLength(6);
    expect(new Set(sent.map((email) => email.destination.to.join()))).toEqual(new Set(['aroha@example.com']));
    expect(sent.map((email) => email.from)).toEqual(Array(6).fill('orders@shop.example'));

    const again = await sentBy(() => invoke(record(events[0], 'm-again')));
    expect(again).toEqual({ result: { batchItemFailures: [] }, sent: [] });
  });

  it('fails only the records to retry: an invalid event, and an event for a customer without a profile', async () => {
    const orderId = '01JDA1B2C3D4E5F6G7H8J9K0PQ';
    const forStranger = withIds(exampleEvents()['order-receipt'], { orderId, customerId: TAMATI_ID });
    const forAroha = withIds(exampleEvents()['shipment-dispatched'], { orderId });
    const { result, sent } = await sentBy(() =>
      invoke(record('{"not":"an event"}', 'm-invalid'), record(forStranger, 'm-stranger'), record(forAroha, 'm-aroha')),
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-invalid' }, { itemIdentifier: 'm-stranger' }]);
    expect(sent.map((email) => email.subject)).toEqual([`Your order ${orderId} is on its way`]);
  });

  it('logs event ids, order ids and templates, never an email address, a name or an address', () => {
    const lines = logs.join('');
    expect(lines).toContain('"template":"order-receipt"');
    expect(lines).toContain('"orderId":"01JDA1B2C3D4E5F6G7H8J9K0MN"');
    expect(lines).toContain('"eventId":"01JDA1B2C3EVENT00000000002"');
    for (const personal of ['aroha@example.com', 'Aroha', 'Ngata', 'Kauri Street', 'Wellington']) {
      expect(lines).not.toContain(personal);
    }
  });
});
