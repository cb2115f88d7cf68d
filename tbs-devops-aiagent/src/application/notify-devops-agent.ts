import { createHash } from 'node:crypto';
import { type AlarmTransition, decideAction, transitionKey } from '../domain/alarm-transition';
import { buildIncidentNotification } from '../domain/incident-notification';
import { type IncidentWebhook, NotificationRejectedError } from './ports/incident-webhook';
import type { NotificationLedger } from './ports/notification-ledger';

export type NotifyOutcome = 'opened' | 'resolved' | 'resolve-rejected' | 'ignored' | 'duplicate' | 'no-open-incident';

export interface NotifyLogger {
  info(message: string, fields: Record<string, unknown>): void;
  warn?(message: string, fields: Record<string, unknown>): void;
}

/**
 * 1. Decide from the transition: open (OK -> ALARM), resolve (ALARM -> OK) or ignore.
 * 2. Claim the transition in the ledger; a duplicate (SNS and EventBridge both deliver) stops here.
 * 3. Send the signed notification; on failure give the claim back and rethrow so the event is retried.
 * 4. Record the open incident so the later OK transition resolves the same incident id.
 */
export class NotifyDevOpsAgent {
  constructor(
    private readonly ledger: NotificationLedger,
    private readonly webhook: IncidentWebhook,
    private readonly logger: NotifyLogger,
  ) {}

  async execute(transition: AlarmTransition): Promise<NotifyOutcome> {
    const action = decideAction(transition);
    const fields = { alarmName: transition.alarmName, from: transition.oldState, to: transition.newState };
    if (action === 'ignore') {
      this.logger.info('alarm transition ignored', fields);
      return 'ignored';
    }
    const key = transitionKey(transition);
    if (!(await this.ledger.claim(key))) {
      this.logger.info('alarm transition already notified', fields);
      return 'duplicate';
    }
    try {
      let incidentId: string | undefined;
      if (action === 'open') {
        incidentId = `tbs-${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
        await this.webhook.send(buildIncidentNotification(transition, 'created', incidentId));
        await this.ledger.rememberOpenIncident(transition.alarmArn, incidentId);
      } else {
        incidentId = await this.ledger.takeOpenIncident(transition.alarmArn);
        if (!incidentId) {
          await this.ledger.markSent(key);
          this.logger.info('alarm recovered without an open incident', fields);
          return 'no-open-incident';
        }
        try {
          await this.webhook.send(buildIncidentNotification(transition, 'resolved', incidentId));
        } catch (error) {
          // Resolving is a courtesy: a webhook that refuses it must not send every recovery to the DLQ.
          if (error instanceof NotificationRejectedError) {
            await this.ledger.markSent(key);
            (this.logger.warn ?? this.logger.info)('incident resolution refused by the webhook', {
              ...fields,
              incidentId,
              reason: error.message,
            });
            return 'resolve-rejected';
          }
          await this.ledger.rememberOpenIncident(transition.alarmArn, incidentId);
          throw error;
        }
      }
      await this.ledger.markSent(key);
      this.logger.info(action === 'open' ? 'incident opened' : 'incident resolved', { ...fields, incidentId });
      return action === 'open' ? 'opened' : 'resolved';
    } catch (error) {
      await this.ledger.release(key);
      throw error;
    }
  }
}
