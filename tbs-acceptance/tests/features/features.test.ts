import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeFeature, loadFeature } from '@amiceli/vitest-cucumber';
import { afterAll, beforeAll, vi } from 'vitest';
import { cartSteps } from './steps/cart-steps';
import { catalogueSteps } from './steps/catalogue-steps';
import { customerSteps } from './steps/customer-steps';
import { errorsSteps } from './steps/errors-steps';
import { fulfilmentSteps } from './steps/fulfilment-steps';
import { orderSteps } from './steps/order-steps';
import { reportsSteps } from './steps/reports-steps';
import { ShopWorld } from './support/world';

/**
 * Every feature of features/ against ONE local cloud with every stack: starting one costs many seconds on a small
 * machine, so the features share it and each scenario arranges its own customers and products. Features run in
 * the order below; a scenario never depends on another's data.
 */
const FEATURES = [
  'view-product-catalogue',
  'user-signup',
  'user-login',
  'add-products-to-cart',
  'maintain-products-in-cart',
  'view-order-reports',
  'checkout-products-in-cart',
  'fulfill-order',
  'manage-order',
  'administer-errors',
];

const featuresDir = fileURLToPath(new URL('../../features/', import.meta.url));
const onDisk = readdirSync(featuresDir).filter((f) => f.endsWith('.feature'));
const unlisted = onDisk.filter((f) => !FEATURES.includes(f.replace(/\.feature$/, '')));
if (unlisted.length > 0) throw new Error(`features not listed in features.test.ts: ${unlisted.join(', ')}`);

// Eventual effects wait up to 40 s on a busy machine; a dead letter needs five deliveries first (up to 60 s).
vi.setConfig({ testTimeout: 75_000 });

const world = new ShopWorld();
beforeAll(() => world.start(), 180_000);
afterAll(() => world.stop());

for (const register of [
  customerSteps,
  catalogueSteps,
  cartSteps,
  orderSteps,
  fulfilmentSteps,
  reportsSteps,
  errorsSteps,
]) {
  register(world);
}

for (const name of FEATURES) {
  const feature = await loadFeature(`${featuresDir}${name}.feature`);
  // Every step comes from the shared definitions above, matched by its text; a step without a definition fails
  // the feature before it runs.
  describeFeature(feature, ({ Background, Scenario }) => {
    if (feature.background) Background(() => {});
    for (const scenario of feature.scenarii) Scenario(scenario.description, () => {});
  });
}
