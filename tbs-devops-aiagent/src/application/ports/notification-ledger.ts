/** Remembers which transitions were notified and which incidents are open, so each is sent once. */
export interface NotificationLedger {
  /** true when this caller owns the transition now; false when it was sent or is being sent. */
  claim(transitionKey: string): Promise<boolean>;
  markSent(transitionKey: string): Promise<void>;
  /** Gives the claim back after a failed delivery so the retry can send it. */
  release(transitionKey: string): Promise<void>;
  rememberOpenIncident(alarmArn: string, incidentId: string): Promise<void>;
  /** The open incident of an alarm, removed from the ledger; undefined when none is open. */
  takeOpenIncident(alarmArn: string): Promise<string | undefined>;
}
