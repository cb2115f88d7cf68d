export { DEMO_ADMIN_EMAIL, DEMO_CUSTOMER_EMAIL, demoUsers } from '../cli/demo-users';
export type { SentEmail } from '../cli/mailbox';
export type { SeedReport } from '../cli/seeder';
export {
  type ApiInit,
  type ApiResponse,
  type CreatedUser,
  startTestCloud,
  type TestCloud,
  TestCloudError,
  type TestCloudOptions,
} from './start-test-cloud';
