// Fixtures for service tests, built by the local cloud's own code so they cannot drift from what it runs.
export { seededRandom } from '../cloud/seeded-random';
export { FixedClock, SequentialIds } from './fakes';
export { type LambdaContextOptions, lambdaContext } from './lambda-context';
export { type RestApiCaller, type RestApiRequest, restApiEvent } from './rest-api-event';
export { type SqsTestMessage, type SqsTestQueue, sqsEvent, sqsRecord } from './sqs-event';
export { type SubscribedQueue, subscribeQueue } from './subscribe-queue';
export { createTableFromTemplate } from './template-tables';
