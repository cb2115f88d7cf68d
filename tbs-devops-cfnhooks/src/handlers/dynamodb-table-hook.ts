import { createHookHandler } from '../hooks/create-hook-handler';
import { dynamoDbTableRules } from '../rules';

/** Entry point of the dynamodb-table Lambda hook. */
export const handler = createHookHandler(dynamoDbTableRules);
