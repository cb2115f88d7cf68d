import type { DemoUser } from './state-file';

export const DEMO_ADMIN_EMAIL = 'admin@thebetterstore.local';
export const DEMO_CUSTOMER_EMAIL = 'customer@thebetterstore.local';

/** The demo accounts; TBS_ADMIN_PASSWORD / TBS_CUSTOMER_PASSWORD override the passwords. */
export function demoUsers(env: NodeJS.ProcessEnv = process.env): DemoUser[] {
  return [
    { email: DEMO_ADMIN_EMAIL, password: env['TBS_ADMIN_PASSWORD'] || 'Admin-Passw0rd!', admin: true },
    { email: DEMO_CUSTOMER_EMAIL, password: env['TBS_CUSTOMER_PASSWORD'] || 'Customer-Passw0rd!', admin: false },
  ];
}
