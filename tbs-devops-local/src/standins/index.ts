export type { RunningStandIn, StandInOptions } from './running-stand-in';
export { type DynamoDbOptions, type RunningDynamoDb, startDynamoDb } from './start-dynamo-db';
