import type { IncidentNotification } from '../../domain/incident-notification';

/** Delivers one notification to the DevOps Agent webhook; rejects when it could not be delivered. */
export interface IncidentWebhook {
  send(notification: IncidentNotification): Promise<void>;
}
