import type { IncidentNotification } from '../../domain/incident-notification';

/** Delivers one notification to the DevOps Agent webhook; rejects when it could not be delivered. */
export interface IncidentWebhook {
  send(notification: IncidentNotification): Promise<void>;
}

/** The webhook understood the request and refused it (a 4xx other than 429): sending it again cannot help. */
export class NotificationRejectedError extends Error {
  override readonly name = 'NotificationRejectedError';
}
