import { dynamoDbTableRules } from './dynamodb-table-rules';
import { lambdaFunctionRules } from './lambda-function-rules';
import { logGroupRules } from './log-group-rules';
import { sqsQueueRules } from './sqs-queue-rules';
import type { ResourceRuleSet } from './violation';

export { checkDynamoDbTable, dynamoDbTableRules } from './dynamodb-table-rules';
export { checkLambdaFunction, lambdaFunctionRules, SUPPORTED_RUNTIMES } from './lambda-function-rules';
export { checkLogGroup, logGroupRules } from './log-group-rules';
export { checkSqsQueue, sqsQueueRules } from './sqs-queue-rules';
export type { ResourceProperties, ResourceRuleSet, Violation } from './violation';

/** Every rule set, one per deployed hook. */
export const RULE_SETS: readonly ResourceRuleSet[] = [
  lambdaFunctionRules,
  logGroupRules,
  sqsQueueRules,
  dynamoDbTableRules,
];

export function ruleSetFor(resourceType: string): ResourceRuleSet | undefined {
  return RULE_SETS.find((set) => set.resourceTypes.includes(resourceType));
}
