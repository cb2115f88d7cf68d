import type { NotificationLedger } from '../application/ports/notification-ledger';

/** A process-local ledger for the local cloud and tests; deployed stacks use the DynamoDB ledger. */
export class InMemoryNotificationLedger implements NotificationLedger {
  private readonly transitions = new Map<string, 'pending' | 'sent'>();
  private readonly open = new Map<string, string>();

  async claim(key: string): Promise<boolean> {
    if (this.transitions.has(key)) return false;
    this.transitions.set(key, 'pending');
    return true;
  }
  async markSent(key: string): Promise<void> {
    this.transitions.set(key, 'sent');
  }
  async release(key: string): Promise<void> {
    if (this.transitions.get(key) === 'pending') this.transitions.delete(key);
  }
  async rememberOpenIncident(alarmArn: string, incidentId: string): Promise<void> {
    this.open.set(alarmArn, incidentId);
  }
  async takeOpenIncident(alarmArn: string): Promise<string | undefined> {
    const id = this.open.get(alarmArn);
    this.open.delete(alarmArn);
    return id;
  }
}
