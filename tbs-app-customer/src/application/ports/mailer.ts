import type { CustomerEmailKind } from '../../domain/customer-email';
import type { EmailTemplateData } from '../customer-emails';

export interface OutgoingEmail {
  to: string;
  kind: CustomerEmailKind;
  /** The values the kind's template renders (see `composeEmail`). */
  data: EmailTemplateData;
}

/** Sends one email from the shop's templates; resolves with the provider's message id once it accepted it. */
export interface Mailer {
  send(email: OutgoingEmail): Promise<string>;
}
