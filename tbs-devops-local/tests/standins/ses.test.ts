import { CreateEmailTemplateCommand, SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSes, startSes } from '../../src/standins';

describe('SES stand-in', () => {
  let ses: RunningSes;
  let client: SESv2Client;

  beforeAll(async () => {
    ses = await startSes();
    client = new SESv2Client({
      endpoint: ses.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });

  afterAll(async () => {
    client?.destroy();
    await ses?.stop();
  });

  it('records a simple email so tests can read it', async () => {
    await ses.clear();
    await client.send(
      new SendEmailCommand({
        FromEmailAddress: 'shop@example.com',
        Destination: { ToAddresses: ['ana@example.com'] },
        Content: { Simple: { Subject: { Data: 'Your receipt' }, Body: { Text: { Data: 'Thanks for order 42' } } } },
      }),
    );
    const [email, ...rest] = await ses.emails();
    expect(rest).toHaveLength(0);
    expect(email).toMatchObject({
      from: 'shop@example.com',
      destination: { to: ['ana@example.com'] },
      subject: 'Your receipt',
      body: { text: 'Thanks for order 42' },
    });
  });

  it('renders stored templates with the template data', async () => {
    await ses.clear();
    await client.send(
      new CreateEmailTemplateCommand({
        TemplateName: 'receipt',
        TemplateContent: { Subject: 'Order {{orderId}}', Text: 'Hello {{name}}', Html: '<p>Hello {{name}}</p>' },
      }),
    );
    await client.send(
      new SendEmailCommand({
        FromEmailAddress: 'shop@example.com',
        Destination: { ToAddresses: ['ana@example.com'] },
        Content: {
          Template: { TemplateName: 'receipt', TemplateData: JSON.stringify({ orderId: 'o-7', name: 'Ana' }) },
        },
      }),
    );
    const emails = await ses.emails();
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ subject: 'Order o-7', body: { text: 'Hello Ana', html: '<p>Hello Ana</p>' } });
  });
});
