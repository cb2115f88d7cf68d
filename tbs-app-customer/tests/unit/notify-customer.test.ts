import { beforeEach, describe, expect, it } from 'vitest';
import { NotifyCustomer } from '../../src/application/notify-customer';
import { CUSTOMER_EMAIL_KINDS } from '../../src/domain/customer-email';
import { CustomerNotFoundError, EmailBeingSentError } from '../../src/domain/customer-errors';
import { AROHA_ID, aCustomer, TAMATI_ID } from '../fixtures/customers';
import { InMemorySentEmails, RecordingMailer } from '../fixtures/email-fakes';
import { InMemoryCustomerRepository } from '../fixtures/in-memory-customer-repository';
import { exampleEvents, withIds } from '../fixtures/notifying-events';

const NZ = { locale: 'en-NZ', timeZone: 'Pacific/Auckland' };

describe('NotifyCustomer: one email per kind and order', () => {
  let customers: InMemoryCustomerRepository;
  let sentEmails: InMemorySentEmails;
  let mailer: RecordingMailer;
  let notify: NotifyCustomer;

  beforeEach(async () => {
    customers = new InMemoryCustomerRepository();
    await customers.save(aCustomer({ id: AROHA_ID, email: 'Aroha@Example.com', name: 'Aroha Ngata' }), 'c-1');
    sentEmails = new InMemorySentEmails();
    mailer = new RecordingMailer();
    notify = new NotifyCustomer(customers, sentEmails, mailer, NZ);
  });

  it('sends each kind of email to the address of the customer profile, not to one named in the event', async () => {
    const events = exampleEvents();
    for (const kind of CUSTOMER_EMAIL_KINDS) {
      const result = await notify.execute(events[kind]);
      expect(result).toMatchObject({ kind, outcome: 'sent', orderId: '01JDA1B2C3D4E5F6G7H8J9K0MN' });
    }
    expect(mailer.sent.map((email) => email.kind)).toEqual([...CUSTOMER_EMAIL_KINDS]);
    expect(new Set(mailer.sent.map((email) => email.to))).toEqual(new Set(['aroha@example.com']));
    expect(mailer.sent[0]?.data.text.customerName).toBe('Aroha Ngata');
  });

  it('sends nothing more when the same event is delivered again, or the same fact under another event id', async () => {
    const paid = exampleEvents()['order-receipt'];
    expect((await notify.execute(paid)).outcome).toBe('sent');
    expect((await notify.execute(paid)).outcome).toBe('already_sent');
    expect((await notify.execute(withIds(paid, { id: '01JDA1B2C3EVENT0000000009X' }))).outcome).toBe('already_sent');
    expect(mailer.sent).toHaveLength(1);
  });

  it('sends every email once whatever order the events arrive in, duplicates included', async () => {
    const events = exampleEvents();
    // Fulfilment's events first, the order's newest facts before its oldest, each kind delivered two or three times.
    const arrivals = [...CUSTOMER_EMAIL_KINDS].reverse().flatMap((kind, i) => Array(2 + (i % 2)).fill(events[kind]));
    for (const event of [...arrivals, ...arrivals.slice(0, 4)]) await notify.execute(event);
    expect(mailer.sent.map((email) => email.kind)).toEqual([...CUSTOMER_EMAIL_KINDS].reverse());
  });

  it('lets concurrent deliveries of one event send a single email; the loser is retried and finds it sent', async () => {
    let open: () => void = () => {};
    mailer.gate = new Promise((resolve) => {
      open = resolve;
    });
    const paid = exampleEvents()['order-receipt'];
    const first = notify.execute(paid);
    const second = notify.execute(paid);
    await expect(second).rejects.toBeInstanceOf(EmailBeingSentError);
    open();
    expect((await first).outcome).toBe('sent');
    expect((await notify.execute(paid)).outcome).toBe('already_sent');
    expect(mailer.sent).toHaveLength(1);
  });

  it('keeps emails of different orders apart', async () => {
    const paid = exampleEvents()['order-receipt'];
    await notify.execute(paid);
    await notify.execute(withIds(paid, { id: '01JDA1B2C3EVENT0000000009Y', orderId: '01JDA1B2C3D4E5F6G7H8J9K0MP' }));
    expect(mailer.sent.map((email) => email.data.text.orderNumber)).toEqual([
      '01JDA1B2C3D4E5F6G7H8J9K0MN',
      '01JDA1B2C3D4E5F6G7H8J9K0MP',
    ]);
  });

  it('fails (so the delivery is retried) while the customer has no profile, and sends once it exists', async () => {
    const paid = withIds(exampleEvents()['order-receipt'], { customerId: TAMATI_ID });
    await expect(notify.execute(paid)).rejects.toBeInstanceOf(CustomerNotFoundError);
    expect(mailer.sent).toHaveLength(0);
    expect(sentEmails.states.size).toBe(0);

    await customers.save(aCustomer({ id: TAMATI_ID, email: 'tamati@example.com', name: 'Tamati Kereama' }), 'c-2');
    expect((await notify.execute(paid)).outcome).toBe('sent');
    expect(mailer.sent[0]).toMatchObject({ to: 'tamati@example.com', kind: 'order-receipt' });
  });

  it('gives the claim back when SES refuses, so the retry sends the email', async () => {
    mailer.failNext = 1;
    const dispatched = exampleEvents()['shipment-dispatched'];
    await expect(notify.execute(dispatched)).rejects.toThrow('Maximum sending rate exceeded.');
    expect(sentEmails.states.size).toBe(0);
    expect((await notify.execute(dispatched)).outcome).toBe('sent');
    expect(mailer.sent).toHaveLength(1);
  });
});
