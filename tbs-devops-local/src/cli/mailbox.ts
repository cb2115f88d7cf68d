/** An email as the SES stand-in recorded it. */
export interface SentEmail {
  messageId: string;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  text?: string;
  html?: string;
  sentAt: Date;
}

interface StoredEmail {
  messageId?: unknown;
  from?: unknown;
  destination?: { to?: unknown; cc?: unknown; bcc?: unknown };
  subject?: unknown;
  body?: { text?: unknown; html?: unknown };
  at?: unknown;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Every email the SES stand-in holds, newest first (its `GET /store`). */
export async function listEmails(sesEndpoint: string): Promise<SentEmail[]> {
  const response = await fetch(new URL('/store', sesEndpoint));
  if (!response.ok) throw new Error(`the SES stand-in answered ${response.status} for /store`);
  const store = (await response.json()) as { emails?: unknown };
  if (!Array.isArray(store.emails)) throw new Error('the SES stand-in returned no email list');
  return (store.emails as StoredEmail[])
    .map((e) => ({
      messageId: String(e.messageId ?? ''),
      from: String(e.from ?? ''),
      to: strings(e.destination?.to),
      cc: strings(e.destination?.cc),
      bcc: strings(e.destination?.bcc),
      subject: String(e.subject ?? ''),
      ...(typeof e.body?.text === 'string' ? { text: e.body.text } : {}),
      ...(typeof e.body?.html === 'string' ? { html: e.body.html } : {}),
      // The stand-in records seconds since the epoch.
      sentAt: new Date(Number(e.at ?? 0) * 1000),
    }))
    .sort((a, b) => b.sentAt.getTime() - a.sentAt.getTime());
}
