import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { closeServer, DEFAULT_HOST, endpointFor, once } from './http-util';
import type { RunningStandIn, StandInOptions } from './running-stand-in';

const require = createRequire(import.meta.url);

/** An email as aws-ses-v2-local records it (templates already rendered). */
export interface SentEmail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  attachments: Array<{ content: string; contentType: string; filename?: string; size: number }>;
  headers?: Array<{ name: string; value: string }>;
  /** Epoch seconds. */
  at: number;
}

interface Template {
  TemplateName: string;
  TemplateContent: { Subject?: string; Html?: string; Text?: string };
  CreatedTimestamp: number;
}

interface SesStoreModule {
  getStoreReadonly(): { emails: SentEmail[]; templates: Map<string, Template> };
  saveEmail(email: SentEmail): void;
  setTemplate(name: string, template: Template): void;
  clearStore(): void;
}

export interface RunningSes extends RunningStandIn {
  /** Every email sent so far, oldest first. */
  emails(): Promise<SentEmail[]>;
  /** Forgets sent emails and templates. */
  clear(): Promise<void>;
}

/**
 * SES v2 on aws-ses-v2-local. Its store is a module-level singleton, so every SES stand-in started in one process
 * shares the same mailbox and templates; the local cloud starts one.
 */
export async function startSes(opts: StandInOptions = {}): Promise<RunningSes> {
  const host = opts.host ?? DEFAULT_HOST;
  const startServer = (
    require('aws-ses-v2-local') as { default: (c: { host: string; port: number }) => Promise<Server> }
  ).default;
  const store = require('aws-ses-v2-local/dist/store') as SesStoreModule;
  const file = opts.dataDir ? join(opts.dataDir, 'ses.json') : undefined;
  if (file && existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { emails: SentEmail[]; templates: Template[] };
    store.clearStore();
    for (const email of saved.emails) store.saveEmail(email);
    for (const template of saved.templates) store.setTemplate(template.TemplateName, template);
  }
  const server = await startServer({ host, port: opts.port ?? 0 });
  const port = (server.address() as AddressInfo).port;

  const persist = (): void => {
    if (!file || !opts.dataDir) return;
    const { emails, templates } = store.getStoreReadonly();
    mkdirSync(opts.dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify({ emails, templates: [...templates.values()] }));
  };

  return {
    name: 'ses',
    endpoint: endpointFor(host, port),
    emails: async () => structuredClone(store.getStoreReadonly().emails),
    clear: async () => {
      store.clearStore();
      persist();
    },
    stop: once(async () => {
      await closeServer(server);
      persist();
    }),
  };
}
