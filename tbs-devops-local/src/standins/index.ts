export type { RunningStandIn, StandInOptions } from './running-stand-in';
export {
  type CognitoOptions,
  type CognitoTriggerEvent,
  type CognitoTriggerHandler,
  type CognitoTriggerName,
  type RunningCognito,
  startCognito,
} from './start-cognito';
export { type DataApiOptions, type RunningDataApi, startDataApi } from './start-data-api';
export { type DynamoDbOptions, type RunningDynamoDb, startDynamoDb } from './start-dynamo-db';
export {
  type FauxqsOptions,
  type ObjectCreatedEvent,
  type ObjectCreatedListener,
  type RunningFauxqs,
  startFauxqs,
} from './start-fauxqs';
export { type SecretsOptions, startSecrets } from './start-secrets';
export { type RunningSes, type SentEmail, startSes } from './start-ses';
export { type RunningStripe, type StripeEvent, type StripeOptions, startStripe } from './start-stripe';
export {
  signWebhookPayload,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookRetryPolicy,
} from './stripe-webhooks';
