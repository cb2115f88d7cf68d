import { createHookHandler } from '../hooks/create-hook-handler';
import { sqsQueueRules } from '../rules';

/** Entry point of the sqs-queue Lambda hook. */
export const handler = createHookHandler(sqsQueueRules);
