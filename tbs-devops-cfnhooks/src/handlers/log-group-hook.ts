import { createHookHandler } from '../hooks/create-hook-handler';
import { logGroupRules } from '../rules';

/** Entry point of the log-group Lambda hook. */
export const handler = createHookHandler(logGroupRules);
