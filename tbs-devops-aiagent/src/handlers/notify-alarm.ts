import { createAlarmHandler } from '../infrastructure/alarm-handler';
import { createContainer } from '../infrastructure/container';

/** Entry point for the alarm topic subscription and the EventBridge alarm state change rule. */
export const handler = createAlarmHandler(createContainer());
