import { fileURLToPath } from 'node:url';
import { CreateEmailTemplateCommand, SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { startSes } from '@tbs/devops-local';
import { loadTemplate } from '@tbs/devops-local/template';
import { composeEmail } from '../src/application/customer-emails';
import { CUSTOMER_EMAIL_KINDS, type CustomerEmailKind } from '../src/domain/customer-email';
import { exampleEvents } from '../tests/fixtures/notifying-events';

export const TEMPLATE_PATH = fileURLToPath(new URL('../template.yaml', import.meta.url));
/** Where the rendered samples are committed: `<kind>.html`. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's placeholder in the template names.
const STACK_NAME = '${AWS::StackName}';

export const SAMPLES_DIR = fileURLToPath(new URL('../../docs/emails/', import.meta.url));

export interface EmailTemplate {
  kind: CustomerEmailKind;
  /** The template's name in a stack of this name (`<stack>-<kind>`). */
  name: string;
  content: { Subject: string; Html: string; Text: string };
}

/** The SES templates template.yaml declares, one per email kind, named as in a stack called `stackName`. */
export async function emailTemplates(stackName: string): Promise<EmailTemplate[]> {
  const { Resources } = await loadTemplate(TEMPLATE_PATH);
  const declared = Object.values(Resources)
    .filter((resource) => resource.Type === 'AWS::SES::Template')
    .map((resource) => {
      const template = (resource.Properties as { Template: Record<string, unknown> }).Template;
      const name = (template.TemplateName as { 'Fn::Sub': string })['Fn::Sub'];
      return {
        kind: name.replace(`${STACK_NAME}-`, '') as CustomerEmailKind,
        name: name.replace(STACK_NAME, stackName),
        content: {
          Subject: String(template.SubjectPart),
          Html: String(template.HtmlPart),
          Text: String(template.TextPart),
        },
      };
    });
  return CUSTOMER_EMAIL_KINDS.map((kind) => {
    const template = declared.find((t) => t.kind === kind);
    if (!template) throw new Error(`template.yaml declares no SES template for ${kind}`);
    return template;
  });
}

export interface RenderedSample {
  kind: CustomerEmailKind;
  subject: string;
  /** The file committed as docs/emails/<kind>.html. */
  file: string;
}

/**
 * Each email as a customer receives it: the real templates of template.yaml stored in the SES stand-in (the same
 * Handlebars renderer the local cloud uses, in strict mode so a value a template names but the composer does not
 * supply fails), filled from the producers' example events for a customer whose name needs escaping.
 */
export async function renderSamples(): Promise<RenderedSample[]> {
  const previous = process.env.AWS_SES_STRICT_TEMPLATE_RENDERING;
  process.env.AWS_SES_STRICT_TEMPLATE_RENDERING = 'true';
  const ses = await startSes({ port: 0 });
  const client = new SESv2Client({
    endpoint: ses.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await ses.clear();
    const templates = await emailTemplates('tbs-app-customer-sample');
    const events = exampleEvents();
    const samples: RenderedSample[] = [];
    for (const template of templates) {
      await client.send(
        new CreateEmailTemplateCommand({ TemplateName: template.name, TemplateContent: template.content }),
      );
      const email = composeEmail(events[template.kind], 'Aroha Ngata & Whānau', {
        locale: 'en-NZ',
        timeZone: 'Pacific/Auckland',
      });
      await client.send(
        new SendEmailCommand({
          FromEmailAddress: 'orders@thebetterstore.example',
          Destination: { ToAddresses: ['aroha@example.com'] },
          Content: { Template: { TemplateName: template.name, TemplateData: JSON.stringify(email.data) } },
        }),
      );
      const sent = (await ses.emails()).at(-1);
      if (!sent?.body.html) throw new Error(`the SES stand-in rendered no HTML for ${template.kind}`);
      samples.push({
        kind: template.kind,
        subject: sent.subject,
        file: `<!-- ${template.kind}: "${sent.subject}". Rendered by \`npm run emails:samples -w @tbs/app-customer\` from the SES template in tbs-app-customer/template.yaml and the producer's example event; do not edit. -->\n${sent.body.html}`,
      });
    }
    return samples;
  } finally {
    client.destroy();
    await ses.stop();
    if (previous === undefined) delete process.env.AWS_SES_STRICT_TEMPLATE_RENDERING;
    else process.env.AWS_SES_STRICT_TEMPLATE_RENDERING = previous;
  }
}
