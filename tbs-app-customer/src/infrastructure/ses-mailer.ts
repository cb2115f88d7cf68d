import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Mailer, OutgoingEmail } from '../application/ports/mailer';

export interface SesMailerOptions {
  senderAddress: string;
  templatePrefix: string;
  configurationSet?: string;
}

/**
 * The Mailer on SES v2: `SendEmail` with `Content.Template`, naming the stack's stored template of the email's kind
 * (`<prefix><kind>`), so SES renders the subject, HTML and text parts from the values. The kind also goes out as the
 * `template` email tag, so the configuration set's event destinations can count deliveries and bounces per email.
 */
export class SesMailer implements Mailer {
  constructor(
    private readonly ses: SESv2Client,
    private readonly options: SesMailerOptions,
  ) {}

  async send(email: OutgoingEmail): Promise<string> {
    const result = await this.ses.send(
      new SendEmailCommand({
        FromEmailAddress: this.options.senderAddress,
        Destination: { ToAddresses: [email.to] },
        Content: {
          Template: {
            TemplateName: `${this.options.templatePrefix}${email.kind}`,
            TemplateData: JSON.stringify(email.data),
          },
        },
        EmailTags: [{ Name: 'template', Value: email.kind }],
        ...(this.options.configurationSet === undefined ? {} : { ConfigurationSetName: this.options.configurationSet }),
      }),
    );
    if (!result.MessageId) throw new Error('SES accepted the email without a message id');
    return result.MessageId;
  }
}
