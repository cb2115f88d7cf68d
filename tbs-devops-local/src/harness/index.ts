export { type CognitoAddress, DEMO_ADDRESS } from '../cli/cognito-users';
export {
  type DeadLetter,
  type DeadLetterQueue,
  findDeadLetterQueues,
  listDeadLetters,
  type RedriveResult,
  redriveDeadLetters,
} from '../cli/dead-letters';
export { DEMO_ADMIN_EMAIL, DEMO_CUSTOMER_EMAIL, demoUsers } from '../cli/demo-users';
export type { SentEmail } from '../cli/mailbox';
export type { SeedContext, SeedResult } from '../cli/seed-context';
export type { SeedReport } from '../cli/seeder';
export type { CloudState } from '../cli/state-file';
export {
  type ApiInit,
  type ApiResponse,
  type CloudAddress,
  type CloudClient,
  CloudClientError,
  type CreatedUser,
  connectToLocalCloud,
  createCloudClient,
} from './cloud-client';
export { startTestCloud, type TestCloud, TestCloudError, type TestCloudOptions } from './start-test-cloud';
