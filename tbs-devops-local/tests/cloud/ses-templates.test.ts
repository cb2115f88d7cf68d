import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetEmailTemplateCommand, SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalCloud, startLocalCloud } from '../../src/cloud/index';

const repoRoot = fileURLToPath(new URL('../fixtures/ses-templates/repo', import.meta.url));

/**
 * AWS::SES::Template resources are stored in the SES stand-in, so a function's SES v2 SendEmail with
 * Content.Template renders the template the stack declares, exactly as it would in AWS.
 */
describe('AWS::SES::Template on the local cloud', () => {
  let dataDir: string;

  const start = (greeting: string) =>
    startLocalCloud({
      repoRoot,
      dataDir,
      gatewayPort: 0,
      build: false,
      parameterOverrides: { 'tbs-mail': { Greeting: greeting } },
      log: () => {},
    });

  const sesOf = (cloud: LocalCloud) =>
    new SESv2Client({
      endpoint: cloud.endpoints.ses,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tbs-ses-templates-'));
  });

  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('stores the template under its name, and SendEmail with Content.Template renders it', async () => {
    const cloud = await start('Kia ora');
    const ses = sesOf(cloud);
    try {
      expect(cloud.outputs('tbs-mail').TemplateName).toBe('tbs-mail-local-welcome');
      const stored = await ses.send(new GetEmailTemplateCommand({ TemplateName: 'tbs-mail-local-welcome' }));
      expect(stored.TemplateContent?.Subject).toBe('Kia ora {{name}}');

      await ses.send(
        new SendEmailCommand({
          FromEmailAddress: 'shop@example.com',
          Destination: { ToAddresses: ['aroha@example.com'] },
          Content: {
            Template: {
              TemplateName: 'tbs-mail-local-welcome',
              TemplateData: JSON.stringify({ name: 'Aroha', order: { id: 'A1' }, items: ['tea', 'cups'] }),
            },
          },
        }),
      );
      const [sent] = await cloud.standins.ses.emails();
      expect(sent).toMatchObject({
        subject: 'Kia ora Aroha',
        body: { text: 'Order A1: tea;cups;', html: '<p>Aroha</p>' },
        destination: { to: ['aroha@example.com'] },
      });
    } finally {
      ses.destroy();
      await cloud.stop();
    }
  }, 60_000);

  it('updates a template kept from an earlier run to what the template file now says', async () => {
    const cloud = await start('Hello');
    const ses = sesOf(cloud);
    try {
      const stored = await ses.send(new GetEmailTemplateCommand({ TemplateName: 'tbs-mail-local-welcome' }));
      expect(stored.TemplateContent?.Subject).toBe('Hello {{name}}');
    } finally {
      ses.destroy();
      await cloud.stop();
    }
  }, 60_000);
});
