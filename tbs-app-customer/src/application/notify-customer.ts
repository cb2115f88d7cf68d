import { CUSTOMER_ID_PATTERN } from '../domain/customer';
import { emailKeyOf } from '../domain/customer-email';
import { CustomerNotFoundError, EmailBeingSentError } from '../domain/customer-errors';
import {
  composeEmail,
  type EmailFormat,
  type EmailRequest,
  emailRequestOf,
  type NotifyingEvent,
} from './customer-emails';
import type { CustomerRepository } from './ports/customer-repository';
import type { Mailer } from './ports/mailer';
import type { SentEmails } from './ports/sent-emails';

export interface NotifyCustomerResult extends EmailRequest {
  outcome: 'sent' | 'already_sent';
  messageId?: string;
}

/**
 * Emails the customer about an order event, once per (email kind, order) however often, concurrently or out of
 * order the event is delivered.
 *
 * 1. The event names the email (kind and order) and the customer.
 * 2. The recipient comes from the customer's own profile. No profile yet (the sign-up confirmation has not been
 *    processed): CustomerNotFoundError, so the delivery is retried rather than the email lost.
 * 3. Claim the email: already sent -> nothing to do; being sent by a concurrent delivery -> EmailBeingSentError
 *    (retried, and then found sent).
 * 4. Send it; record it as sent. A failed send gives the claim back so the retry sends it.
 */
export class NotifyCustomer {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly sentEmails: SentEmails,
    private readonly mailer: Mailer,
    private readonly format: EmailFormat,
  ) {}

  async execute(event: NotifyingEvent): Promise<NotifyCustomerResult> {
    const request = emailRequestOf(event);
    const customer = CUSTOMER_ID_PATTERN.test(request.customerId)
      ? await this.customers.findById(request.customerId.toLowerCase())
      : undefined;
    if (!customer) throw new CustomerNotFoundError(request.customerId);

    const key = emailKeyOf(request.kind, request.orderId);
    const claim = await this.sentEmails.begin(key);
    if (claim === 'done') return { ...request, outcome: 'already_sent' };
    if (claim === 'in_progress') throw new EmailBeingSentError(key);

    let messageId: string;
    try {
      const email = composeEmail(event, customer.name, this.format);
      messageId = await this.mailer.send({ to: customer.email, kind: email.kind, data: email.data });
    } catch (error) {
      // The send's error is what matters; a claim that cannot be released ends with its lease.
      await this.sentEmails.release(key).catch(() => undefined);
      throw error;
    }
    // Not released when this fails: the email went out, so the claim should block retries until its lease ends.
    await this.sentEmails.complete(key);
    return { ...request, outcome: 'sent', messageId };
  }
}
